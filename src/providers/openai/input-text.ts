import type { InputRole, InputSegment } from '../input-segment.js';
import { arr, obj, str, type Json } from '../json.js';

/**
 * The texts of an OpenAI request: chat messages (string or content parts), tool and function
 * results, the Responses API's `instructions` and input items. Images, audio and files carry no
 * text the gateway can read; a `file_data` PDF is not extracted (docs/detection.md, blind spots).
 */
export function openaiInputSegments(endpoint: 'chat_completions' | 'responses', body: Json): InputSegment[] {
  const out: InputSegment[] = [];
  if (endpoint === 'chat_completions') {
    for (const [i, value] of arr(body.messages).entries()) {
      const message = obj(value);
      if (!message) continue;
      const role = chatRole(str(message.role));
      const path = `messages[${i}]`;
      pushContent(out, role, `${path}.content`, message.content);
      for (const [j, call] of arr(message.tool_calls).entries()) {
        push(out, 'assistant', `${path}.tool_calls[${j}].function.arguments`, str(obj(obj(call)?.function)?.arguments));
      }
      push(out, 'assistant', `${path}.function_call.arguments`, str(obj(message.function_call)?.arguments));
    }
    return out;
  }
  push(out, 'developer', 'instructions', str(body.instructions));
  if (typeof body.input === 'string') {
    push(out, 'user', 'input', body.input);
    return out;
  }
  for (const [i, value] of arr(body.input).entries()) {
    const item = obj(value);
    if (!item) continue;
    const path = `input[${i}]`;
    switch (item.type) {
      case 'function_call_output':
      case 'custom_tool_call_output':
      case 'computer_call_output':
      case 'local_shell_call_output':
      case 'mcp_call':
        pushContent(out, 'tool', `${path}.output`, item.output);
        break;
      case 'function_call':
        push(out, 'assistant', `${path}.arguments`, str(item.arguments));
        break;
      case 'custom_tool_call':
        push(out, 'assistant', `${path}.input`, str(item.input));
        break;
      default:
        // A message item, with or without `type: "message"`.
        if (item.role !== undefined) pushContent(out, chatRole(str(item.role)), `${path}.content`, item.content);
    }
  }
  return out;
}

function chatRole(role: string | undefined): InputRole {
  switch (role) {
    case 'system':
    case 'developer':
    case 'assistant':
    case 'user':
      return role;
    case 'tool':
    case 'function':
      return 'tool';
    default:
      // An unknown role is treated as the least trusted one the client can claim.
      return 'user';
  }
}

/** A content value: a string, or parts of the chat (`text`) or Responses (`input_text`…) kinds. */
function pushContent(out: InputSegment[], role: InputRole, path: string, content: unknown): void {
  if (typeof content === 'string') {
    push(out, role, path, content);
    return;
  }
  for (const [k, value] of arr(content).entries()) {
    const part = obj(value);
    if (!part) continue;
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        push(out, role, `${path}[${k}]`, str(part.text));
        break;
      case 'refusal':
        push(out, role, `${path}[${k}]`, str(part.refusal));
        break;
      default:
        break;
    }
  }
}

function push(out: InputSegment[], role: InputRole, path: string, text: string | undefined): void {
  if (text) out.push({ role, path, text });
}
