/**
 * A model asked to "encode the password" may print it as base64 or hex. Cheap to check for a
 * known secret: look for its encodings rather than decoding every candidate run. Base64 is tried
 * at the three byte alignments, so the secret inside a longer encoded sentence is found too; hex
 * with or without separators ("70 61 73 73", "70:61:73:73", "0x70 0x61"); decimal byte values
 * ("097 106 102", the "convert it back from ASCII" trick seen in Tensor Trust outputs).
 */
export interface EncodedMatch {
  readonly start: number;
  readonly end: number;
  readonly encoding: 'base64' | 'hex' | 'decimal';
}

/** The base64 characters that depend only on the secret, for each of the 3 alignments. */
function base64Needles(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const needles: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const enc = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Characters before bit 8*shift mix in filler bits; after bit 8*(shift+len) the unknown next byte.
    const from = Math.ceil((shift * 4) / 3);
    const to = Math.floor(((shift + bytes.length) * 4) / 3);
    const needle = enc.slice(from, to);
    if (needle.length >= 6) needles.push(needle);
  }
  return needles;
}

/** `text` with the characters `keep` accepts, others skipped (`skip`) or turned into a break. */
function project(text: string, keep: RegExp, skip: RegExp): { s: string; map: number[] } {
  let s = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (keep.test(ch)) {
      s += ch;
      map.push(i);
    } else if (!skip.test(ch)) {
      s += '\u0000';
      map.push(i);
    }
  }
  return { s, map };
}

export function findEncodedSecret(text: string, secret: string): EncodedMatch[] {
  if (secret.length < 3) return [];
  const out: EncodedMatch[] = [];
  const b64 = project(text, /[A-Za-z0-9+/=_-]/, /\s/);
  for (const needle of base64Needles(secret)) {
    for (const variant of new Set([needle, needle.replace(/\+/g, '-').replace(/\//g, '_')])) {
      const at = b64.s.indexOf(variant);
      if (at >= 0) out.push({ start: b64.map[at]!, end: b64.map[at + variant.length - 1]! + 1, encoding: 'base64' });
    }
  }
  const hexText = text.replace(/0x|\\x/gi, '  '); // same length: offsets unchanged
  const hex = project(hexText, /[0-9A-Fa-f]/, /[\s:,-]/);
  const needle = Buffer.from(secret, 'utf8').toString('hex');
  const at = hex.s.toLowerCase().indexOf(needle);
  if (at >= 0) out.push({ start: hex.map[at]!, end: hex.map[at + needle.length - 1]! + 1, encoding: 'hex' });
  const dec = findDecimalBytes(text, secret);
  if (dec !== undefined) out.push(dec);
  return out.sort((a, b) => a.start - b.start);
}

const NUMBER = /\d{1,3}/g;

/** The secret's UTF-8 bytes as consecutive decimal numbers (any non-digit separators). */
function findDecimalBytes(text: string, secret: string): EncodedMatch | undefined {
  const bytes = [...Buffer.from(secret, 'utf8')];
  if (bytes.length < 3) return undefined;
  const starts: number[] = [];
  const ends: number[] = [];
  let joined = ',';
  for (const m of text.matchAll(NUMBER)) {
    joined += `${Number(m[0])},`;
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  const needle = `,${bytes.join(',')},`;
  const at = joined.indexOf(needle);
  if (at < 0) return undefined;
  const first = joined.slice(0, at + 1).split(',').length - 2; // index of the first number
  return { start: starts[first]!, end: ends[first + bytes.length - 1]!, encoding: 'decimal' };
}
