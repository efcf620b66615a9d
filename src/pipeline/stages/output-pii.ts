import type { Config } from '../../config/schema.js';
import { ALL_PII_KINDS, findPii, PII_CONTEXT_CHARS } from '../../detect/pii/index.js';
import { createScannerStage } from '../output/scanner-stage.js';
import type { OutputStage } from '../types.js';

/**
 * Personal data in model output — email addresses, phone numbers, card numbers (Luhn-checked),
 * IBANs (mod-97), US SSNs, UK NINOs, German tax ids — redacted or the response cut. Off unless
 * configured: many applications show their users' own data on purpose.
 */
export function createOutputPiiStage(config: Config): OutputStage {
  return createScannerStage({
    name: 'output-pii',
    kind: 'pii',
    blockCode: 'output_blocked',
    action: (ctx) => {
      const action = config.environments[ctx.environment ?? '']?.output.pii.action;
      return action === undefined || action === 'off' ? undefined : action;
    },
    // The German tax id needs its keyword, which comes before the number.
    contextChars: PII_CONTEXT_CHARS,
    find: (ctx, window) => {
      const kinds = config.environments[ctx.environment ?? '']?.output.pii.kinds ?? ALL_PII_KINDS;
      return findPii(window, kinds).map((m) => ({ start: m.start, end: m.end, rule: m.kind, replacement: `[REDACTED:${m.kind}]` }));
    },
  });
}
