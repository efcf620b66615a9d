import { z } from 'zod';
import { TOPIC_CATALOG } from '../detect/filters/topics.js';
import { MODERATION_CATEGORIES } from '../moderation/types.js';

/**
 * The input guard's configuration (docs/detection.md): prompt-injection detection, application
 * filters and OpenAI moderation, per environment, with per-key overrides. Kept apart from
 * schema.ts because it is one concept with its own vocabulary.
 */

/** What a check does when it fires: refuse, let through marked, only record, or not run at all. */
export const guardAction = z.enum(['block', 'flag', 'log', 'off']);

/** Mirrors InputRole in src/providers/input-segment.ts (config does not import providers). */
export const guardRole = z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'document']);

const probability = z.number().min(0).max(1);

/**
 * By default the guard reads what the end user wrote and what the application pasted in from
 * elsewhere (tool results, documents); the application's own system prompt is trusted.
 */
export const DEFAULT_SCAN_ROLES = ['user', 'tool', 'document'] as const;


const injectionFields = {
  action: guardAction,
  /** Scores at or above these (0..1) count; absent ones use the detector's trained defaults. */
  thresholds: z.strictObject({ injection: probability.optional(), jailbreak: probability.optional() }),
  scan: z.array(guardRole).min(1),
};

const filterFields = {
  action: guardAction,
  /** Names of built-in (`kids`, `workplace`) or configured (`filterProfiles`) profiles. */
  profiles: z.array(z.string().min(1)),
  scan: z.array(guardRole).min(1),
};

const moderationFields = {
  enabled: z.boolean(),
  action: guardAction,
  model: z.string().min(1),
  /** Category → score (0..1) that counts; a category without one counts when OpenAI flags it. */
  thresholds: z.partialRecord(z.enum(MODERATION_CATEGORIES), probability),
  timeoutMs: z.number().int().positive(),
  /** The moderation call failed or timed out: refuse the request, or let it through (recorded). */
  onError: z.enum(['fail-closed', 'fail-open']),
  scan: z.array(guardRole).min(1),
};

const injection = z.strictObject({
  action: injectionFields.action.default('block'),
  thresholds: injectionFields.thresholds.default({}),
  scan: injectionFields.scan.default([...DEFAULT_SCAN_ROLES]),
});

const filters = z.strictObject({
  action: filterFields.action.default('block'),
  profiles: filterFields.profiles.default([]),
  scan: filterFields.scan.default([...DEFAULT_SCAN_ROLES]),
});

const moderation = z.strictObject({
  enabled: moderationFields.enabled.default(false),
  action: moderationFields.action.default('block'),
  model: moderationFields.model.default('omni-moderation-latest'),
  thresholds: moderationFields.thresholds.default({}),
  timeoutMs: moderationFields.timeoutMs.default(2_000),
  onError: moderationFields.onError.default('fail-closed'),
  scan: moderationFields.scan.default([...DEFAULT_SCAN_ROLES]),
});

/** A key's override: only the fields it names replace the environment's (no defaults here). */
const keyOverride = z.strictObject({
  injection: z.strictObject({
    action: injectionFields.action.optional(),
    thresholds: injectionFields.thresholds.optional(),
    scan: injectionFields.scan.optional(),
  }).optional(),
  filters: z.strictObject({
    action: filterFields.action.optional(),
    profiles: filterFields.profiles.optional(),
    scan: filterFields.scan.optional(),
  }).optional(),
  moderation: z.strictObject({
    enabled: moderationFields.enabled.optional(),
    action: moderationFields.action.optional(),
    thresholds: moderationFields.thresholds.optional(),
    onError: moderationFields.onError.optional(),
    scan: moderationFields.scan.optional(),
  }).optional(),
});

export const guardConfig = z.strictObject({
  injection: injection.default(injection.parse({})),
  filters: filters.default(filters.parse({})),
  moderation: moderation.default(moderation.parse({})),
  /** Overrides by gateway key id (`portcullis keys list`). */
  perKey: z.record(z.string().regex(/^key_[A-Za-z0-9]+$/, 'a gateway key id such as key_…'), keyOverride).default({}),
});

/** Operator regexes are compiled with these flags; an invalid one is a config error, not a crash. */
const operatorRegex = z.string().min(1).refine((source) => {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression (JavaScript syntax, compiled with flags "iu")');

/** An operator-defined filter profile (`filterProfiles.<name>`). */
export const filterProfileConfig = z.strictObject({
  /** Words and phrases, matched on normalized text (homoglyphs, leetspeak, spacing) at word boundaries. */
  denyTerms: z.array(z.string().min(1)).default([]),
  /** JavaScript regular expressions (flags `iu`), run on the text as sent. Keep them simple. */
  regex: z.array(operatorRegex).default([]),
  /** Topics from the built-in catalog (docs/detection.md). */
  denyTopics: z
    .array(z.string().refine((id) => Object.hasOwn(TOPIC_CATALOG, id), { error: (issue) => `unknown topic "${String(issue.input)}" (known: ${Object.keys(TOPIC_CATALOG).join(', ')})` }))
    .default([]),
});

export type GuardConfig = z.output<typeof guardConfig>;
export type GuardKeyOverride = z.output<typeof keyOverride>;
export type GuardAction = z.output<typeof guardAction>;
export type GuardRole = z.output<typeof guardRole>;
export type InjectionGuardConfig = z.output<typeof injection>;
export type FilterGuardConfig = z.output<typeof filters>;
export type ModerationGuardConfig = z.output<typeof moderation>;
export type FilterProfileConfig = z.output<typeof filterProfileConfig>;
