import { frameCount, harmCount, youCount } from './lexicon.js';
import { FAMILIES, FAMILY_CATEGORY, type Family, type RuleHit } from './rules/index.js';

/**
 * Feature extraction for the linear classifier, shared by the runtime and the training script so
 * both see exactly the same numbers.
 *
 * Sparse part: hashed character 2–5-grams and word uni/bigrams of the folded text, 2^18 buckets
 * (FNV-1a). Every occurrence contributes 1/sqrt(total occurrences), i.e. term frequency with an
 * L2-like length normalization, without sorting or de-duplicating buckets at run time.
 * Dense part: rule-family flags (shared across languages), gibberish and shape statistics that
 * catch GCG-style adversarial suffixes, and a bias.
 */
export const HASH_BITS = 18;
export const BUCKETS = 1 << HASH_BITS;
const MASK = BUCKETS - 1;

/** The classifier reads at most the first HEAD and last TAIL characters of the folded text. */
export const CLASSIFIER_HEAD = 6144;
export const CLASSIFIER_TAIL = 2048;

/**
 * One-hot token-count bins (upper bounds). Log-length alone is monotone: once the synthetic short
 * chat turns taught it "short means benign", it also pushed every long benign prompt towards
 * "attack". Bins let each length range have its own bias.
 */
const TOKEN_BINS = [2, 5, 12, 30, 100] as const;

/** Lexicon counts saturate here (lexicon.ts): the third harmful word adds no more evidence. */
const HARM_CAP = 3;
const FRAME_CAP = 3;

export const DENSE_NAMES: readonly string[] = [
  ...FAMILIES.map((f) => `family:${f}`),
  'strong:injection',
  'strong:jailbreak',
  'log-length',
  ...TOKEN_BINS.map((b, i) => `tokens:${i === 0 ? 1 : TOKEN_BINS[i - 1]! + 1}-${b}`),
  'tokens:>100',
  'weird-token-ratio',
  'weird-token-ratio-tail',
  'symbol-ratio',
  'upper-ratio',
  'digit-ratio',
  'non-ascii-ratio',
  'tail-symbol-ratio',
  'tail-bracket-ratio',
  'tail-irregular-token-ratio',
  'tail-minus-head-symbol-ratio',
  'log-lines',
  'obfuscation',
  // Interactions (lexicon.ts): each part alone is common in benign rows, the pair is not.
  'harm',
  'frame',
  'harm-x-frame',
  'harm-x-tail-irregular',
  'harm-x-weird-tail',
  'harm-x-tail-symbol',
  'harm-x-one-line',
  'tail-bracket-imbalance',
  'you-ratio',
  'bias',
];
export const DENSE = DENSE_NAMES.length;

export interface Features {
  /**
   * Bucket of every sparse occurrence (a bucket repeats when its n-gram repeats). A view into a
   * scratch buffer that the next extraction overwrites: copy it to keep it.
   */
  readonly buckets: Int32Array;
  /** Value of each sparse occurrence. */
  readonly value: number;
  readonly dense: Float64Array;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;

function isTokenChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 95;
  // Non-ASCII: everything except the general and CJK punctuation blocks and fullwidth ASCII punctuation.
  return !((c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xff0f) || c === 0xa0);
}

export function classifierText(folded: string): string {
  if (folded.length <= CLASSIFIER_HEAD + CLASSIFIER_TAIL) return folded;
  return folded.slice(0, CLASSIFIER_HEAD) + '\n' + folded.slice(folded.length - CLASSIFIER_TAIL);
}

// Reused between calls: detection is synchronous and consumes the buckets before returning, so
// one scratch buffer saves a large allocation (and GC pauses at p99) per request. Callers that
// keep Features around (the training script) must copy `buckets`.
let scratch = new Int32Array(64 * 1024);

function sparse(text: string): Int32Array {
  const n = text.length;
  // 4 char n-grams per position + at most 2 word features per token (<= n).
  const need = 4 * n + n + 2;
  if (scratch.length < need) scratch = new Int32Array(need);
  const out = scratch;
  let k = 0;
  // Character 2- to 5-grams, hashed incrementally from each start position (2-grams were worth
  // about +1 point of CV recall over 3–5).
  for (let i = 0; i + 2 <= n; i++) {
    let h = FNV_OFFSET;
    const lim = Math.min(5, n - i);
    for (let len = 1; len <= lim; len++) {
      h = Math.imul(h ^ text.charCodeAt(i + len - 1), FNV_PRIME);
      if (len >= 2) out[k++] = (h ^ (len * 0x9e3779b1)) & MASK;
    }
  }
  // Word unigrams and bigrams (a different seed so they do not share buckets with char n-grams by design).
  let prev = 0;
  let i = 0;
  while (i < n) {
    while (i < n && !isTokenChar(text.charCodeAt(i))) i++;
    if (i >= n) break;
    let h = 0x01000193 ^ 0x5bd1e995;
    while (i < n && isTokenChar(text.charCodeAt(i))) h = Math.imul(h ^ text.charCodeAt(i++), FNV_PRIME);
    out[k++] = (h ^ 0x2545f491) & MASK;
    if (prev !== 0) out[k++] = Math.imul(prev ^ (h >>> 7), 0x27d4eb2d) & MASK;
    prev = h | 1;
  }
  return out.subarray(0, k);
}

