import type { Config } from '../../config/schema.js';
import { findSecrets, SECRETS_CONTEXT_CHARS } from '../../detect/secrets/index.js';
import { createScannerStage } from '../output/scanner-stage.js';
import { openUnfinishedPem } from '../output/secrets-hold.js';
import type { OutputStage } from '../types.js';

/**
 * Secrets in model output — provider and gateway keys, cloud credentials, private keys, JWTs,
 * credentials in connection strings — redacted (`[REDACTED:<rule>]`), or the response cut, before
 * any of it reaches the client.
 */
export function createOutputSecretsStage(config: Config): OutputStage {
  return createScannerStage({
    name: 'output-secrets',
    kind: 'secret',
    blockCode: 'output_blocked',
    action: (ctx) => {
      const action = config.environments[ctx.environment ?? '']?.output.secrets.action;
      return action === undefined || action === 'off' ? undefined : action;
    },
    find: (_ctx, window) => findSecrets(window).map((m) => ({ start: m.start, end: m.end, rule: m.rule, replacement: `[REDACTED:${m.rule}]` })),
    hold: openUnfinishedPem,
    // An AWS secret is recognised near its key id, an Azure SAS signature after its `sv=`.
    contextChars: SECRETS_CONTEXT_CHARS,
  });
}
