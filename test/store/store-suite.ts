import { sampleAuditEvent } from '../helpers/audit-event.js';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event.js';
import { hashGatewayKey } from '../../src/secrets/gateway-key.js';
import type { GatewayKeyRecord, Store, StoredAlert } from '../../src/store/types.js';
import { issueKey, rotateKeySecret } from '../../src/keys/issue.js';

/**
 * The one suite every store backend must pass (DESIGN.md §5): memory and SQLite now; Redis and
 * PostgreSQL when they arrive run the same file.
 */
export function storeSuite(name: string, open: () => Promise<Store> | Store): void {
  describe(`store contract: ${name}`, () => {
    const record = (over: Partial<GatewayKeyRecord> = {}): GatewayKeyRecord => ({
      id: `key_${Math.random().toString(36).slice(2, 10)}`,
      name: 'k',
      environment: 'dev',
      user: null,
      allowedModels: null,
      createdAt: new Date('2026-01-01T00:00:00Z').toISOString(),
      expiresAt: null,
      revokedAt: null,
      rotatedAt: null,
      limits: null,
      ...over,
    });

    it('finds a key by the hash of its secret and keeps every field', async () => {
      const store = await open();
      const key = record({
        user: 'u1',
        allowedModels: ['gpt-4o*'],
        expiresAt: '2030-01-01T00:00:00.000Z',
        limits: { requestsPerMinute: 60, tokensPerMinute: 10_000, maxConcurrent: 2, budgetUsd: { amount: 12.5, period: 'month' } },
      });
      await store.insertKey(key, 'a'.repeat(64));
      const match = await store.findKeyBySecretHash('a'.repeat(64), new Date());
      expect(match).toEqual({ key, secretHash: 'a'.repeat(64), secretValidUntil: null });
      expect(await store.findKeyBySecretHash('b'.repeat(64), new Date())).toBeUndefined();
      expect(await store.getKey(key.id)).toEqual(key);
      await store.close();
    });

    it('refuses a duplicate id', async () => {
      const store = await open();
      const key = record();
      await store.insertKey(key, 'c'.repeat(64));
      await expect(store.insertKey(key, 'd'.repeat(64))).rejects.toThrow();
      await store.close();
    });

    it('lists keys oldest first and never holds the secret', async () => {
      const store = await open();
      const { key } = await issueKey(store, { name: 'first', environment: 'dev' }, new Date('2026-01-01T00:00:00Z'));
      await issueKey(store, { name: 'second', environment: 'prod' }, new Date('2026-01-02T00:00:00Z'));
      const list = await store.listKeys();
      expect(list.map((k) => k.name)).toEqual(['first', 'second']);
      expect(JSON.stringify(list)).not.toContain(key);
      expect(JSON.stringify(list)).not.toContain(hashGatewayKey(key));
      await store.close();
    });

    it('revokes once; the first revocation time stays', async () => {
      const store = await open();
      const { record: key } = await issueKey(store, { name: 'r', environment: 'dev' });
      expect(await store.revokeKey(key.id, new Date('2026-02-01T00:00:00Z'))).toBe(true);
      expect(await store.revokeKey(key.id, new Date('2026-03-01T00:00:00Z'))).toBe(true);
      expect((await store.getKey(key.id))?.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      expect(await store.revokeKey('key_missing', new Date())).toBe(false);
      await store.close();
    });

    it('rotates: new secret at once, old secret only until the grace ends, same id', async () => {
      const store = await open();
      const t0 = new Date('2026-04-01T00:00:00Z');
      const { record: key, key: oldSecret } = await issueKey(store, { name: 'rot', environment: 'dev' }, t0);
      const { key: newSecret } = await rotateKeySecret(store, key.id, 3_600_000, t0);
      const inGrace = new Date(t0.getTime() + 1_000);
      const afterGrace = new Date(t0.getTime() + 3_600_001);
      expect((await store.findKeyBySecretHash(hashGatewayKey(oldSecret), inGrace))?.key.id).toBe(key.id);
      expect((await store.findKeyBySecretHash(hashGatewayKey(oldSecret), inGrace))?.secretValidUntil).toBe('2026-04-01T01:00:00.000Z');
      expect(await store.findKeyBySecretHash(hashGatewayKey(oldSecret), afterGrace)).toBeUndefined();
      expect((await store.findKeyBySecretHash(hashGatewayKey(newSecret), afterGrace))?.key.id).toBe(key.id);
      expect((await store.getKey(key.id))?.rotatedAt).toBe(t0.toISOString());
      // Rotating again never extends an older secret's grace.
      await rotateKeySecret(store, key.id, 86_400_000, new Date(t0.getTime() + 2_000));
      expect(await store.findKeyBySecretHash(hashGatewayKey(oldSecret), afterGrace)).toBeUndefined();
      await store.close();
    });

    it('does not rotate a revoked key', async () => {
      const store = await open();
      const { record: key } = await issueKey(store, { name: 'rv', environment: 'dev' });
      await store.revokeKey(key.id, new Date());
      expect(await store.rotateKey(key.id, 'e'.repeat(64), new Date(), new Date())).toBe(false);
      await store.close();
    });

    it('appends audit events and queries them newest first by time, key and user', async () => {
      const store = await open();
      const event = (i: number, over: Partial<AuditEvent> = {}): AuditEvent =>
        sampleAuditEvent({ requestId: `req_${i}`, time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(), ...over });
      await store.appendAudit([event(1), event(2, { keyId: 'key_b' }), event(3, { user: 'u_2' })]);
      await store.appendAudit([event(4)]);
      expect((await store.queryAudit({})).map((e) => e.requestId)).toEqual(['req_4', 'req_3', 'req_2', 'req_1']);
      expect((await store.queryAudit({ keyId: 'key_b' })).map((e) => e.requestId)).toEqual(['req_2']);
      expect((await store.queryAudit({ user: 'u_2' })).map((e) => e.requestId)).toEqual(['req_3']);
      expect((await store.queryAudit({ since: new Date(Date.UTC(2026, 0, 1, 0, 3)) })).map((e) => e.requestId)).toEqual(['req_4', 'req_3']);
      expect((await store.queryAudit({ limit: 1 })).map((e) => e.requestId)).toEqual(['req_4']);
      expect((await store.queryAudit({}))[0]).toEqual(event(4));
      await store.close();
    });

    it('stores alerts field for field and lists them newest first by time and kind', async () => {
      const store = await open();
      const alert = (i: number, over: Partial<StoredAlert> = {}): StoredAlert => ({
        id: `alr_${i}`,
        kind: 'volume_spike',
        time: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        subject: 'environment:prod',
        message: `alert ${i}`,
        evidence: { requests: i * 100, baseline: 40.5, since: null },
        environment: 'prod',
        ...over,
      });
      await store.appendAlert(alert(1));
      await store.appendAlert(alert(3, { kind: 'off_hours' }));
      // An alert about no one environment has no `environment` property, and reads back without one.
      const { environment: _none, ...global } = alert(2, { kind: 'budget_threshold', subject: 'usd-month:env:prod' });
      await store.appendAlert(global);
      await store.appendAlert(alert(4, { subject: 'model "gpt\u0000x"' }));
      // The same id again (a retried delivery) keeps the first.
      await store.appendAlert(alert(1, { message: 'changed' }));
      expect((await store.listAlerts({ limit: 10 })).map((a) => a.id)).toEqual(['alr_4', 'alr_3', 'alr_2', 'alr_1']);
      expect((await store.listAlerts({ limit: 10, kind: 'volume_spike' })).map((a) => a.id)).toEqual(['alr_4', 'alr_1']);
      expect((await store.listAlerts({ limit: 10, since: new Date(Date.UTC(2026, 0, 1, 0, 3)) })).map((a) => a.id)).toEqual(['alr_4', 'alr_3']);
      expect((await store.listAlerts({ limit: 1 })).map((a) => a.id)).toEqual(['alr_4']);
      expect(await store.listAlerts({ limit: 0 })).toEqual([]);
      const all = await store.listAlerts({ limit: 10 });
      expect(all.find((a) => a.id === 'alr_1')).toEqual(alert(1));
      expect(all.find((a) => a.id === 'alr_2')).toStrictEqual(global);
      await store.close();
    });
  });
}