interface ShapeStats {
  tokens: number;
  weird: number;
  weirdTail: number;
  symbol: number;
  upper: number;
  digit: number;
  nonAscii: number;
  lines: number;
  tailSymbol: number;
  tailBracket: number;
  tailIrregular: number;
  headSymbol: number;
  /** Unmatched share of the opening and closing brackets in the tail (GCG suffixes leave them unbalanced). */
  tailImbalance: number;
}

const TAIL = 160;
// Bracket-like characters, by char code (GCG suffixes are dense in them).
const BRACKETS = new Uint8Array(128);
for (const ch of '[]{}()<>"`\\|=;') BRACKETS[ch.charCodeAt(0)] = 1;

const OPEN_PUNCT = new Set([40, 34, 39, 0x201c]); // ( " ' “
const CLOSE_PUNCT = new Set([46, 44, 59, 58, 33, 63, 41, 34, 39, 0x201d]); // . , ; : ! ? ) " ' ”

/** Whether s[from, to) is a plain word: an optional opening quote, lower-case, Capitalized, ALL-CAPS letters or digits, then closing punctuation. */
function isPlainToken(s: string, from: number, to: number): boolean {
  let i = from;
  if (OPEN_PUNCT.has(s.charCodeAt(i))) i++;
  const first = s.charCodeAt(i);
  const kind = first >= 97 && first <= 122 ? 'lower' : first >= 65 && first <= 90 ? 'upper' : first >= 48 && first <= 57 ? 'digit' : null;
  if (kind === null) return false;
  i++;
  // After a capital: either all lower-case (Capitalized) or all upper-case (ALL-CAPS).
  let tail: 'lower' | 'upper' | 'digit' | null = kind === 'upper' ? null : kind;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    const k = c >= 97 && c <= 122 ? 'lower' : c >= 65 && c <= 90 ? 'upper' : c >= 48 && c <= 57 ? 'digit' : null;
    if (k === null) break;
    if (tail === null && k !== 'digit') tail = k;
    else if (k !== tail) return false;
  }
  for (; i < to; i++) if (!CLOSE_PUNCT.has(s.charCodeAt(i))) return false;
  return true;
}

/** Share of whitespace-separated tokens in s[from, end) that are not plain words. One scan, no substrings. */
function irregular(s: string, from: number): number {
  let tokens = 0, odd = 0;
  let i = from;
  while (i < s.length) {
    while (i < s.length && isSpace(s.charCodeAt(i))) i++;
    if (i >= s.length) break;
    const start = i;
    while (i < s.length && !isSpace(s.charCodeAt(i))) i++;
    tokens++;
    if (!isPlainToken(s, start, i)) odd++;
  }
  return tokens === 0 ? 0 : odd / tokens;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

/**
 * A token is "weird" when it mixes letters with inner punctuation or has a lower-to-upper case
 * change inside ("similarlyNow", "giving**ONE", "\\!--Two"): rare in prose and code identifiers
 * alike at the rates GCG/DSN/random-search suffixes produce them. Computed on the case-preserving
 * view.
 */
function shape(light: string): ShapeStats {
  const n = Math.min(light.length, CLASSIFIER_HEAD + CLASSIFIER_TAIL);
  const text = light.length > n ? light.slice(0, CLASSIFIER_HEAD) + light.slice(light.length - CLASSIFIER_TAIL) : light;
  const tailFrom = Math.max(0, text.length - TAIL);
  let symbol = 0, upper = 0, letters = 0, digit = 0, nonAscii = 0, lines = 0, tailSymbol = 0, tailBracket = 0, tailOpen = 0, tailClose = 0;
  // Weird-token flags: a count overall and a ring of the last 40 (one pass, no per-token arrays).
  let tokens = 0, weirdTokens = 0;
  const ring = new Uint8Array(40);
  let tokLetters = 0, innerPunct = false, caseFlip = false, pendingPunct = false, prevLower = false, tokLen = 0;
  const endToken = (): void => {
    if (tokLen > 0) {
      const weird = tokLetters > 0 && (innerPunct || caseFlip) ? 1 : 0;
      ring[tokens % ring.length] = weird;
      tokens++;
      weirdTokens += weird;
    }
    tokLetters = 0; innerPunct = false; caseFlip = false; pendingPunct = false; prevLower = false; tokLen = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13) {
      if (c === 10) lines++;
      endToken();
      continue;
    }
    tokLen++;
    const isLower = c >= 97 && c <= 122;
    const isUpper = c >= 65 && c <= 90;
    if (isLower || isUpper) {
      letters++;
      tokLetters++;
      if (isUpper) {
        upper++;
        if (prevLower) caseFlip = true;
      }
      if (pendingPunct) innerPunct = true;
      prevLower = isLower;
    } else if (c >= 48 && c <= 57) {
      digit++;
      prevLower = false;
    } else if (c >= 128) {
      nonAscii++;
      prevLower = false;
    } else {
      symbol++;
      if (i >= tailFrom) {
        tailSymbol++;
        if (BRACKETS[c] === 1) tailBracket++;
        if (c === 40 || c === 91 || c === 123) tailOpen++;
        else if (c === 41 || c === 93 || c === 125) tailClose++;
      }
      if (tokLetters > 0) pendingPunct = true;
      prevLower = false;
    }
  }
  endToken();
  const len = Math.max(1, text.length);
  const tailLen = Math.max(1, text.length - tailFrom);
  const lastN = Math.min(tokens, ring.length);
  let lastWeird = 0;
  for (let k = 0; k < lastN; k++) lastWeird += ring[k]!;
  return {
    tokens,
    weird: weirdTokens / Math.max(1, tokens),
    weirdTail: lastWeird / Math.max(1, lastN),
    symbol: symbol / len,
    upper: upper / Math.max(1, letters),
    digit: digit / len,
    nonAscii: nonAscii / len,
    lines,
    tailSymbol: tailSymbol / tailLen,
    tailBracket: tailBracket / tailLen,
    tailIrregular: irregular(text, tailFrom),
    headSymbol: (symbol - tailSymbol) / Math.max(1, text.length - tailLen),
    // Damped below four brackets: one stray ")" in prose is not a signal.
    tailImbalance: (Math.abs(tailOpen - tailClose) / Math.max(1, tailOpen + tailClose)) * Math.min(1, (tailOpen + tailClose) / 4),
  };
}

