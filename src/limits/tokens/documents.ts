import { base64ByteLength, parseDataUrl } from './media.js';
import { countPdfPages } from './pdf.js';
import type { Tally } from './tally.js';

/**
 * What one PDF page may cost, per provider and model: both providers put the page's extracted
 * text *and* an image of the page into the context (Anthropic: docs.claude.com/en/docs/
 * build-with-claude/pdf-support, "1,500–3,000 tokens per page" of text plus the image cost;
 * OpenAI: platform.openai.com/docs/guides/pdf-files, "both the extracted text and an image of
 * each page").
 */
export interface DocumentCosts {
  readonly textTokensPerPage: number;
  readonly imageTokensPerPage: number;
  /** Charged for a document whose content is not in the request (URL, file id). */
  readonly unknownDocumentTokens: number;
}

/** Anthropic's documented per-request PDF limit; used where the page count cannot be known. */
export const UNKNOWN_DOCUMENT_PAGES = 100;
// Size-based fallback when a PDF's pages cannot be read (encrypted object streams): about the
// smallest a page of text compresses to, so the page count is over-, not under-estimated.
const BYTES_PER_PAGE_FLOOR = 3000;

export function pageTokens(costs: DocumentCosts): number {
  return costs.textTokensPerPage + costs.imageTokensPerPage;
}

/** Charges a base64 PDF by its page count. */
export function tallyPdf(tally: Tally, base64: string, costs: DocumentCosts): void {
  const bytes = Buffer.from(base64, 'base64');
  let pages = countPdfPages(bytes);
  if (pages === undefined) {
    pages = Math.min(UNKNOWN_DOCUMENT_PAGES, Math.max(1, Math.ceil(bytes.length / BYTES_PER_PAGE_FLOOR)));
    tally.assume('PDF pages unreadable: pages estimated from the file size');
  }
  tally.add(pages * pageTokens(costs));
}

export function tallyUnknownDocument(tally: Tally, costs: DocumentCosts, what: string): void {
  tally.add(costs.unknownDocumentTokens);
  tally.assume(`${what}: content not in the request, charged as an unknown document`);
}

const TEXT_TYPES = /^(?:text\/|application\/(?:json|xml|x-ndjson|csv|javascript|x-yaml|yaml)\b)/;

/**
 * Charges file data the way the providers read it: PDFs by page, text by its tokens, anything
 * else (office formats, archives) as an unknown document, since the text extracted from a
 * compressed container is not bounded by its size.
 */
export function tallyFileData(tally: Tally, data: string, mediaType: string, filename: string | undefined, costs: DocumentCosts): void {
  const dataUrl = parseDataUrl(data);
  const type = (dataUrl?.mediaType ?? mediaType).toLowerCase();
  const payload = dataUrl ? dataUrl.data : data;
  const isBase64 = dataUrl ? dataUrl.base64 : true;
  const name = (filename ?? '').toLowerCase();
  if (type === 'application/pdf' || (type === '' && name.endsWith('.pdf'))) {
    if (isBase64) tallyPdf(tally, payload, costs);
    else tallyUnknownDocument(tally, costs, 'non-base64 PDF data');
    return;
  }
  if (TEXT_TYPES.test(type) || /\.(?:txt|md|csv|json|xml|html?|ya?ml|log)$/.test(name)) {
    tally.text(isBase64 ? Buffer.from(payload, 'base64').toString('utf8') : decodeURIComponentSafe(payload));
    return;
  }
  if (base64ByteLength(payload) === 0) return;
  tallyUnknownDocument(tally, costs, `file of type "${type || 'unknown'}"`);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
