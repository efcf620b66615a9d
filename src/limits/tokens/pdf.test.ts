import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countPdfPages } from './pdf.js';
import { objectStreamPdf, plainPdf } from './test-media.js';

describe('countPdfPages', () => {
  it('counts page objects in plain sight', () => {
    expect(countPdfPages(plainPdf(1))).toBe(1);
    expect(countPdfPages(plainPdf(7))).toBe(7);
  });

  it('does not count the /Pages tree node as a page', () => {
    const pdf = Buffer.from('%PDF-1.4\n<< /Type /Pages /Kids [] /Count 0 >>\n<< /Type/Page >>\n', 'latin1');
    expect(countPdfPages(pdf)).toBe(1);
  });

  it('takes the page tree count when it is larger than the visible page objects', () => {
    const pdf = Buffer.from('%PDF-1.7\n<< /Type /Pages /Count 12 >>\n<< /Type /Page >>\n<< /Type /Page >>\n', 'latin1');
    expect(countPdfPages(pdf)).toBe(12);
  });

  it('finds pages inside compressed object streams', () => {
    expect(countPdfPages(objectStreamPdf(5))).toBe(5);
  });

  it('over-counts rather than under-counts an incrementally updated file', () => {
    const updated = Buffer.concat([plainPdf(2), Buffer.from('4 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n%%EOF\n', 'latin1')]);
    expect(countPdfPages(updated)).toBeGreaterThanOrEqual(2);
  });

  it('accepts junk before the header', () => {
    expect(countPdfPages(Buffer.concat([Buffer.from('junk\n'), plainPdf(3)]))).toBe(3);
  });

  it('is undefined for non-PDFs, unreadable object streams and page-less files', () => {
    expect(countPdfPages(Buffer.from('hello'))).toBeUndefined();
    const garbage = Buffer.from('%PDF-1.5\n<< /Type /ObjStm /N 1 /Filter /FlateDecode >>\nstream\nnot zlib\nendstream\n', 'latin1');
    expect(countPdfPages(garbage)).toBeUndefined();
    expect(countPdfPages(Buffer.from('%PDF-1.4\n%%EOF\n'))).toBeUndefined();
  });

  it('bounds what it inflates (a compression bomb is not expanded)', () => {
    const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.5\n<< /Type /ObjStm /N 1 /Filter /FlateDecode >>\nstream\n', 'latin1'),
      bomb,
      Buffer.from('\nendstream\n', 'latin1'),
    ]);
    const started = performance.now();
    expect(countPdfPages(pdf)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