export function extractFeatures(folded: string, light: string, hits: readonly RuleHit[], obfuscations: number): Features {
  const text = classifierText(folded);
  const buckets = sparse(text);
  const dense = new Float64Array(DENSE);
  const families = new Set<Family>();
  let strongInj = 0, strongJb = 0;
  for (const h of hits) {
    families.add(h.rule.family);
    if (h.rule.strong) {
      if (FAMILY_CATEGORY[h.rule.family] === 'injection') strongInj = 1;
      else strongJb = 1;
    }
  }
  let d = 0;
  for (const f of FAMILIES) dense[d++] = families.has(f) ? 1 : 0;
  const s = shape(light);
  dense[d++] = strongInj;
  dense[d++] = strongJb;
  dense[d++] = Math.log1p(folded.length) / 10;
  let bin = TOKEN_BINS.findIndex((b) => s.tokens <= b);
  if (bin < 0) bin = TOKEN_BINS.length;
  for (let k = 0; k <= TOKEN_BINS.length; k++) dense[d++] = k === bin ? 1 : 0;
  // Ratios are scaled so typical attack values land near 1: with values around 0.05 a feature
  // would need a huge weight and the sparse n-grams would win every gradient step.
  // Ratios over a handful of characters are noise ("?" is 100% symbols, "OK" 100% upper case):
  // damp them linearly up to TAIL characters, so a short chat turn cannot look like a GCG suffix
  // and, conversely, training on short benign turns does not teach "symbols = benign".
  const r = Math.min(1, light.length / TAIL);
  dense[d++] = 4 * r * s.weird;
  dense[d++] = 4 * r * s.weirdTail;
  dense[d++] = 5 * r * s.symbol;
  dense[d++] = r * s.upper;
  dense[d++] = 5 * r * s.digit;
  dense[d++] = r * s.nonAscii;
  dense[d++] = 4 * r * s.tailSymbol;
  dense[d++] = 8 * r * s.tailBracket;
  dense[d++] = 2 * r * s.tailIrregular;
  dense[d++] = 4 * r * (s.tailSymbol - s.headSymbol);
  dense[d++] = Math.log1p(s.lines) / 5;
  dense[d++] = Math.log1p(obfuscations) / 3;
  const harm = Math.min(HARM_CAP, harmCount(text, HARM_CAP)) / HARM_CAP;
  const frame = Math.min(FRAME_CAP, frameCount(text, FRAME_CAP)) / FRAME_CAP;
  dense[d++] = harm;
  dense[d++] = frame;
  dense[d++] = harm * frame;
  dense[d++] = harm * 2 * r * s.tailIrregular;
  dense[d++] = harm * 4 * r * s.weirdTail;
  dense[d++] = harm * 4 * r * s.tailSymbol;
  dense[d++] = s.lines === 0 ? harm : 0;
  dense[d++] = r * s.tailImbalance;
  dense[d++] = r * Math.min(1, (8 * youCount(text, 1000)) / Math.max(1, s.tokens));
  dense[d++] = 1;
  return { buckets, value: 1 / Math.sqrt(Math.max(1, buckets.length)), dense };
}
