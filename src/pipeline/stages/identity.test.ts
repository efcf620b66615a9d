import { describe, expect, it } from 'vitest';
import { makeContext, type ContextOptions } from '../../../test/helpers/context.js';
import { createPseudonymizer } from '../../audit/pseudonymize.js';
import { ROUTES } from '../../providers/routes.js';
import type { GatewayKeyRecord } from '../../store/types.js';
import { createIdentityStage } from './identity.js';

const pseudonymize = createPseudonymizer('test-secret-' + 'k'.repeat(20));
const stage = createIdentityStage({ pseudonymize });

function keyRecord(user: string | null): GatewayKeyRecord {
  return {
    id: 'key_0000000000000001',
    name: 'test',
    environment: 'dev',
    user,
    allowedModels: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    expiresAt: null,
    revokedAt: null,
    rotatedAt: null,
  };
}

function run(options: ContextOptions) {
  const ctx = makeContext(options);
  const decision = stage.run(ctx);
  // The identity stage is synchronous: a promise here would be a contract change.
  if (decision instanceof Promise) throw new Error('identity stage returned a promise');
  return { ctx, decision };
}

describe('identity stage', () => {
  it('is named identity', () => {
    expect(stage.name).toBe('identity');
  });

  it('skips (not allows) when no end-user id is known', () => {
    const { ctx, decision } = run({ body: { model: 'gpt-4o', messages: [] } });
    expect(decision).toEqual({ type: 'skip', reason: 'no end-user id' });
    expect(ctx.user).toBeUndefined();
  });

  it('takes the user of a per-user key over anything the request claims', () => {
    const { ctx, decision } = run({
      key: keyRecord('alice@example.com'),
      headers: { 'x-portcullis-user': 'mallory' },
      body: { user: 'mallory', safety_identifier: 'mallory' },
    });
    expect(decision).toEqual({ type: 'allow' });
    expect(ctx.user).toBe(pseudonymize('alice@example.com'));
  });

  it('uses the X-Portcullis-User header', () => {
    const { ctx } = run({ headers: { 'x-portcullis-user': 'user-42' }, body: { user: 'other' } });
    expect(ctx.user).toBe(pseudonymize('user-42'));
  });

  it('falls back to the request when the key has no user', () => {
    const { ctx } = run({ key: keyRecord(null), headers: { 'x-portcullis-user': 'bob' } });
    expect(ctx.user).toBe(pseudonymize('bob'));
  });

  it('reads OpenAI safety_identifier before user', () => {
    expect(run({ body: { user: 'u1' } }).ctx.user).toBe(pseudonymize('u1'));
    expect(run({ body: { user: 'u1', safety_identifier: 's1' } }).ctx.user).toBe(pseudonymize('s1'));
    expect(run({ route: ROUTES.responses, body: { safety_identifier: 's2' } }).ctx.user).toBe(pseudonymize('s2'));
    expect(run({ body: { user: 'u1', safety_identifier: '' } }).ctx.user).toBe(pseudonymize('u1'));
  });

  it('reads Anthropic metadata.user_id, and not the OpenAI fields, on Anthropic routes', () => {
    expect(run({ route: ROUTES.messages, body: { metadata: { user_id: 'claude-user' } } }).ctx.user).toBe(pseudonymize('claude-user'));
    const { decision } = run({ route: ROUTES.messages, body: { user: 'u1', safety_identifier: 's1' } });
    expect(decision.type).toBe('skip');
  });

  it('ignores OpenAI metadata.user_id on OpenAI routes', () => {
    expect(run({ body: { metadata: { user_id: 'x' } } }).decision.type).toBe('skip');
  });

  it('ignores empty and non-string ids', () => {
    expect(run({ headers: { 'x-portcullis-user': '' } }).decision.type).toBe('skip');
    expect(run({ body: { user: 42 } }).decision.type).toBe('skip');
    expect(run({ body: { user: '' } }).decision.type).toBe('skip');
    expect(run({ route: ROUTES.messages, body: { metadata: { user_id: '' } } }).decision.type).toBe('skip');
    expect(run({ route: ROUTES.messages, body: { metadata: 'user' } }).decision.type).toBe('skip');
  });

  it('never stores the raw id', () => {
    const raw = 'alice@example.com';
    for (const options of [
      { key: keyRecord(raw) },
      { headers: { 'x-portcullis-user': raw } },
      { body: { user: raw } },
      { route: ROUTES.messages, body: { metadata: { user_id: raw } } },
    ] satisfies ContextOptions[]) {
      const { ctx } = run(options);
      expect(ctx.user).toBeDefined();
      expect(ctx.user).not.toBe(raw);
      expect(ctx.user).not.toContain('alice');
      expect(ctx.user).toMatch(/^u_[0-9a-f]{32}$/);
    }
  });

  it('gives the same pseudonym for the same id wherever it came from', () => {
    const fromHeader = run({ headers: { 'x-portcullis-user': 'same' } }).ctx.user;
    const fromBody = run({ body: { user: 'same' } }).ctx.user;
    const fromAnthropic = run({ route: ROUTES.messages, body: { metadata: { user_id: 'same' } } }).ctx.user;
    expect(fromBody).toBe(fromHeader);
    expect(fromAnthropic).toBe(fromHeader);
  });

  it('accepts an id of 256 characters and denies a longer one', () => {
    expect(run({ body: { user: 'a'.repeat(256) } }).decision.type).toBe('allow');
    const { ctx, decision } = run({ headers: { 'x-portcullis-user': 'a'.repeat(257) } });
    expect(decision).toMatchObject({ type: 'deny', code: 'invalid_request' });
    expect(ctx.user).toBeUndefined();
    expect(run({ route: ROUTES.messages, body: { metadata: { user_id: 'b'.repeat(1000) } } }).decision).toMatchObject({
      type: 'deny',
      code: 'invalid_request',
    });
  });

  it('refuses a user the repeated-triggers monitor blocked, by pseudonym, saying until when', () => {
    const until = Date.UTC(2026, 2, 2, 10, 15);
    const blocked = pseudonymize('mallory');
    const guarded = createIdentityStage({ pseudonymize, blockedUntil: (user) => (user === blocked ? until : undefined) });
    const ctx = makeContext({ body: { user: 'mallory' } });
    expect(guarded.run(ctx)).toEqual({ type: 'deny', code: 'user_blocked', message: 'This end user is blocked until 2026-03-02T10:15:00.000Z after repeated guard triggers.' });
    expect(ctx.user).toBe(blocked);
    expect(guarded.run(makeContext({ body: { user: 'bob' } }))).toEqual({ type: 'allow' });
  });
});
