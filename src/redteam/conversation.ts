import type { AttackTurn } from './types.js';

/**
 * Attack turns written in each API's request shape. Tool results become a real tool call and its
 * result (OpenAI `tool_calls` + `tool` message, Anthropic `tool_use` + `tool_result`), documents
 * an Anthropic `document` block or, for OpenAI, a delimited document in the user turn: the
 * places where an application passes along text it did not write.
 */
type Json = Record<string, unknown>;

export function openaiMessages(system: string | undefined, turns: readonly AttackTurn[]): Json[] {
  const messages: Json[] = system ? [{ role: 'system', content: system }] : [];
  let call = 0;
  for (const turn of turns) {
    switch (turn.role) {
      case 'user':
      case 'assistant':
        messages.push({ role: turn.role, content: turn.content });
        break;
      case 'document':
        messages.push({ role: 'user', content: `<document title="${turn.title.replace(/"/g, "'")}">\n${turn.content}\n</document>` });
        break;
      case 'tool': {
        const id = `call_rt${String(++call)}`;
        messages.push({ role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: turn.name, arguments: JSON.stringify(turn.arguments) } }] });
        messages.push({ role: 'tool', tool_call_id: id, content: turn.content });
        break;
      }
    }
  }
  return messages;
}

export function anthropicMessages(turns: readonly AttackTurn[]): Json[] {
  const messages: { role: 'user' | 'assistant'; content: Json[] }[] = [];
  const push = (role: 'user' | 'assistant', block: Json): void => {
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content.push(block);
    else messages.push({ role, content: [block] });
  };
  let call = 0;
  for (const turn of turns) {
    switch (turn.role) {
      case 'user':
      case 'assistant':
        push(turn.role, { type: 'text', text: turn.content });
        break;
      case 'document':
        push('user', { type: 'document', title: turn.title, source: { type: 'text', media_type: 'text/plain', data: turn.content } });
        break;
      case 'tool': {
        const id = `toolu_rt${String(++call)}`;
        push('assistant', { type: 'tool_use', id, name: turn.name, input: turn.arguments });
        push('user', { type: 'tool_result', tool_use_id: id, content: turn.content });
        break;
      }
    }
  }
  // A conversation ends with the user speaking; a document or tool result alone gets a nudge.
  const last = messages[messages.length - 1];
  if (last?.role === 'assistant') messages.push({ role: 'user', content: [{ type: 'text', text: 'Please continue.' }] });
  return messages;
}

/** Tool definitions for the tools an attack's turns call (both APIs want them declared). */
export function toolNames(turns: readonly AttackTurn[]): string[] {
  return [...new Set(turns.flatMap((t) => (t.role === 'tool' ? [t.name] : [])))];
}

/** The whole attack as plain role/content turns, for request templates of arbitrary apps. */
export function plainMessages(turns: readonly AttackTurn[]): { role: 'user' | 'assistant'; content: string }[] {
  return turns.map((turn) => {
    switch (turn.role) {
      case 'user':
      case 'assistant':
        return { role: turn.role, content: turn.content };
      case 'document':
        return { role: 'user' as const, content: `Document "${turn.title}":\n${turn.content}` };
      case 'tool':
        return { role: 'user' as const, content: `Result of tool ${turn.name}:\n${turn.content}` };
    }
  });
}

/** Everything the attack sends, for the oracles' echo check. */
export function attackInputText(turns: readonly AttackTurn[]): string {
  return turns.map((t) => t.content).join('\n');
}
