import { collectText, estimateTokens, lastUserText, mockReply, splitDeltas } from './mock-text.js';
import type { MockAnswer } from './types.js';

type Body = Record<string, unknown>;

export function messagesAnswer(body: Body): MockAnswer {
  const model = typeof body.model === 'string' ? body.model : 'claude-mock';
  const reply = mockReply(lastUserText(body.messages), body.max_tokens);
  const inputTokens = estimateTokens(collectText(body.messages) + collectText(body.system));
  const outputTokens = splitDeltas(reply).length;
  const id = `msg_mock${Date.now().toString(36)}`;
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text: reply }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: inputTokens, output_tokens: outputTokens, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
  };
  if (body.stream !== true) return { json: message };
  const ev = (type: string, data: Body): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    ev('message_start', { message: { ...message, content: [], stop_reason: null, usage: { ...message.usage, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ev('ping', {}),
  ];
  for (const piece of splitDeltas(reply)) events.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
  events.push(
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: outputTokens } }),
    ev('message_stop', {}),
  );
  return { events };
}

export function countTokensAnswer(body: Body): MockAnswer {
  return { json: { input_tokens: estimateTokens(collectText(body.messages) + collectText(body.system)) } };
}

export function anthropicModels(): MockAnswer {
  const ids = ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'];
  return {
    json: {
      data: ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' })),
      has_more: false,
      first_id: ids[0],
      last_id: ids[ids.length - 1],
    },
  };
}
