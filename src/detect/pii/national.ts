/**
 * UK National Insurance number (HMRC NIM39110): two prefix letters, six digits, suffix A–D.
 * First letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V; prefixes BG, GB, KN, NK, NT,
 * TN and ZZ are never allocated. Matched upper-case only, optionally spaced "QQ 12 34 56 C".
 */
export const NINO_PATTERN =
  /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/g;

export function isValidNino(prefix: string): boolean {
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix);
}

/**
 * German tax id (Steuerliche Identifikationsnummer): 11 digits, first not 0, check digit by
 * ISO 7064 MOD 11,10 (BZSt). A random 11-digit number passes the check one time in ten, so a
 * candidate counts only after a nearby keyword (Steuer-ID, IdNr, tax id).
 */
export const STEUER_ID_PATTERN = /(?<![\d])([1-9]\d(?: ?\d){9})(?![\d])/g;
export const STEUER_ID_CONTEXT = /steuer[- ]?(?:id|identifikationsnummer)|\bidnr\b|\btin\b|tax[- ]?id/i;
export const STEUER_ID_CONTEXT_CHARS = 60;

export function steuerIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (Number(digits[i]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === Number(digits[10]);
}
