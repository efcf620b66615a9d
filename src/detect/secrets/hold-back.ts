import { PEM_MAX_CHARS } from './pem.js';

/**
 * An adaptive hold-back, so that streaming does not have to sit on SECRETS_MAX_MATCH_CHARS (8 KiB,
 * i.e. most whole answers) just because a PEM block *could* start. Only two rules have long
 * matches; every other rule's match, including the AWS secret whose key id may follow it by 300
 * characters, ends within SECRETS_SHORT_HOLD_CHARS of its start. So the caller must hold:
 * - the last SECRETS_SHORT_HOLD_CHARS characters, always;
 * - from an open PEM BEGIN (no END yet, still under the cap) onwards;
 * - from the start of a JWT-shaped token (`eyJ…`) that runs to the end of the window.
 */
export const SECRETS_SHORT_HOLD_CHARS = 384;
const JWT_MAX_CHARS = 3 + 1000 + 1 + 4000 + 1 + 1000;

const BEGIN = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const TOKEN_CHAR = /[A-Za-z0-9_.-]/;
const JWT_START = /(?<![A-Za-z0-9_-])eyJ/g;

/** Index in `window` from which text must not be released yet. */
export function secretsHoldBackStart(window: string): number {
  let hold = Math.max(0, window.length - SECRETS_SHORT_HOLD_CHARS);
  const pem = openPemStart(window);
  if (pem !== undefined) hold = Math.min(hold, pem);
  const jwt = openJwtStart(window);
  if (jwt !== undefined) hold = Math.min(hold, jwt);
  return hold;
}

function openPemStart(window: string): number | undefined {
  let lastBegin: number | undefined;
  const from = Math.max(0, window.length - PEM_MAX_CHARS - 64);
  BEGIN.lastIndex = from;
  for (let m = BEGIN.exec(window); m !== null; m = BEGIN.exec(window)) lastBegin = m.index;
  if (lastBegin === undefined) return undefined;
  END.lastIndex = lastBegin;
  return END.exec(window) === null ? lastBegin : undefined;
}

function openJwtStart(window: string): number | undefined {
  // Walk back over the token that touches the end of the window (bounded by the JWT cap).
  let i = window.length;
  const stop = Math.max(0, window.length - JWT_MAX_CHARS);
  while (i > stop && TOKEN_CHAR.test(window[i - 1]!)) i--;
  if (i === window.length) return undefined;
  JWT_START.lastIndex = i;
  const m = JWT_START.exec(window);
  return m === null ? undefined : m.index;
}
