import type { TextDelta } from '../../pipeline/types.js';
import { arr, obj, str } from '../json.js';
import { pushText } from '../openai/text.js';

/** The text of a whole Messages response, per content block. */
export function anthropicText(body: unknown): TextDelta[] {
  const out: TextDelta[] = [];
  for (const [index, blockValue] of arr(obj(body)?.content).entries()) {
    const block = obj(blockValue);
    if (block?.type === 'text') pushText(out, 'content', index, str(block.text));
    else if (block?.type === 'tool_use') pushText(out, 'tool_arguments', index, JSON.stringify(block.input ?? {}));
    else if (block?.type === 'thinking') pushText(out, 'reasoning', index, str(block.thinking));
  }
  return out;
}
