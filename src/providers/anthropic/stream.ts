import type { TokenUsage } from '../../audit/event.js';
import { NO_USAGE } from '../../audit/event.js';
import type { TextDelta } from '../../pipeline/types.js';
import type { SseEvent } from '../sse.js';
import type { StreamEventView, StreamObserver, StreamOptions } from '../types.js';
import { num, obj, str, tryParse } from '../json.js';
import { pushText } from '../openai/text.js';
import { anthropicUsage, mergeUsage } from './usage.js';

const FORWARD_NOTHING: StreamEventView = Object.freeze({ forward: true, deltas: [] });

/**
 * Messages streams (docs.anthropic.com/en/docs/build-with-claude/streaming): message_start
 * carries input usage, content_block_delta the text, message_delta the output usage, and
 * message_stop ends the message.
 */
export function observeAnthropicStream(options: StreamOptions): StreamObserver {
  let usage: TokenUsage = NO_USAGE;
  let finished = false;
  return {
    get finished() {
      return finished;
    },
    usage: () => usage,
    onEvent(event: SseEvent): StreamEventView {
      switch (event.event) {
        case 'message_start': {
          const data = obj(tryParse(event.data));
          usage = mergeUsage(usage, anthropicUsage(obj(data?.message)?.usage));
          return FORWARD_NOTHING;
        }
        case 'message_delta': {
          const data = obj(tryParse(event.data));
          usage = mergeUsage(usage, anthropicUsage(data?.usage));
          return FORWARD_NOTHING;
        }
        case 'message_stop':
          finished = true;
          return FORWARD_NOTHING;
        case 'content_block_delta': {
          if (!options.wantText) return FORWARD_NOTHING;
          const data = obj(tryParse(event.data));
          const delta = obj(data?.delta);
          const index = num(data?.index) ?? 0;
          const deltas: TextDelta[] = [];
          if (delta?.type === 'text_delta') pushText(deltas, 'content', index, str(delta.text));
          else if (delta?.type === 'input_json_delta') pushText(deltas, 'tool_arguments', index, str(delta.partial_json));
          else if (delta?.type === 'thinking_delta') pushText(deltas, 'reasoning', index, str(delta.thinking));
          return { forward: true, deltas };
        }
        default:
          return FORWARD_NOTHING;
      }
    },
  };
}
