import type { Config } from '../../config/schema.js';
import { exfiltrationRisk, findLinks, IMAGE_REMOVED, LINK_REMOVED, type LinkMatch, type RiskReason } from '../../detect/links/index.js';
import { createScannerStage } from '../output/scanner-stage.js';
import type { OutputStage } from '../types.js';

/** Reasons that make a clickable link unsafe whatever the allow-list says. */
const LINK_DANGER: readonly RiskReason[] = ['data_in_query', 'data_in_path', 'ip_literal', 'userinfo'];

/**
 * Exfiltration links in model output. An injected model can be told to write a markdown image
 * whose URL carries the conversation; the client renders it and the browser sends the data without
 * a click. Images are removed unless their host is allowed; links lose their URL when they carry
 * data, point at an IP address or carry credentials, and — with an allow-list — when their host
 * is not on it.
 */
export function createOutputLinksStage(config: Config): OutputStage {
  const policyOf = (environment: string | undefined) => config.environments[environment ?? '']?.output.links;
  return createScannerStage({
    name: 'output-links',
    kind: 'link',
    blockCode: 'output_blocked',
    action: (ctx) => {
      const action = policyOf(ctx.environment)?.action;
      if (action === undefined || action === 'off') return undefined;
      return action === 'strip' ? 'redact' : action;
    },
    find: (ctx, window) => {
      const allowHosts = policyOf(ctx.environment)?.allowHosts ?? [];
      const out = [];
      for (const link of findLinks(window)) {
        const reasons = exfiltrationRisk(link.url, { allowHosts }).reasons;
        const image = link.kind === 'image' || link.kind === 'html-image';
        const risky = image
          ? reasons.length > 0
          : reasons.some((r) => LINK_DANGER.includes(r)) || (allowHosts.length > 0 && reasons.includes('host_not_allowed'));
        if (risky) out.push({ start: link.start, end: link.end, rule: `${image ? 'image' : 'link'}:${reasons.join('+') || 'unsafe'}`, replacement: replacementFor(link) });
      }
      return out;
    },
  });
}

/** Keep what the reader was meant to see: a link's text; an image or bare URL leaves a marker. */
function replacementFor(link: LinkMatch): string {
  if (link.kind === 'image' || link.kind === 'html-image') return IMAGE_REMOVED;
  if ((link.kind === 'link' || link.kind === 'html-link') && !link.definition && link.text.trim() !== '') return link.text;
  return LINK_REMOVED;
}
