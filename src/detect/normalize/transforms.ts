/** Which de-obfuscation step changed a region of the input. */
export type TransformKind =
  | 'tags'
  | 'variation-selectors'
  | 'invisible'
  | 'nfkc'
  | 'percent'
  | 'confusables'
  | 'leet'
  | 'spacing';

/** A region of the ORIGINAL text that a step rewrote (offsets only, never text). */
export interface Transform {
  readonly kind: TransformKind;
  readonly start: number;
  readonly end: number;
}

/** Collects transforms; bounded so a hostile input cannot make the list grow with its length. */
export class TransformLog {
  static readonly MAX = 256;
  readonly items: Transform[] = [];
  count = 0;

  record(kind: TransformKind, start: number, end: number): void {
    this.count++;
    if (this.items.length < TransformLog.MAX) this.items.push({ kind, start, end });
  }
}
