/**
 * US Social Security numbers, written AAA-GG-SSSS (or with spaces). Never issued, so never a
 * real SSN (SSA, "Social Security Number Randomization"): area 000, 666 and 900–999, group 00,
 * serial 0000. Unformatted nine-digit runs are not matched: too many ids look like that.
 */
export const SSN_PATTERN = /(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-]|\.\d)/g;

export function isValidSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  if (a === 0 || a === 666 || a >= 900) return false;
  if (group === '00' || serial === '0000') return false;
  // 078-05-1120 (the Woolworth wallet card) and 219-09-9999 (an SSA ad) are famous non-SSNs.
  return !(`${area}-${group}-${serial}` === '078-05-1120' || `${area}-${group}-${serial}` === '219-09-9999');
}
