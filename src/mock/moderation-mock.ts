import type { MockAnswer, MockBehavior } from './types.js';

type Body = Record<string, unknown>;

/**
 * The categories `omni-moderation-latest` scores, with a low, realistic-looking baseline for
 * clean text. Those marked `image` also score images in the real API; the mock sees text only.
 */
const CATEGORIES: Readonly<Record<string, number>> = {
  harassment: 0.000_12,
  'harassment/threatening': 0.000_018,
  hate: 0.000_021,
  'hate/threatening': 0.000_002_3,
  illicit: 0.000_009_1,
  'illicit/violent': 0.000_004_2,
  'self-harm': 0.000_005_4,
  'self-harm/intent': 0.000_002_2,
  'self-harm/instructions': 0.000_002_1,
  sexual: 0.000_034,
  'sexual/minors': 0.000_003_7,
  violence: 0.000_41,
  'violence/graphic': 0.000_005_8,
};

/** A marked category scores this; over OpenAI's own flagging point for every category. */
const MARKED_SCORE = 0.97;

/** `[mock-moderation:violence]` in a text marks that category; any category name works. */
const CATEGORY_MARKER = /\[mock-moderation:([a-z/-]+)\]/g;

/**
 * `POST /v1/moderations`, deterministic: every input gets low scores except for the categories
 * its text marks, which score high and are flagged, so gateway tests can moderate without a
 * model. Input is a string, an array of strings, or (omni models) an array of content parts,
 * which together are one input — one result per input, in order, as the real API answers.
 */
export function moderationsAnswer(body: Body): MockAnswer {
  const model = typeof body.model === 'string' ? body.model : 'omni-moderation-latest';
  return {
    json: {
      id: `modr-mock${Date.now().toString(36)}`,
      model,
      results: inputTexts(body.input).map(moderate),
    },
  };
}

function inputTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [''];
  if (input.every((item) => typeof item === 'string')) return input;
  const parts = input.map((part) => ((part as { text?: unknown } | null)?.text));
  return [parts.filter((text): text is string => typeof text === 'string').join(' ')];
}

function moderate(text: string): Body {
  const marked = new Set([...text.matchAll(CATEGORY_MARKER)].map((m) => m[1]!));
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  const applied: Record<string, string[]> = {};
  for (const [name, baseline] of Object.entries(CATEGORIES)) {
    categories[name] = marked.has(name);
    scores[name] = marked.has(name) ? MARKED_SCORE : baseline;
    applied[name] = ['text'];
  }
  return { flagged: Object.values(categories).some(Boolean), categories, category_scores: scores, category_applied_input_types: applied };
}

/** `[mock-moderation:status=503]` — the endpoint answers that status (an outage). */
const STATUS_MARKER = /\[mock-moderation:status=(\d{3})\]/;
/** `[mock-moderation:delay=1500]` — the endpoint answers after that many ms (at most a minute). */
const DELAY_MARKER = /\[mock-moderation:delay=(\d{1,5})\]/;

/**
 * Failures chosen by the text being moderated, as the mock's `behavior` hook would choose them:
 * the gateway sends the prompt's text to the moderation endpoint, so an end-to-end test (or a
 * person trying `npm start`) can provoke an outage or a slow answer through a normal request,
 * with no hook into the built-in mock.
 */
export function moderationBehavior(body: Body | undefined): MockBehavior | undefined {
  const text = inputTexts(body?.input).join('\n');
  const status = STATUS_MARKER.exec(text);
  if (status) {
    const code = Number(status[1]);
    return { kind: 'status', status: code, body: { error: { message: `mock moderation outage (HTTP ${code})`, type: 'server_error', param: null, code: null } } };
  }
  const delay = DELAY_MARKER.exec(text);
  if (delay) return { kind: 'delay', ms: Math.min(Number(delay[1]), 60_000) };
  return undefined;
}
