import { describe, expect, it } from 'vitest';
import { makeContext, type ContextOptions } from '../../test/helpers/context.js';
import { runRequestStages } from '../pipeline/run.js';
import type { RequestContext } from '../pipeline/types.js';
import { ROUTES } from '../providers/routes.js';
import { createOutputCapStage, decideOutputCap, effectiveMaxOutputTokens, outputCapFields, type OutputCapPolicy } from './output-cap.js';

const CLAMP: OutputCapPolicy = { defaultTokens: 1000, maxTokens: 4000, overMax: 'clamp' };
const REJECT: OutputCapPolicy = { ...CLAMP, overMax: 'reject' };

function run(policy: OutputCapPolicy, options: ContextOptions) {
  const ctx = makeContext(options);
  const decision = createOutputCapStage(policy).run(ctx);
  if (decision instanceof Promise) throw new Error('output-cap returned a promise');
  return { ctx, decision, body: ctx.body };
}

describe('outputCapFields', () => {
  it('names the cap fields of each endpoint', () => {
    expect(outputCapFields('chat_completions')).toEqual(['max_completion_tokens', 'max_tokens']);
    expect(outputCapFields('responses')).toEqual(['max_output_tokens']);
    expect(outputCapFields('messages')).toEqual(['max_tokens']);
    expect(outputCapFields('embeddings')).toEqual([]);
    expect(outputCapFields('count_tokens')).toEqual([]);
    expect(outputCapFields('models')).toEqual([]);
  });
});

