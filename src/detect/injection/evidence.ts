/**
 * What the detector reports. Evidence carries rule ids and offsets into the ORIGINAL text only,
 * never text: the gateway's audit log records evidence and must not contain prompt content.
 */
export type InjectionCategory = 'injection' | 'jailbreak' | 'benign';

export interface Evidence {
  readonly kind: 'phrase' | 'structure' | 'decoded' | 'classifier' | 'obfuscation';
  readonly rule: string;
  readonly start: number;
  readonly end: number;
  /** For decoded evidence: the decoders applied, outermost first, e.g. "base64" or "base64>rot13". */
  readonly layer?: string;
}

export interface InjectionVerdict {
  /** 0..1, the maximum over the two category scores. */
  readonly score: number;
  readonly category: InjectionCategory;
  readonly scores: { readonly injection: number; readonly jailbreak: number };
  readonly evidence: readonly Evidence[];
}

export interface Thresholds {
  readonly injection: number;
  readonly jailbreak: number;
}
