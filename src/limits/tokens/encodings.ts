import { createRequire } from 'node:module';
import { ASTRAL_FLOOR, bmpCharFloor } from './scripts.js';

/** The two BPE encodings current OpenAI models use (tiktoken names). */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** The part of gpt-tokenizer's per-encoding API we use. */
interface Encoder {
  countTokens(text: string, options: { readonly disallowedSpecial: ReadonlySet<string> }): number;
}

// gpt-tokenizer ships every encoding as its own module with the ranks inlined (o200k is ~2.4 MB of
// JS, ~0.5 s to load), so nothing is downloaded at run time. `require` keeps the load lazy *and*
// synchronous: a gateway that only serves Anthropic never pays for cl100k, and counting stays a
// plain function call inside a synchronous stage.
const requireEncoding = createRequire(import.meta.url);
const loaded = new Map<EncodingName, Encoder>();

function encoder(name: EncodingName): Encoder {
  let enc = loaded.get(name);
  if (!enc) {
    enc = (name === 'o200k_base'
      ? requireEncoding('gpt-tokenizer/cjs/encoding/o200k_base')
      : requireEncoding('gpt-tokenizer/cjs/encoding/cl100k_base')) as Encoder;
    loaded.set(name, enc);
  }
  return enc;
}

/** Loads the encodings now (e.g. at startup) so the first request does not pay the load time. */
export function warmTokenizers(names: readonly EncodingName[] = ['o200k_base', 'cl100k_base']): void {
  for (const name of names) encoder(name);
}

/**
 * The encoding OpenAI uses for a model (tiktoken's model map): cl100k_base for GPT-4 (not 4o/4.1/
 * 4.5), GPT-3.5 and the text-embedding models, o200k_base for everything newer. Unknown names
 * (including Azure deployment names) get o200k_base, the encoding of every current model.
 */
export function encodingForModel(model: string | undefined): EncodingName {
  if (model === undefined) return 'o200k_base';
  const m = model.toLowerCase();
  if (m === 'gpt-4' || m.startsWith('gpt-4-') || m.startsWith('gpt-3.5') || m.startsWith('gpt-35') || m.startsWith('text-embedding-')) {
    return 'cl100k_base';
  }
  return 'o200k_base';
}

// Client text is counted as text: a literal "<|endoftext|>" in a prompt is not a control token to
// the API, and gpt-tokenizer would otherwise throw on it. Counting it as text gives more tokens,
// never fewer.
const AS_TEXT = Object.freeze({ disallowedSpecial: new Set<string>() });

/**
 * BPE merging is quadratic in the length of one pre-tokenized piece: 100 000 × "a" or 100 000
 * spaces take 10–20 s in gpt-tokenizer (and in tiktoken). A client could stall the gateway with
 * one such prompt, so text is cut wherever a piece could grow past MAX_RUN characters. A cut can
 * only split a piece, which never merges across the cut; each cut is charged one extra token so the
 * count stays at or above the uncut one.
 */
const MAX_RUN = 64;

/**
 * What the Claude estimate (claude.ts) needs besides the token count, gathered in the same pass:
 * the ASCII characters, the summed per-character floors of everything else (scripts.ts), and how
 * many of those are letters of some script (not punctuation, symbols or emoji).
 */
export interface TextStats {
  ascii: number;
  nonAsciiFloor: number;
  nonAsciiLetters: number;
}

export function emptyStats(): TextStats {
  return { ascii: 0, nonAsciiFloor: 0, nonAsciiLetters: 0 };
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Counts the tokens of `text` in one pass over it. When `stats` is given, the same pass adds the
 * text's character statistics to it.
 *
 * A run counter is reset only where o200k/cl100k's pre-tokenizer must start a new piece: at a
 * space that follows a non-space (" word" pieces start there) and after a line break followed by a
 * non-space. Ordinary prose is therefore never cut; text without such breaks (long words, CJK
 * without punctuation, whitespace or symbol runs, base64) is cut every MAX_RUN characters.
 */
export function countTextTokens(name: EncodingName, text: string, stats?: TextStats): number {
  if (text.length === 0) return 0;
  const enc = encoder(name);
  let tokens = 0;
  let segmentStart = 0;
  let run = 0;
  let prev = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (stats) {
      if (c < 0x80) stats.ascii++;
      else if (c >= 0xd800 && c <= 0xdbff) stats.nonAsciiFloor += ASTRAL_FLOOR;
      else if (c < 0xdc00 || c > 0xdfff) {
        const floor = bmpCharFloor(c);
        if (floor < 0) {
          stats.nonAsciiFloor -= floor;
          stats.nonAsciiLetters++;
        } else stats.nonAsciiFloor += floor;
      }
    }
    if ((c === 0x20 && prev !== -1 && !isSpace(prev)) || ((prev === 0x0a || prev === 0x0d) && !isSpace(c))) {
      run = 0;
    } else if (++run >= MAX_RUN && !(c >= 0xd800 && c <= 0xdbff)) {
      // Cut after this character (never between the halves of a surrogate pair).
      tokens += enc.countTokens(text.slice(segmentStart, i + 1), AS_TEXT) + 1;
      segmentStart = i + 1;
      run = 0;
    }
    prev = c;
  }
  if (segmentStart < text.length) {
    tokens += enc.countTokens(segmentStart === 0 ? text : text.slice(segmentStart), AS_TEXT);
  }
  return tokens;
}