describe('output-cap stage', () => {
  it('is named output-cap', () => {
    expect(createOutputCapStage(CLAMP).name).toBe('output-cap');
  });

  describe('a missing cap is filled in with the default', () => {
    it.each([
      ['chat completions', ROUTES.chatCompletions, 'max_completion_tokens'],
      ['responses', ROUTES.responses, 'max_output_tokens'],
      ['messages', ROUTES.messages, 'max_tokens'],
    ])('%s: %s', (_name, route, field) => {
      const { ctx, decision, body } = run(CLAMP, { route, body: { model: 'm', messages: [] } });
      expect(decision).toMatchObject({ type: 'transform' });
      expect(body?.[field]).toBe(1000);
      expect(ctx.bodyModified).toBe(true);
    });

    it('chat completions gets max_completion_tokens only, and a null cap is removed', () => {
      const { body } = run(CLAMP, { body: { model: 'gpt-4o', messages: [], max_tokens: null } });
      expect(body).toEqual({ model: 'gpt-4o', messages: [], max_completion_tokens: 1000 });
    });

    it('never injects more than the maximum', () => {
      const { body } = run({ defaultTokens: 9000, maxTokens: 4000, overMax: 'reject' }, { route: ROUTES.messages, body: { model: 'c', messages: [] } });
      expect(body?.max_tokens).toBe(4000);
    });
  });

  describe('a cap within the maximum is kept untouched', () => {
    it.each([
      [ROUTES.chatCompletions, { max_completion_tokens: 4000 }],
      [ROUTES.chatCompletions, { max_tokens: 10 }],
      [ROUTES.responses, { max_output_tokens: 1 }],
      [ROUTES.messages, { max_tokens: 3999 }],
    ])('%#', (route, caps) => {
      const { ctx, decision, body } = run(REJECT, { route, body: { model: 'm', ...caps } });
      expect(decision).toEqual({ type: 'allow' });
      expect(body).toEqual({ model: 'm', ...caps });
      expect(ctx.bodyModified).toBe(false);
    });
  });

  describe('a cap above the maximum', () => {
    it('is clamped under "clamp"', () => {
      const { ctx, decision, body } = run(CLAMP, { route: ROUTES.messages, body: { model: 'c', max_tokens: 64_000 } });
      expect(decision).toEqual({ type: 'transform', note: 'lowered max_tokens to the output cap 4000' });
      expect(body?.max_tokens).toBe(4000);
      expect(ctx.bodyModified).toBe(true);
    });

    it('is refused under "reject", with the numbers in the message', () => {
      const { ctx, decision, body } = run(REJECT, { route: ROUTES.responses, body: { model: 'o3', max_output_tokens: 100_000 } });
      expect(decision).toMatchObject({ type: 'deny', code: 'output_cap_exceeded' });
      if (decision.type !== 'deny') throw new Error('expected a denial');
      expect(decision.message).toContain('100000');
      expect(decision.message).toContain('4000');
      expect(body?.max_output_tokens).toBe(100_000);
      expect(ctx.bodyModified).toBe(false);
    });
  });

  describe('chat completions with both max_completion_tokens and max_tokens', () => {
    it('checks the smaller and caps both', () => {
      const { decision, body } = run(REJECT, { body: { model: 'gpt-4o', max_completion_tokens: 500, max_tokens: 90_000 } });
      expect(decision).toMatchObject({ type: 'transform' });
      expect(body).toMatchObject({ max_completion_tokens: 500, max_tokens: 4000 });
    });

    it('clamps both when both are over', () => {
      const { body } = run(CLAMP, { body: { model: 'gpt-4o', max_completion_tokens: 8000, max_tokens: 9000 } });
      expect(body).toMatchObject({ max_completion_tokens: 4000, max_tokens: 4000 });
    });

    it('refuses when even the smaller is over, under "reject"', () => {
      const { decision } = run(REJECT, { body: { model: 'gpt-4o', max_completion_tokens: 8000, max_tokens: 9000 } });
      expect(decision).toMatchObject({ type: 'deny', code: 'output_cap_exceeded' });
      if (decision.type !== 'deny') throw new Error('expected a denial');
      expect(decision.message).toContain('max_completion_tokens');
    });
  });

  describe('invalid caps are refused as invalid_request', () => {
    it.each([0, -5, 1.5, '100', true, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, { n: 1 }])('%j', (value) => {
      for (const [route, field] of [
        [ROUTES.chatCompletions, 'max_completion_tokens'],
        [ROUTES.chatCompletions, 'max_tokens'],
        [ROUTES.responses, 'max_output_tokens'],
        [ROUTES.messages, 'max_tokens'],
      ] as const) {
        const { decision } = run(CLAMP, { route, body: { model: 'm', [field]: value } });
        expect(decision).toMatchObject({ type: 'deny', code: 'invalid_request' });
      }
    });
  });

  describe('Anthropic extended thinking', () => {
    const thinking = (budget: number) => ({ type: 'enabled', budget_tokens: budget });

    it('keeps a valid thinking budget below a clamped max_tokens', () => {
      const { decision, body } = run(CLAMP, { route: ROUTES.messages, body: { model: 'c', max_tokens: 20_000, thinking: thinking(2000) } });
      expect(decision).toMatchObject({ type: 'transform' });
      expect(body?.max_tokens).toBe(4000);
    });

    it('refuses when clamping would leave max_tokens at or below the thinking budget', () => {
      const { decision, body } = run(CLAMP, { route: ROUTES.messages, body: { model: 'c', max_tokens: 20_000, thinking: thinking(10_000) } });
      expect(decision).toMatchObject({ type: 'deny', code: 'output_cap_exceeded' });
      expect(body?.max_tokens).toBe(20_000);
    });

    it('refuses when the injected default would be at or below the thinking budget', () => {
      const { decision } = run(CLAMP, { route: ROUTES.messages, body: { model: 'c', thinking: thinking(1000) } });
      expect(decision).toMatchObject({ type: 'deny', code: 'output_cap_exceeded' });
    });

    it('ignores disabled thinking', () => {
      const { decision } = run(CLAMP, { route: ROUTES.messages, body: { model: 'c', max_tokens: 20_000, thinking: { type: 'disabled' } } });
      expect(decision).toMatchObject({ type: 'transform' });
    });
  });

  describe('skips what it does not apply to', () => {
    it.each([ROUTES.embeddings, ROUTES.countTokens])('%s', (route) => {
      const { ctx, decision, body } = run(CLAMP, { route, body: { model: 'm', input: 'x', max_tokens: 999_999 } });
      expect(decision).toMatchObject({ type: 'skip' });
      expect(body?.max_tokens).toBe(999_999);
      expect(ctx.bodyModified).toBe(false);
    });

    it('the models route and a missing body', () => {
      expect(run(CLAMP, { route: ROUTES.openaiModels }).decision).toMatchObject({ type: 'skip' });
    });

    it('a per-request lookup that finds no policy', () => {
      const stage = createOutputCapStage({ policyFor: (ctx: RequestContext) => (ctx.environment === 'prod' ? REJECT : undefined) });
      const dev = makeContext({ environment: 'dev', body: { model: 'gpt-4o', max_completion_tokens: 1_000_000 } });
      expect(stage.run(dev)).toMatchObject({ type: 'skip' });
      const prod = makeContext({ environment: 'prod', body: { model: 'gpt-4o', max_completion_tokens: 1_000_000 } });
      expect(stage.run(prod)).toMatchObject({ type: 'deny', code: 'output_cap_exceeded' });
    });
  });

  it('is recorded by the runner as transform / skipped', async () => {
    const ctx = makeContext({ route: ROUTES.messages, body: { model: 'c', messages: [] } });
    const { records } = await runRequestStages([createOutputCapStage(CLAMP)], ctx);
    expect(records[0]).toMatchObject({ stage: 'output-cap', decision: 'transform' });
    const skipped = await runRequestStages([createOutputCapStage(CLAMP)], makeContext({ route: ROUTES.embeddings, body: { input: 'x' } }));
    expect(skipped.records[0]).toMatchObject({ stage: 'output-cap', decision: 'skipped' });
  });
});

