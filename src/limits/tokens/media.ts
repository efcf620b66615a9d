/**
 * Just enough of the common media formats to size a request's attachments without decoding them:
 * image dimensions from the file header, the byte length of base64 data, a WAV file's byte rate.
 */

export interface DataUrl {
  /** Lower-cased media type, '' when the URL names none. */
  readonly mediaType: string;
  readonly base64: boolean;
  /** The payload after the comma, still encoded. */
  readonly data: string;
}

/** Parses `data:[<media type>][;param…][;base64],<data>` (RFC 2397); undefined for other URLs. */
export function parseDataUrl(url: string): DataUrl | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const params = url.slice(5, comma).split(';');
  const mediaType = (params[0] ?? '').trim().toLowerCase();
  const base64 = params.slice(1).some((p) => p.trim().toLowerCase() === 'base64');
  return { mediaType, base64, data: url.slice(comma + 1) };
}

/** Decoded size of base64 text, without decoding it (whitespace ignored, padding honoured). */
export function base64ByteLength(data: string): number {
  let chars = 0;
  let padding = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 0x3d) padding++;
    else if (c > 0x20) chars++;
  }
  return Math.floor(((chars + padding) * 3) / 4) - Math.min(padding, 2);
}

/** Decodes at most the first `maxChars` base64 characters (rounded down to whole quanta). */
export function decodeBase64Prefix(data: string, maxChars: number): Buffer {
  if (data.length <= maxChars) return Buffer.from(data, 'base64');
  return Buffer.from(data.slice(0, maxChars - (maxChars % 4)), 'base64');
}

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** What sniffing needs: the size, "not an image we know", or "the header is further in". */
type Sniff = ImageSize | 'unknown' | 'need-more';

function be16(b: Uint8Array, i: number): number {
  return (b[i]! << 8) | b[i + 1]!;
}

function le16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}

function le24(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
}

function be32(b: Uint8Array, i: number): number {
  return ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;
}

function ascii(b: Uint8Array, start: number, text: string): boolean {
  if (b.length < start + text.length) return false;
  for (let i = 0; i < text.length; i++) if (b[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

function sized(width: number, height: number): Sniff {
  return width > 0 && height > 0 ? { width, height } : 'unknown';
}

function sniffJpeg(b: Uint8Array): Sniff {
  let i = 2;
  while (i + 1 < b.length) {
    if (b[i] !== 0xff) return 'unknown';
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    // Markers without a length: SOI, TEM, RST0-7.
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return 'unknown'; // end of image / start of scan before any frame
    if (i + 3 >= b.length) return 'need-more';
    const length = be16(b, i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (i + 8 >= b.length) return 'need-more';
      return sized(be16(b, i + 7), be16(b, i + 5));
    }
    i += 2 + length;
  }
  return 'need-more';
}

function sniff(b: Uint8Array): Sniff {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n')) return sized(be32(b, 16), be32(b, 20));
  if (b.length >= 10 && (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'))) return sized(le16(b, 6), le16(b, 8));
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xd8) return sniffJpeg(b);
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) {
    if (b.length < 30) return 'need-more';
    if (ascii(b, 12, 'VP8 ')) return sized(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff);
    if (ascii(b, 12, 'VP8L')) {
      const width = 1 + (((b[22]! & 0x3f) << 8) | b[21]!);
      const height = 1 + (((b[24]! & 0x0f) << 10) | (b[23]! << 2) | ((b[22]! & 0xc0) >> 6));
      return sized(width, height);
    }
    if (ascii(b, 12, 'VP8X')) return sized(1 + le24(b, 24), 1 + le24(b, 27));
  }
  return 'unknown';
}

/** Image dimensions from PNG, GIF, JPEG or WebP bytes; undefined for anything else. */
export function imageSizeFromBytes(bytes: Uint8Array): ImageSize | undefined {
  const result = sniff(bytes);
  return typeof result === 'object' ? result : undefined;
}

// Enough for PNG, GIF and WebP headers and for JPEGs whose EXIF block is not huge; a JPEG frame
// header further in triggers one full decode.
const HEADER_CHARS = 96 * 1024;

/** Image dimensions from base64 image data, decoding only what the header needs. */
export function imageSizeFromBase64(data: string): ImageSize | undefined {
  const head = decodeBase64Prefix(data, HEADER_CHARS);
  const result = sniff(head);
  if (result === 'need-more' && data.length > HEADER_CHARS) return imageSizeFromBytes(Buffer.from(data, 'base64'));
  return typeof result === 'object' ? result : undefined;
}

/**
 * Playing time of base64 audio. WAV headers give the byte rate; for other formats (mp3, …) the
 * size is read at 8 kbit/s, below any bitrate used for speech, so the time is over-, not
 * under-estimated.
 */
export function audioSecondsFromBase64(data: string, format: string | undefined): number {
  const bytes = base64ByteLength(data);
  const head = decodeBase64Prefix(data, 64);
  if ((format === undefined || format === 'wav') && head.length >= 44 && ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE') && ascii(head, 12, 'fmt ')) {
    const byteRate = head.readUInt32LE(28);
    if (byteRate > 0) return bytes / byteRate;
  }
  return bytes / 1000;
}
