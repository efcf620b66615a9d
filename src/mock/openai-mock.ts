import { collectText, estimateTokens, lastUserText, mockReply, splitDeltas } from './mock-text.js';
import type { MockAnswer } from './types.js';

type Body = Record<string, unknown>;

export function chatCompletion(body: Body): MockAnswer {
  const model = typeof body.model === 'string' ? body.model : 'mock';
  const reply = mockReply(lastUserText(body.messages), body.max_completion_tokens ?? body.max_tokens);
  const usage = {
    prompt_tokens: estimateTokens(collectText(body.messages)),
    completion_tokens: splitDeltas(reply).length,
    total_tokens: 0,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const id = `chatcmpl-mock${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  if (body.stream !== true) {
    return {
      json: {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage,
      },
    };
  }
  const includeUsage = (body.stream_options as Body | undefined)?.include_usage === true;
  const chunk = (choices: unknown[], extra: Body = {}): string =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
  const events = [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
  for (const piece of splitDeltas(reply)) events.push(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  events.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (includeUsage) events.push(chunk([], { usage }));
  events.push('data: [DONE]\n\n');
  return { events };
}

export function responsesAnswer(body: Body): MockAnswer {
  const model = typeof body.model === 'string' ? body.model : 'mock';
  const reply = mockReply(lastUserText(body.input), body.max_output_tokens);
  const usage = {
    input_tokens: estimateTokens(collectText(body.input)),
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: splitDeltas(reply).length,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: 0,
  };
  usage.total_tokens = usage.input_tokens + usage.output_tokens;
  const id = `resp_mock${Date.now().toString(36)}`;
  const itemId = `msg_mock${Date.now().toString(36)}`;
  const base = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model, error: null, incomplete_details: null };
  const message = { id: itemId, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: reply, annotations: [] }] };
  const done = { ...base, status: 'completed', output: [message], output_text: reply, usage };
  if (body.stream !== true) return { json: done };
  let seq = 0;
  const ev = (type: string, data: Body): string => `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`;
  const events = [
    ev('response.created', { response: { ...base, status: 'in_progress', output: [], usage: null } }),
    ev('response.output_item.added', { output_index: 0, item: { ...message, status: 'in_progress', content: [] } }),
    ev('response.content_part.added', { item_id: itemId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } }),
  ];
  for (const piece of splitDeltas(reply)) {
    events.push(ev('response.output_text.delta', { item_id: itemId, output_index: 0, content_index: 0, delta: piece }));
  }
  events.push(
    ev('response.output_text.done', { item_id: itemId, output_index: 0, content_index: 0, text: reply }),
    ev('response.content_part.done', { item_id: itemId, output_index: 0, content_index: 0, part: message.content[0] }),
    ev('response.output_item.done', { output_index: 0, item: message }),
    ev('response.completed', { response: done }),
  );
  return { events };
}

export function embeddings(body: Body): MockAnswer {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const data = inputs.map((input, index) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input);
    // A deterministic small vector: same text, same embedding.
    const vector = Array.from({ length: 8 }, (_, i) => ((text.charCodeAt(i % Math.max(1, text.length)) || 0) % 17) / 17);
    // The openai SDK asks for base64 (little-endian float32) by default and decodes it itself.
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  const tokens = estimateTokens(inputs.map(String).join(' '));
  return { json: { object: 'list', data, model: typeof body.model === 'string' ? body.model : 'mock', usage: { prompt_tokens: tokens, total_tokens: tokens } } };
}

export function openaiModels(): MockAnswer {
  const ids = ['gpt-4o-mini', 'gpt-4o', 'gpt-5-mini', 'text-embedding-3-small'];
  return { json: { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'portcullis-mock' })) } };
}