describe('decideOutputCap is pure', () => {
  it('does not touch the body', () => {
    const body = { model: 'c', max_tokens: 90_000 };
    expect(decideOutputCap(ROUTES.messages, body, CLAMP)).toMatchObject({ kind: 'edit', effective: 4000, set: { max_tokens: 4000 } });
    expect(body.max_tokens).toBe(90_000);
  });
});

describe('effectiveMaxOutputTokens', () => {
  it('reads the cap the request will be forwarded with', () => {
    const { ctx } = run(CLAMP, { route: ROUTES.messages, body: { model: 'c', max_tokens: 64_000 } });
    expect(effectiveMaxOutputTokens(ctx)).toBe(4000);
    const injected = run(CLAMP, { route: ROUTES.responses, body: { model: 'o3', input: 'x' } });
    expect(effectiveMaxOutputTokens(injected.ctx)).toBe(1000);
  });

  it('takes the smaller chat cap and multiplies by n choices', () => {
    expect(effectiveMaxOutputTokens({ route: ROUTES.chatCompletions, body: { max_completion_tokens: 300, max_tokens: 200 } })).toBe(200);
    expect(effectiveMaxOutputTokens({ route: ROUTES.chatCompletions, body: { max_completion_tokens: 300, n: 3 } })).toBe(900);
    expect(effectiveMaxOutputTokens({ route: ROUTES.chatCompletions, body: { max_completion_tokens: 300, n: 0 } })).toBe(300);
  });

  it('is undefined without a valid cap or for endpoints without output', () => {
    expect(effectiveMaxOutputTokens({ route: ROUTES.messages, body: {} })).toBeUndefined();
    expect(effectiveMaxOutputTokens({ route: ROUTES.messages, body: { max_tokens: -1 } })).toBeUndefined();
    expect(effectiveMaxOutputTokens({ route: ROUTES.messages, body: undefined })).toBeUndefined();
    expect(effectiveMaxOutputTokens({ route: ROUTES.embeddings, body: { max_tokens: 5 } })).toBeUndefined();
  });
});
