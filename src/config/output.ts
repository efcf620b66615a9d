import { z } from 'zod';
import { ALL_PII_KINDS, type PiiKind } from '../detect/pii/find.js';

/**
 * The output guard (docs/output-guard.md): checks on model output, streamed or not, before the
 * client sees it. Streamed text is held back a bounded window so a match split across chunks is
 * caught before any part of it is released.
 */

const secrets = z.strictObject({
  /** Provider, gateway and cloud keys, private keys, JWTs, credentials in connection strings. */
  action: z.enum(['redact', 'block', 'log', 'off']).default('redact'),
});


const pii = z.strictObject({
  action: z.enum(['redact', 'block', 'log', 'off']).default('off'),
  /** Which kinds; all when absent. */
  kinds: z.array(z.enum(ALL_PII_KINDS as [PiiKind, ...PiiKind[]])).min(1).optional(),
});

const links = z.strictObject({
  /**
   * `strip`: a markdown image (or HTML img) is removed unless its host is allowed; a link loses its
   * URL when it carries data in its query or path, points at an IP literal or carries userinfo,
   * and — when `allowHosts` is set — when its host is not on it. `block` cuts the response instead.
   */
  action: z.enum(['strip', 'block', 'log', 'off']).default('strip'),
  /** Hosts output may link to (`docs.example.com`, `*.example.com`). */
  allowHosts: z.array(z.string().min(1)).default([]),
});

const jsonSchema = z.strictObject({
  /**
   * Structured output the request asked for (a JSON schema, or JSON) checked when the response
   * ends: `block` cuts a response that is not valid JSON or does not match the schema.
   */
  action: z.enum(['block', 'log', 'off']).default('block'),
});

const html = z.strictObject({
  /**
   * For applications that render model output as HTML: unsafe markup is rewritten (`sanitize`:
   * disallowed tags removed, dangerous elements dropped with their content, attributes and URLs
   * cleaned) or the response cut (`block`). Off by default: most clients render markdown or text.
   */
  action: z.enum(['sanitize', 'block', 'log', 'off']).default('off'),
  /** `strict`: no tags; `basic`: inline formatting and lists; `rich`: headings, tables, https links. */
  profile: z.enum(['strict', 'basic', 'rich']).default('basic'),
  /** With `rich`, images are kept only from these hosts (https). */
  allowImageHosts: z.array(z.string().min(1)).default([]),
});

export const outputGuardConfig = z.strictObject({
  /** Upper bound on the streamed text held back for inspection, in characters. */
  maxHoldBackChars: z.number().int().min(0).max(65_536).default(1_024),
  secrets: secrets.default(secrets.parse({})),
  pii: pii.default(pii.parse({})),
  links: links.default(links.parse({})),
  jsonSchema: jsonSchema.default(jsonSchema.parse({})),
  html: html.default(html.parse({})),
});

export type OutputGuardConfig = z.output<typeof outputGuardConfig>;
