import type { InputRole, InputSegment } from '../input-segment.js';
import { arr, obj, str, type Json } from '../json.js';

/**
 * The texts of an Anthropic Messages request: `system`, every message's text blocks, tool results
 * (text or nested blocks), plain-text and content documents, and search results. Base64 PDFs and
 * images carry no text the gateway reads (docs/detection.md, blind spots).
 */
export function anthropicInputSegments(body: Json): InputSegment[] {
  const out: InputSegment[] = [];
  blocks(out, 'system', 'system', body.system);
  for (const [i, value] of arr(body.messages).entries()) {
    const message = obj(value);
    if (!message) continue;
    const role: InputRole = message.role === 'assistant' ? 'assistant' : 'user';
    blocks(out, role, `messages[${i}].content`, message.content);
  }
  return out;
}

function blocks(out: InputSegment[], role: InputRole, path: string, content: unknown): void {
  if (typeof content === 'string') {
    push(out, role, path, content);
    return;
  }
  for (const [k, value] of arr(content).entries()) {
    const block = obj(value);
    if (!block) continue;
    const at = `${path}[${k}]`;
    switch (block.type) {
      case 'text':
        push(out, role, at, str(block.text));
        break;
      case 'tool_result':
        blocks(out, 'tool', `${at}.content`, block.content);
        break;
      case 'tool_use':
      case 'server_tool_use':
        push(out, 'assistant', `${at}.input`, block.input === undefined ? undefined : JSON.stringify(block.input));
        break;
      case 'document':
        documentText(out, `${at}.source`, obj(block.source));
        push(out, 'document', `${at}.context`, str(block.context));
        break;
      case 'search_result':
        blocks(out, 'document', `${at}.content`, block.content);
        break;
      default:
        break;
    }
  }
}

function documentText(out: InputSegment[], path: string, source: Json | undefined): void {
  if (!source) return;
  if (source.type === 'text') push(out, 'document', `${path}.data`, str(source.data));
  else if (source.type === 'content') blocks(out, 'document', `${path}.content`, source.content);
}

function push(out: InputSegment[], role: InputRole, path: string, text: string | undefined): void {
  if (text) out.push({ role, path, text });
}
