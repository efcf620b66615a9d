import type { TextDelta } from '../../pipeline/types.js';
import type { Endpoint } from '../routes.js';
import { arr, obj, str } from '../json.js';

/** The output text of a whole (non-streamed) OpenAI response, per choice or output item. */
export function openaiText(endpoint: Endpoint, body: unknown): TextDelta[] {
  const json = obj(body);
  if (!json) return [];
  const out: TextDelta[] = [];
  if (endpoint === 'chat_completions') {
    for (const [i, choiceValue] of arr(json.choices).entries()) {
      const message = obj(obj(choiceValue)?.message);
      const index = typeof obj(choiceValue)?.index === 'number' ? (obj(choiceValue)?.index as number) : i;
      pushText(out, 'content', index, str(message?.content));
      pushText(out, 'refusal', index, str(message?.refusal));
      for (const call of arr(message?.tool_calls)) {
        pushText(out, 'tool_arguments', index, str(obj(obj(call)?.function)?.arguments));
      }
    }
  } else if (endpoint === 'responses') {
    for (const [index, itemValue] of arr(json.output).entries()) {
      const item = obj(itemValue);
      if (item?.type === 'function_call') pushText(out, 'tool_arguments', index, str(item.arguments));
      for (const part of arr(item?.content)) {
        const p = obj(part);
        if (p?.type === 'output_text') pushText(out, 'content', index, str(p.text));
        else if (p?.type === 'refusal') pushText(out, 'refusal', index, str(p.refusal));
      }
    }
  }
  return out;
}

export function pushText(out: TextDelta[], channel: TextDelta['channel'], index: number, text: string | undefined): void {
  if (text) out.push({ channel, index, text });
}
