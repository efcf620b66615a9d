import { listNames } from '../environments.js';
import { result, type Check } from '../types.js';

const ROTATION_DAYS = 90;
const DAY_MS = 86_400_000;

/** Active gateway keys (from the store) that were issued or last rotated long ago. */
export const gatewayKeyRotationAge: Check = {
  id: 'gateway-key-rotation-age',
  title: `Gateway key rotation (≤ ${String(ROTATION_DAYS)} days)`,
  run(ctx) {
    if ('error' in ctx.keys) return result(this, 'warn', `Could not read the key store: ${ctx.keys.error}.`, 'Run doctor with the gateway\'s configuration (--config) so it opens the same store.');
    const now = ctx.now.getTime();
    const active = ctx.keys.filter((k) => !k.revokedAt && !(k.expiresAt && Date.parse(k.expiresAt) <= now));
    const stale = active
      .map((k) => ({ id: k.id, days: Math.floor((now - Date.parse(k.rotatedAt ?? k.createdAt)) / DAY_MS) }))
      .filter((k) => k.days > ROTATION_DAYS);
    if (stale.length > 0) {
      return result(this, 'fail', `Active gateway keys not rotated for over ${String(ROTATION_DAYS)} days: ${listNames(stale.map((k) => `${k.id} (${String(k.days)} d)`))}.`,
        'Rotate them (`portcullis keys rotate ID --grace 24h`, or the admin page) and hand the new keys to their owners.');
    }
    const noExpiry = active.filter((k) => !k.expiresAt).length;
    const keys = (n: number): string => `${String(n)} active gateway key${n === 1 ? '' : 's'}`;
    if (noExpiry > 0) {
      return result(this, 'warn', `${keys(active.length)}, rotated within ${String(ROTATION_DAYS)} days; ${String(noExpiry)} never expire${noExpiry === 1 ? 's' : ''}.`,
        'Give keys an expiry (`keys create --expires 90d`) so forgotten ones stop working on their own.');
    }
    return result(this, 'pass', active.length === 0 ? 'No active gateway keys.' : `${keys(active.length)}, rotated within ${String(ROTATION_DAYS)} days, with an expiry.`);
  },
};
