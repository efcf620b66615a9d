/** Tells content kinds apart by their first bytes, and skips what cannot hold a text secret. */

/** Like git: a NUL byte in the first 8000 bytes means binary. */
export function isBinary(head: Buffer): boolean {
  return head.subarray(0, 8000).includes(0);
}

export function isGzip(head: Buffer): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08;
}

// Media, fonts, compiled code and formats this scanner does not open (zip-based, zstd): skipped by
// name, without reading them. Tar and gzip are opened whatever their name.
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'ico', 'bmp', 'tif', 'tiff', 'psd',
  'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'mp4', 'm4a', 'wav', 'ogg', 'webm', 'mov', 'avi', 'flac',
  'zip', 'jar', 'war', 'whl', '7z', 'rar', 'xz', 'bz2', 'zst', 'dmg', 'iso',
  'wasm', 'so', 'dylib', 'dll', 'exe', 'o', 'a', 'class', 'pyc', 'node', 'bin',
  'pdf', 'sqlite', 'db',
]);

export function hasBinaryExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}
