import { auditLogging } from './checks/audit.js';
import { corsAndRouteExposure, noBrowserFacingProviderKey } from './checks/exposure.js';
import { gatewayKeyRotationAge } from './checks/gateway-keys.js';
import { injectionDetection, moderationOn, outputSanitizing } from './checks/guards.js';
import { globalRateLimits, perUserRateLimits, spendCaps } from './checks/limits.js';
import { providerKeyRotationAge, providerKeysFromSecretsManager, separateKeysPerEnvironment } from './checks/provider-secrets.js';
import { injectionTestingRecent } from './checks/redteam.js';
import { inputLengthLimit, outputCaps } from './checks/tokens.js';
import type { Check, CheckResult, DoctorContext } from './types.js';

/** The security checklist, in the order it is printed (docs/doctor.md). */
export const CHECKS: readonly Check[] = [
  providerKeysFromSecretsManager,
  separateKeysPerEnvironment,
  providerKeyRotationAge,
  gatewayKeyRotationAge,
  noBrowserFacingProviderKey,
  corsAndRouteExposure,
  perUserRateLimits,
  globalRateLimits,
  spendCaps,
  outputCaps,
  inputLengthLimit,
  injectionDetection,
  injectionTestingRecent,
  outputSanitizing,
  auditLogging,
  moderationOn,
];

/** Runs every check; a check that throws is reported as a failure of itself, not of the run. */
export function runChecks(ctx: DoctorContext): CheckResult[] {
  return CHECKS.map((check) => {
    try {
      return check.run(ctx);
    } catch (err) {
      return { id: check.id, title: check.title, status: 'fail', detail: `The check itself failed: ${(err as Error).message}`, fix: 'Report this as a Portcullis bug.' };
    }
  });
}

export type { CheckResult, DoctorContext, CheckStatus, CorsProbe } from './types.js';
