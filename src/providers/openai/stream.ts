import type { TokenUsage } from '../../audit/event.js';
import { NO_USAGE } from '../../audit/event.js';
import type { TextDelta } from '../../pipeline/types.js';
import type { Endpoint } from '../routes.js';
import type { SseEvent } from '../sse.js';
import type { StreamEventView, StreamObserver, StreamOptions } from '../types.js';
import { arr, num, obj, str, tryParse } from '../json.js';
import { pushText } from './text.js';
import { openaiUsage } from './usage.js';

const FORWARD_NOTHING: StreamEventView = Object.freeze({ forward: true, deltas: [] });

/**
 * Chat Completions streams: unnamed `data:` chunks, then `data: [DONE]`. With
 * `stream_options.include_usage` the last chunk before [DONE] has empty `choices` and the usage.
 */
export function observeChatStream(options: StreamOptions): StreamObserver {
  let usage: TokenUsage = NO_USAGE;
  let finished = false;
  return {
    get finished() {
      return finished;
    },
    usage: () => usage,
    onEvent(event: SseEvent): StreamEventView {
      if (event.data === '[DONE]') {
        finished = true;
        return FORWARD_NOTHING;
      }
      // Without output stages only the usage chunk needs parsing; a string test finds it cheaply.
      const mayCarryUsage = event.data.includes('"usage":{') || event.data.includes('"usage": {');
      if (!options.wantText && !mayCarryUsage) return FORWARD_NOTHING;
      const chunk = obj(tryParse(event.data));
      if (!chunk) return FORWARD_NOTHING;
      let forward = true;
      if (obj(chunk.usage)) {
        usage = openaiUsage(chunk.usage);
        if (options.dropUsageChunk && arr(chunk.choices).length === 0) forward = false;
      }
      if (!options.wantText) return { forward, deltas: [] };
      const deltas: TextDelta[] = [];
      for (const choiceValue of arr(chunk.choices)) {
        const choice = obj(choiceValue);
        const index = num(choice?.index) ?? 0;
        const delta = obj(choice?.delta);
        pushText(deltas, 'content', index, str(delta?.content));
        pushText(deltas, 'refusal', index, str(delta?.refusal));
        for (const call of arr(delta?.tool_calls)) {
          pushText(deltas, 'tool_arguments', index, str(obj(obj(call)?.function)?.arguments));
        }
      }
      return { forward, deltas };
    },
  };
}

/** Responses API streams: named events; usage arrives with the terminal response event. */
export function observeResponsesStream(options: StreamOptions): StreamObserver {
  let usage: TokenUsage = NO_USAGE;
  let finished = false;
  return {
    get finished() {
      return finished;
    },
    usage: () => usage,
    onEvent(event: SseEvent): StreamEventView {
      const name = event.event ?? '';
      const terminal = name === 'response.completed' || name === 'response.incomplete' || name === 'response.failed';
      const textEvent = name.endsWith('.delta');
      if (!terminal && !(textEvent && options.wantText)) return FORWARD_NOTHING;
      const data = obj(tryParse(event.data));
      if (!data) return FORWARD_NOTHING;
      if (terminal) {
        finished = true;
        usage = openaiUsage(obj(data.response)?.usage);
        return FORWARD_NOTHING;
      }
      const index = num(data.output_index) ?? 0;
      const deltas: TextDelta[] = [];
      if (name === 'response.output_text.delta') pushText(deltas, 'content', index, str(data.delta));
      else if (name === 'response.function_call_arguments.delta') pushText(deltas, 'tool_arguments', index, str(data.delta));
      else if (name === 'response.refusal.delta') pushText(deltas, 'refusal', index, str(data.delta));
      else if (name.startsWith('response.reasoning')) pushText(deltas, 'reasoning', index, str(data.delta));
      return { forward: true, deltas };
    },
  };
}

export function observeOpenAIStream(endpoint: Endpoint, options: StreamOptions): StreamObserver {
  return endpoint === 'responses' ? observeResponsesStream(options) : observeChatStream(options);
}
