import { WordSplitter, splitWords } from './words.js';

export interface LeakDetectorOptions {
  /** Words per shingle: 8 makes an accidental match with ordinary prose very unlikely. */
  readonly shingleWords?: number;
  /** Leak when at least this fraction of the prompt's shingles appeared in the output. */
  readonly threshold?: number;
  /** Leak when a near-verbatim run of prompt text is at least this many words (default 3 × shingle). */
  readonly minRunWords?: number;
  /**
   * Words of a run that may be missing or changed between matching shingles. One edited word
   * breaks every shingle containing it but leaves a one-word hole between the matching ones, so 2
   * keeps a lightly edited copy ("you are a helpful bank assistant" → "you're a helpful bank
   * assistant") one run.
   */
  readonly maxGapWords?: number;
}

export interface LeakVerdict {
  readonly leaked: boolean;
  /** Fraction of the prompt's distinct shingles seen in the output so far, 0..1. */
  readonly overlap: number;
  /** Longest near-verbatim run of prompt text in the output, in words (holes included). */
  readonly longestRunWords: number;
}

export interface LeakStream {
  /** Feeds the next text delta; returns the verdict on everything seen so far. */
  feed(delta: string): LeakVerdict;
  /** Ends the stream (completes the last word) and returns the final verdict. */
  end(): LeakVerdict;
}

export interface LeakDetector {
  scan(text: string): LeakVerdict;
  stream(): LeakStream;
}

const KEY_SEP = '\u0001';

/**
 * Word-shingle overlap between a system prompt and model output. The prompt is turned into its
 * set of k-word shingles once; output words are shingled as they stream, so memory is the
 * prompt's shingle set plus the last k words, whatever the length of the output.
 */
export function createLeakDetector(systemPrompt: string, options: LeakDetectorOptions = {}): LeakDetector {
  const promptWords = splitWords(systemPrompt);
  const k = Math.max(1, Math.min(options.shingleWords ?? 8, promptWords.length));
  const threshold = options.threshold ?? 0.3;
  const minRunWords = options.minRunWords ?? 3 * (options.shingleWords ?? 8);
  const maxGap = options.maxGapWords ?? 2;
  const index = new Map<string, number>();
  for (let i = 0; i + k <= promptWords.length; i++) {
    const key = promptWords.slice(i, i + k).join(KEY_SEP);
    if (!index.has(key)) index.set(key, index.size);
  }
  const total = index.size;

  const stream = (): LeakStream => {
    const splitter = new WordSplitter();
    const window: string[] = [];
    const seen = new Uint8Array(total);
    let seenCount = 0;
    let position = -1; // index of the latest output word
    let runStart = -1;
    let runEnd = -Infinity;
    let longest = 0;

    const verdict = (): LeakVerdict => {
      const overlap = total === 0 ? 0 : seenCount / total;
      return { leaked: total > 0 && (overlap >= threshold || longest >= minRunWords), overlap, longestRunWords: longest };
    };
    const addWord = (w: string): void => {
      position++;
      window.push(w);
      if (window.length > k) window.shift();
      if (window.length < k) return;
      const id = index.get(window.join(KEY_SEP));
      if (id === undefined) return;
      if (seen[id] === 0) {
        seen[id] = 1;
        seenCount++;
      }
      const spanStart = position - k + 1;
      if (spanStart > runEnd + 1 + maxGap) runStart = spanStart;
      runEnd = position;
      longest = Math.max(longest, runEnd - runStart + 1);
    };
    return {
      feed(delta) {
        for (const w of splitter.push(delta)) addWord(w);
        return verdict();
      },
      end() {
        for (const w of splitter.end()) addWord(w);
        return verdict();
      },
    };
  };

  return {
    scan(text) {
      const s = stream();
      s.feed(text);
      return s.end();
    },
    stream,
  };
}
