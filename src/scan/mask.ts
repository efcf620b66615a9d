/**
 * What a report shows of a secret: enough to recognise which key it is (the provider prefix and
 * the last characters, as provider dashboards show keys), never enough to use it. At most a third
 * of a value is shown, so short passwords show less: `sk-pro…Xy`, `Tr0…`, `…`.
 */
export function maskSecret(value: string): string {
  const pem = /^-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.exec(value);
  if (pem) return `${pem[0]}…`; // the header names the kind; the body is the secret
  const chars = Array.from(value); // never split a surrogate pair
  if (chars.length >= 24) return `${chars.slice(0, 6).join('')}…${chars.slice(-2).join('')}`;
  if (chars.length >= 12) return `${chars.slice(0, 3).join('')}…`;
  return '…';
}
