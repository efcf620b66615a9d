/**
 * IBAN (ISO 13616): country code, two check digits, then a BBAN whose length is fixed per
 * country (SWIFT IBAN registry). Validated by the mod-97 = 1 check (ISO 7064 MOD 97-10).
 * The length table is what lets the parser stop at the right place in "DE89 3704 … 00 ABC".
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27,
  GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24,
  ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24,
  TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

export const IBAN_MAX_LENGTH = 34;

export function ibanChecksumValid(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch; // A=10 … Z=35
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

const START = /(?<![A-Za-z0-9])([A-Z]{2})\d\d/g;

/**
 * Finds IBANs, printed compact or in groups of four separated by single spaces. From each
 * country-code start the parser takes exactly the country's length of characters, skipping
 * single spaces, so the work per start is bounded by 34 characters.
 */
export function findIbans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let coveredTo = 0;
  for (const m of text.matchAll(START)) {
    if (m.index < coveredTo) continue;
    const len = IBAN_LENGTHS[m[1]!];
    if (len === undefined) continue;
    let compact = '';
    let i = m.index;
    while (i < text.length && compact.length < len) {
      const ch = text[i]!;
      if (/[A-Z0-9]/.test(ch)) compact += ch;
      else if (ch === ' ' && compact.length % 4 === 0 && compact.length > 0 && /[A-Z0-9]/.test(text[i + 1] ?? '')) {
        // spaces only between groups of four, as printed on statements
      } else break;
      i++;
    }
    if (compact.length !== len || /[A-Za-z0-9]/.test(text[i] ?? '')) continue;
    if (!/^[A-Z]{2}\d\d[A-Z0-9]+$/.test(compact) || !ibanChecksumValid(compact)) continue;
    out.push({ start: m.index, end: i });
    coveredTo = i;
  }
  return out;
}
