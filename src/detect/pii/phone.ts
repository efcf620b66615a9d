/**
 * Phone numbers in the formats people write, not every digit run: E.164 with a leading "+",
 * North American (555) 123-4567 / 555-123-4567, trunk-prefix national numbers (020 7946 0958,
 * 030-12345678) and French paired digits (01 23 45 67 89). A separator is required in the
 * national formats, which keeps dates (2024-01-15), versions (1.2.3) and bare ids out; the
 * look-arounds stop a match inside a longer number or dotted version.
 * Each alternative has one way to match a given string (separators are single and optional
 * before a digit), so the scan is linear.
 */
export const PHONE_PATTERN = new RegExp(
  [
    String.raw`(?<![\w+.\-/])`,
    '(?:',
    String.raw`\+[1-9]\d{0,2}[ .-]?\(\d{1,4}\)(?:[ .-]?\d){4,12}`, // +44 (20) 7946 0958
    String.raw`|\+[1-9](?:[ .-]?\d){6,14}`, // +14155550123, +49 30 12345678
    String.raw`|(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[ .-])\d{3}[ .-]\d{4}`, // NANP
    String.raw`|0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}`, // trunk-0 national
    String.raw`|0[1-9](?:[ .]\d{2}){4}`, // FR
    ')',
    String.raw`(?![\w]|[.\-/]\d)`,
  ].join(''),
  'g',
);
export const PHONE_MAX_CHARS = 40;

export function phoneDigitsPlausible(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  // Paired digits mostly starting with 0 are a byte dump ("<Buffer 01 02 03 04 05>"), not a
  // French number: in real ones a pair starts with 0 one time in ten. Measured on @types/node docs.
  const pairs = /^0[1-9](?:[ .](\d{2})){4}$/.exec(candidate);
  if (pairs !== null && (candidate.slice(3).match(/(?:^|[ .])0/g) ?? []).length >= 3) return false;
  return true;
}
