/** How a payload was hidden. */
export type LayerKind = 'base64' | 'hex' | 'rot13' | 'reversed' | 'concat' | 'tags' | 'variation-selectors';

/** One decoded payload found in a text; start/end are offsets in the text the decoder scanned. */
export interface DecodedCandidate {
  readonly layer: LayerKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** A decoder looks at one view of a text and returns the payloads it could decode. */
export type Decoder = (text: string, maxOut: number) => DecodedCandidate[];
