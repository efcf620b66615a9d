import { describe, expect, it } from 'vitest';
import {
  audioSecondsFromBase64,
  base64ByteLength,
  decodeBase64Prefix,
  imageSizeFromBase64,
  imageSizeFromBytes,
  parseDataUrl,
} from './media.js';
import { gifHeader, jpegHeader, pngHeader, wavFile, webpHeader } from './test-media.js';

describe('parseDataUrl', () => {
  it('reads media type, base64 flag and payload', () => {
    expect(parseDataUrl('data:image/PNG;base64,iVBOR')).toEqual({ mediaType: 'image/png', base64: true, data: 'iVBOR' });
    expect(parseDataUrl('data:text/plain;charset=utf-8,hello%20world')).toEqual({ mediaType: 'text/plain', base64: false, data: 'hello%20world' });
    expect(parseDataUrl('data:,x')).toEqual({ mediaType: '', base64: false, data: 'x' });
  });

  it('is undefined for other URLs and malformed data URLs', () => {
    expect(parseDataUrl('https://example.com/a.png')).toBeUndefined();
    expect(parseDataUrl('data:image/png;base64')).toBeUndefined();
  });
});

describe('base64ByteLength', () => {
  it.each([0, 1, 2, 3, 4, 5, 100, 1001])('matches the decoded length for %i bytes', (n) => {
    const encoded = Buffer.alloc(n, 7).toString('base64');
    expect(base64ByteLength(encoded)).toBe(n);
  });

  it('ignores line breaks in wrapped base64', () => {
    const encoded = Buffer.alloc(300, 1).toString('base64').replace(/(.{76})/g, '$1\r\n');
    expect(base64ByteLength(encoded)).toBe(300);
  });

  it('decodes only a prefix when asked', () => {
    const encoded = Buffer.from('abcdefghijkl').toString('base64');
    expect(decodeBase64Prefix(encoded, 6).toString()).toBe('abc');
    expect(decodeBase64Prefix(encoded, 1000).toString()).toBe('abcdefghijkl');
  });
});

describe('image sizes', () => {
  it.each([
    ['PNG', pngHeader(1024, 768), 1024, 768],
    ['GIF', gifHeader(320, 200), 320, 200],
    ['JPEG', jpegHeader(4032, 3024), 4032, 3024],
    ['WebP lossy', webpHeader('VP8 ', 640, 480), 640, 480],
    ['WebP lossless', webpHeader('VP8L', 1000, 16383), 1000, 16383],
    ['WebP extended', webpHeader('VP8X', 5000, 3000), 5000, 3000],
  ])('reads %s headers', (_kind, bytes, width, height) => {
    expect(imageSizeFromBytes(bytes)).toEqual({ width, height });
    expect(imageSizeFromBase64(bytes.toString('base64'))).toEqual({ width, height });
  });

  it('finds a JPEG frame header behind a large EXIF block (decoding the rest only then)', () => {
    const bytes = jpegHeader(1800, 2400, 200_000);
    expect(imageSizeFromBase64(bytes.toString('base64'))).toEqual({ width: 1800, height: 2400 });
  });

  it('is undefined for unknown or truncated data', () => {
    expect(imageSizeFromBytes(Buffer.from('not an image at all'))).toBeUndefined();
    expect(imageSizeFromBytes(pngHeader(10, 10).subarray(0, 12))).toBeUndefined();
    expect(imageSizeFromBytes(jpegHeader(10, 10).subarray(0, 10))).toBeUndefined();
    expect(imageSizeFromBase64('!!!!')).toBeUndefined();
    expect(imageSizeFromBytes(pngHeader(0, 10))).toBeUndefined();
  });
});

describe('audioSecondsFromBase64', () => {
  it('uses the WAV byte rate', () => {
    const seconds = audioSecondsFromBase64(wavFile(2.5).toString('base64'), 'wav');
    expect(seconds).toBeGreaterThanOrEqual(2.5);
    expect(seconds).toBeLessThan(2.51);
  });

  it('reads other formats at 8 kbit/s, which over-states their length', () => {
    const mp3 = Buffer.alloc(16_000, 0xff).toString('base64');
    expect(audioSecondsFromBase64(mp3, 'mp3')).toBe(16);
  });
});
