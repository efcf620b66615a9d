import { inflateSync } from 'node:zlib';

/**
 * How many pages a PDF has, read without a PDF library: the providers bill PDFs per page (the
 * page's text plus an image of it), so the page count bounds the cost.
 *
 * Every page object carries `/Type /Page`, and page-tree nodes carry `/Count <pages below>`; the
 * larger of "page objects seen" and "largest /Count" is returned. Both can only over-count (an
 * incrementally updated file keeps old page objects; a /Count never exceeds the root's). PDF 1.5
 * files may hide the page objects in compressed object streams (`/Type /ObjStm`), so those are
 * inflated — bounded, a PDF is attacker-controlled — and searched too. Encrypted or otherwise
 * unreadable files give undefined; the caller then falls back to a size-based estimate.
 */
export function countPdfPages(bytes: Buffer): number | undefined {
  const text = bytes.toString('latin1');
  // The header may follow up to 1 KB of junk (PDF 1.7, annex H.3).
  if (!text.slice(0, 1024).includes('%PDF-')) return undefined;
  let pages = 0;
  let count = 0;
  const scan = (s: string): void => {
    pages += countMatches(s, PAGE_OBJECT);
    for (const m of s.matchAll(PAGE_COUNT)) count = Math.max(count, Number(m[1]));
  };
  scan(text);
  if (pages === 0 && count === 0) {
    let budget = MAX_INFLATED_BYTES;
    for (const m of text.matchAll(OBJECT_STREAM)) {
      if (budget <= 0) break;
      const start = m.index + m[0].length;
      const end = text.indexOf('endstream', start);
      if (end < 0) break;
      try {
        const inflated = inflateSync(bytes.subarray(start, end), { maxOutputLength: budget });
        budget -= inflated.length;
        scan(inflated.toString('latin1'));
      } catch {
        // Not Flate, corrupt, encrypted or over budget: this stream tells us nothing.
      }
    }
  }
  const result = Math.max(pages, count);
  return result > 0 ? result : undefined;
}

// `/Type /Page` but not `/Type /Pages`; PDF names end at whitespace or a delimiter.
const PAGE_OBJECT = /\/Type\s*\/Page(?![A-Za-z0-9#])/g;
const PAGE_COUNT = /\/Count\s+(\d{1,7})(?![\d.])/g;
// The dictionary of an object stream, up to the start of its data.
const OBJECT_STREAM = /\/Type\s*\/ObjStm[^]*?stream\r?\n/g;
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

function countMatches(s: string, re: RegExp): number {
  let n = 0;
  for (const _ of s.matchAll(re)) n++;
  return n;
}
