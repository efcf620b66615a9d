/**
 * Provider-shaped SSE streams carrying a given text in small deltas, for tests whose fake
 * upstream must say something specific (echo a system prompt, leak a key).
 */
export function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

export function chatEvents(text: string, size = 5): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-t', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [chunk({ role: 'assistant', content: '' }), ...chunks(text, size).map((piece) => chunk({ content: piece })), chunk({}, 'stop'), 'data: [DONE]\n\n'];
}

export function anthropicEvents(text: string, size = 5): string[] {
  const ev = (name: string, data: Record<string, unknown>): string => `event: ${name}\ndata: ${JSON.stringify({ type: name, ...data })}\n\n`;
  return [
    ev('message_start', { message: { id: 'msg_t', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 5, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...chunks(text, size).map((piece) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } })),
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 10 } }),
    ev('message_stop', {}),
  ];
}

export function responsesEvents(text: string, size = 5): string[] {
  let seq = 0;
  const ev = (name: string, data: Record<string, unknown>): string => `event: ${name}\ndata: ${JSON.stringify({ type: name, sequence_number: seq++, ...data })}\n\n`;
  const base = { id: 'resp_t', object: 'response', created_at: 1, model: 'gpt-4o-mini', error: null, incomplete_details: null };
  const message = (t: string, status: string) => ({ id: 'msg_t', type: 'message', role: 'assistant', status, content: [{ type: 'output_text', text: t, annotations: [] }] });
  return [
    ev('response.created', { response: { ...base, status: 'in_progress', output: [] } }),
    ev('response.output_item.added', { output_index: 0, item: { ...message('', 'in_progress'), content: [] } }),
    ev('response.content_part.added', { output_index: 0, content_index: 0, item_id: 'msg_t', part: { type: 'output_text', text: '', annotations: [] } }),
    ...chunks(text, size).map((piece) => ev('response.output_text.delta', { output_index: 0, content_index: 0, item_id: 'msg_t', delta: piece })),
    ev('response.output_text.done', { output_index: 0, content_index: 0, item_id: 'msg_t', text }),
    ev('response.content_part.done', { output_index: 0, content_index: 0, item_id: 'msg_t', part: { type: 'output_text', text, annotations: [] } }),
    ev('response.output_item.done', { output_index: 0, item: message(text, 'completed') }),
    ev('response.completed', {
      response: { ...base, status: 'completed', output: [message(text, 'completed')], usage: { input_tokens: 5, output_tokens: 10, total_tokens: 15, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } } },
    }),
  ];
}

/** A whole chat completion whose message is `text`. */
export function chatJson(text: string): unknown {
  return {
    id: 'chatcmpl-t',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 5, completion_tokens: 10, total_tokens: 15 },
  };
}
