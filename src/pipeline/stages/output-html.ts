import type { Config } from '../../config/schema.js';
import { findUnsafeHtml, HTML_MAX_CONSTRUCT_CHARS, openHtmlConstruct } from '../../safety/html/stream-sanitize.js';
import { createScannerStage } from '../output/scanner-stage.js';
import type { OutputStage, TextMatch } from '../types.js';

/**
 * HTML sanitizing of model output for applications that render it as HTML, span by span so it
 * works on streamed text: a tag still being written, or a `<script>` whose end has not arrived, is
 * held until complete, then rewritten to its safe form (or removed) before it is released.
 */
export function createOutputHtmlStage(config: Config): OutputStage {
  const policyOf = (environment: string | undefined) => config.environments[environment ?? '']?.output.html;
  return createScannerStage({
    name: 'output-html',
    kind: 'html',
    blockCode: 'output_blocked',
    action: (ctx) => {
      const action = policyOf(ctx.environment)?.action;
      if (action === undefined || action === 'off') return undefined;
      return action === 'sanitize' ? 'redact' : action;
    },
    find: (ctx, window, final) => {
      const policy = policyOf(ctx.environment);
      if (!policy) return [];
      return findUnsafeHtml(window, policy.profile, { allowImageHosts: policy.allowImageHosts, final });
    },
    hold: (window): TextMatch[] => {
      const start = openHtmlConstruct(window);
      return start === -1 || window.length - start > HTML_MAX_CONSTRUCT_CHARS ? [] : [{ start, end: window.length, rule: 'hold', action: 'redact', replacement: '' }];
    },
  });
}
