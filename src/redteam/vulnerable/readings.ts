/**
 * The deliberately vulnerable model "reads" a text in every way an attacker might have hidden an
 * instruction in it: it strips invisible characters, folds look-alikes and leetspeak, joins spaced
 * letters, decodes base64, hex, ROT13, reversed text and Unicode tag characters, and joins split
 * payloads. A real model does most of this by itself; that is why obfuscation works on models.
 */
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF\u00AD]/g;
const HOMOGLYPHS: Readonly<Record<string, string>> = { а: 'a', е: 'e', о: 'o', р: 'p', с: 'c', х: 'x', і: 'i', у: 'y', ѕ: 's' };
const UNLEET: Readonly<Record<string, string>> = { '4': 'a', '3': 'e', '1': 'i', '0': 'o', '5': 's', '7': 't', '@': 'a', $: 's' };

function clean(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .normalize('NFKC')
    // Look-alikes only in words that mix scripts: real Russian stays Russian.
    .replace(/[\p{L}]+/gu, (word) => (/[a-z]/i.test(word) ? word.replace(/[аеорсхіуѕ]/g, (c) => HOMOGLYPHS[c] ?? c) : word));
}

function tagPayload(text: string): string {
  let hidden = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe0020 && cp <= 0xe007e) hidden += String.fromCharCode(cp - 0xe0000);
  }
  return hidden;
}

function unleet(text: string): string {
  return text.replace(/[A-Za-z@$0-9]+/g, (word) => (/[A-Za-z]/.test(word) && /[0-9@$]/.test(word) && !/^[A-Z]{2,}-/.test(word) ? word.replace(/[0-9@$]/g, (c) => UNLEET[c] ?? c) : word));
}

/** "i g n o r e   a l l" → "ignore all": words are runs of single letters split by 2+ spaces. */
function unspace(text: string): string {
  return text
    .split(/ {2,}/)
    .map((word) => (/^(?:\S )+\S$/.test(word) ? word.replace(/ /g, '') : word))
    .join(' ');
}

function printable(decoded: string): boolean {
  return decoded.length > 0 && !decoded.includes('\uFFFD') && /^[\p{L}\p{N}\p{P}\p{S}\s]+$/u.test(decoded);
}

function decodedPayloads(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    const decoded = Buffer.from(m[0], 'base64').toString('utf8');
    if (printable(decoded)) found.push(decoded);
  }
  for (const m of text.matchAll(/\b(?:[0-9a-fA-F]{2}){8,}\b/g)) {
    const decoded = Buffer.from(m[0], 'hex').toString('utf8');
    if (printable(decoded)) found.push(decoded);
  }
  return found;
}

function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c === c.toLowerCase() ? 97 : 65)));
}

/** `a = "ign"` … `a + b`, and `"ign" + "ore"`: the split payload joined. */
function joinedPayloads(text: string): string[] {
  const found: string[] = [];
  const vars = new Map<string, string>();
  for (const m of text.matchAll(/\b([a-zA-Z_]\w{0,20})\s*=\s*["'“]([^"'”\n]*)["'”]/g)) vars.set(m[1]!, m[2]!);
  for (const m of text.matchAll(/\b[a-zA-Z_]\w{0,20}(?:\s*\+\s*[a-zA-Z_]\w{0,20})+/g)) {
    const names = m[0].split('+').map((n) => n.trim());
    if (names.every((n) => vars.has(n))) found.push(names.map((n) => vars.get(n)!).join(''));
  }
  for (const m of text.matchAll(/"[^"\n]*"(?:\s*\+\s*"[^"\n]*")+/g)) {
    found.push([...m[0].matchAll(/"([^"\n]*)"/g)].map((q) => q[1]!).join(''));
  }
  return found;
}

export function readings(text: string): string[] {
  const base = clean(text);
  const out = new Set<string>([base]);
  const hidden = tagPayload(text);
  if (hidden) out.add(hidden);
  out.add(unleet(base));
  out.add(unspace(base));
  for (const decoded of decodedPayloads(base)) out.add(clean(decoded));
  for (const joined of joinedPayloads(base)) out.add(joined);
  out.add(Array.from(base).reverse().join(''));
  out.add(rot13(base));
  return [...out];
}

/** Quoted fragments across several turns ("Remember this first half: '…'"), joined. */
export function joinQuotedAcrossTurns(texts: readonly string[]): string | undefined {
  if (!/\b(?:join|combine|concatenate|put together)\b/i.test(texts[texts.length - 1] ?? '')) return undefined;
  const parts = texts.flatMap((t) => [...t.matchAll(/'([^'\n]{2,})'/g)].map((m) => m[1]!));
  return parts.length >= 2 ? parts.join(' ') : undefined;
}
