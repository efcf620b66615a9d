import type { Route } from './routes.js';
import { anthropicInputSegments } from './anthropic/input-text.js';
import { openaiInputSegments } from './openai/input-text.js';

/**
 * Who put a piece of request text there. The guard scans the roles its policy names: text from
 * the end user, and text the application pasted in from elsewhere (tool results, documents) —
 * the second is where indirect prompt injection arrives.
 */
export type InputRole = 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'document';

export const INPUT_ROLES: readonly InputRole[] = ['system', 'developer', 'user', 'assistant', 'tool', 'document'];

/** One piece of text in a request body, with where it sits (a JSON path without any text). */
export interface InputSegment {
  readonly role: InputRole;
  /** e.g. `messages[2].content[0]`: locates the text for the audit without repeating it. */
  readonly path: string;
  readonly text: string;
}

/** Every text in a generating request, in body order. Other endpoints carry no prompt to guard. */
export function inputSegments(route: Route, body: Record<string, unknown>): InputSegment[] {
  switch (route.endpoint) {
    case 'chat_completions':
    case 'responses':
      return openaiInputSegments(route.endpoint, body);
    case 'messages':
      return anthropicInputSegments(body);
    case 'embeddings':
    case 'models':
    case 'count_tokens':
      return [];
  }
}
