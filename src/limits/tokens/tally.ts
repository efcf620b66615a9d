/**
 * The running count for one request. Text goes through the provider's text cost (exact o200k /
 * cl100k counts for OpenAI, the conservative estimate for Claude); media and framing are added as
 * fixed amounts; anything the count had to assume is noted once, for the audit trail.
 */
export class Tally {
  private total = 0;
  private exactChars: number;
  private readonly notes: string[] = [];

  constructor(
    private readonly textCost: (text: string) => number,
    exactCharBudget: number,
  ) {
    this.exactChars = exactCharBudget;
  }

  /**
   * Counts a piece of text. Past the request's exact-count budget (BPE costs a few µs per
   * character, so a 4 MB body of random text would hold the event loop for seconds) text is
   * charged one token per UTF-8 byte: no byte-level BPE token is shorter than a byte, so that is
   * an upper bound for every tokenizer here.
   */
  text(value: string): void {
    if (value.length === 0) return;
    if (value.length <= this.exactChars) {
      this.exactChars -= value.length;
      this.total += this.textCost(value);
      return;
    }
    this.exactChars = 0;
    this.total += Buffer.byteLength(value, 'utf8');
    this.assume('text past the exact-count budget charged one token per UTF-8 byte');
  }

  /** Counts a JSON value by its compact serialization (tool schemas, tool inputs). */
  json(value: unknown): void {
    if (value === undefined) return;
    this.text(JSON.stringify(value));
  }

  add(tokens: number): void {
    this.total += tokens;
  }

  assume(note: string): void {
    if (!this.notes.includes(note)) this.notes.push(note);
  }

  get tokens(): number {
    return Math.ceil(this.total);
  }

  get assumptions(): readonly string[] {
    return this.notes;
  }
}

/**
 * Charges a value of unknown shape by walking it: every key as text, numbers and booleans as
 * text, and strings as `onString` decides (data URLs may be images or documents). Never less
 * than the value's content.
 */
export function tallyWalk(tally: Tally, value: unknown, onString: (text: string) => void, skipKey?: (key: string) => boolean): void {
  if (typeof value === 'string') {
    onString(value);
    return;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    tally.text(String(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) tallyWalk(tally, item, onString, skipKey);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (skipKey?.(key)) continue;
    tally.text(key);
    tallyWalk(tally, item, onString, skipKey);
  }
}
