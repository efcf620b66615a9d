import { type Span, resolveOverlaps } from '../secrets/span.js';
import { CARD_PATTERN, cardLength } from './card.js';
import { EMAIL_PATTERN, isReservedEmail } from './email.js';
import { findIbans } from './iban.js';
import { NINO_PATTERN, STEUER_ID_CONTEXT, STEUER_ID_CONTEXT_CHARS, STEUER_ID_PATTERN, isValidNino, steuerIdValid } from './national.js';
import { PHONE_PATTERN, phoneDigitsPlausible } from './phone.js';
import { SSN_PATTERN, isValidSsn } from './ssn.js';

export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'ssn' | 'uk-nino' | 'de-steuer-id';

export const ALL_PII_KINDS: readonly PiiKind[] = ['card', 'iban', 'ssn', 'uk-nino', 'de-steuer-id', 'email', 'phone'];

export interface PiiMatch {
  /** The rule id; safe to log. Offsets are UTF-16 indices, `end` exclusive; never log the text. */
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
}

type Finder = (text: string) => Span[];

const FINDERS: Readonly<Record<PiiKind, Finder>> = {
  email: (text) => [...text.matchAll(EMAIL_PATTERN)].filter((m) => !isReservedEmail(m[0])).map(whole),
  phone: (text) => [...text.matchAll(PHONE_PATTERN)].filter((m) => phoneDigitsPlausible(m[0])).map(whole),
  card: (text) => {
    const out: Span[] = [];
    for (const m of text.matchAll(CARD_PATTERN)) {
      const len = cardLength(m[0]);
      if (len > 0) out.push({ start: m.index, end: m.index + len });
    }
    return out;
  },
  iban: findIbans,
  ssn: (text) => [...text.matchAll(SSN_PATTERN)].filter((m) => isValidSsn(m[1]!, m[3]!, m[4]!)).map(whole),
  'uk-nino': (text) => [...text.matchAll(NINO_PATTERN)].filter((m) => isValidNino(m[1]!)).map(whole),
  'de-steuer-id': (text) =>
    [...text.matchAll(STEUER_ID_PATTERN)]
      .filter(
        (m) =>
          steuerIdValid(m[1]!.replace(/ /g, '')) &&
          STEUER_ID_CONTEXT.test(text.slice(Math.max(0, m.index - STEUER_ID_CONTEXT_CHARS), m.index)),
      )
      .map(whole),
};

function whole(m: RegExpExecArray): Span {
  return { start: m.index, end: m.index + m[0].length };
}

/**
 * PII in `text`, disjoint and sorted. Where two kinds overlap the earlier, then longer, then the
 * more specific kind (order of ALL_PII_KINDS: checksummed ones first) wins.
 */
export function findPii(text: string, kinds: readonly PiiKind[] = ALL_PII_KINDS): PiiMatch[] {
  const found: (PiiMatch & { priority: number })[] = [];
  for (const kind of kinds) {
    const priority = ALL_PII_KINDS.indexOf(kind);
    for (const s of FINDERS[kind](text)) found.push({ kind, start: s.start, end: s.end, priority });
  }
  return resolveOverlaps(found).map(({ kind, start, end }) => ({ kind, start, end }));
}
