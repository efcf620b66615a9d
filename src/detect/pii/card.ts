import { luhnValid } from './luhn.js';

/**
 * Payment card numbers: 13–19 digits, optionally grouped by single spaces or dashes. Luhn alone
 * passes one random number in ten, so the issuer prefix (IIN) must also belong to a real scheme
 * with a length that scheme issues. Ranges: ISO/IEC 7812 and the schemes' published IIN tables.
 */
interface Scheme {
  readonly prefixes: readonly (readonly [number, number])[]; // inclusive ranges on the leading digits
  readonly lengths: readonly number[];
}

const SCHEMES: readonly Scheme[] = [
  { prefixes: [[4, 4]], lengths: [13, 16, 19] }, // Visa
  { prefixes: [[51, 55], [2221, 2720]], lengths: [16] }, // Mastercard
  { prefixes: [[34, 34], [37, 37]], lengths: [15] }, // American Express
  { prefixes: [[6011, 6011], [644, 649], [65, 65]], lengths: [16, 19] }, // Discover
  { prefixes: [[3528, 3589]], lengths: [16, 17, 18, 19] }, // JCB
  { prefixes: [[300, 305], [36, 36], [38, 39]], lengths: [14, 16, 19] }, // Diners Club
  { prefixes: [[62, 62]], lengths: [16, 17, 18, 19] }, // UnionPay
  { prefixes: [[50, 50], [56, 58], [6304, 6304], [6759, 6759], [676770, 676774]], lengths: [12, 13, 14, 15, 16, 17, 18, 19] }, // Maestro
  { prefixes: [[2200, 2204]], lengths: [16, 17, 18, 19] }, // Mir
];

export function knownIin(digits: string): boolean {
  return SCHEMES.some(
    (s) =>
      s.lengths.includes(digits.length) &&
      s.prefixes.some(([lo, hi]) => {
        const head = Number(digits.slice(0, String(lo).length));
        return head >= lo && head <= hi;
      }),
  );
}

// A digit, then 12–18 more each optionally preceded by one separator. The separator class is
// single-character and optional before a digit, so the engine has one way to match: linear.
export const CARD_PATTERN = /(?<![\d.,-])\d(?:[ -]?\d){12,18}(?![\d]|[.,-]\d)/g;

/**
 * The end of a valid card inside `candidate` (which may have swallowed a trailing group such as
 * "… 1111 5 items"): the whole candidate, else the longest prefix that ends before a separator.
 * Returns 0 if none is a card. One pass to collect digits; each prefix check is O(19).
 */
export function cardLength(candidate: string): number {
  let digits = '';
  let sep = '';
  const cuts: { at: number; n: number }[] = []; // prefix end offsets with their digit counts
  for (let i = 0; i < candidate.length; i++) {
    const ch = candidate[i]!;
    if (ch === ' ' || ch === '-') {
      if (sep === '') sep = ch;
      else if (ch !== sep) break; // "4111 1111-1111 1111" is not how anyone writes one
      cuts.push({ at: i, n: digits.length });
    } else {
      digits += ch;
    }
    if (i === candidate.length - 1) cuts.push({ at: candidate.length, n: digits.length });
  }
  for (let k = cuts.length - 1; k >= 0; k--) {
    const { at, n } = cuts[k]!;
    if (n >= 13 && n <= 19 && isCardDigits(digits.slice(0, n))) return at;
  }
  return 0;
}

function isCardDigits(digits: string): boolean {
  if (/^(\d)\1+$/.test(digits)) return false;
  return knownIin(digits) && luhnValid(digits);
}
