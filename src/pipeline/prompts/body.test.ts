import { describe, expect, it } from 'vitest';
import { clientInstructionPaths, placeManagedPrompt, stripClientInstructions } from './body.js';

describe('managed prompt placement', () => {
  it('finds, strips and places instructions in chat completions', () => {
    const body: Record<string, unknown> = { messages: [{ role: 'system', content: 's' }, { role: 'developer', content: 'd' }, { role: 'user', content: 'u' }] };
    expect(clientInstructionPaths('chat_completions', body)).toEqual(['messages[0]', 'messages[1]']);
    stripClientInstructions('chat_completions', body);
    placeManagedPrompt('chat_completions', body, 'P');
    expect(body.messages).toEqual([{ role: 'system', content: 'P' }, { role: 'user', content: 'u' }]);
  });

  it('uses instructions in the Responses API, ahead of the client\'s when kept', () => {
    const body: Record<string, unknown> = { instructions: 'client', input: [{ role: 'system', content: 'x' }, { role: 'user', content: 'u' }] };
    expect(clientInstructionPaths('responses', body)).toEqual(['instructions', 'input[0]']);
    placeManagedPrompt('responses', body, 'P');
    expect(body.instructions).toBe('P\n\nclient');
    stripClientInstructions('responses', body);
    expect(body.instructions).toBeUndefined();
    expect(body.input).toEqual([{ role: 'user', content: 'u' }]);
  });

  it('uses Anthropic system as a string or as blocks', () => {
    const asString: Record<string, unknown> = { system: 'client' };
    placeManagedPrompt('messages', asString, 'P');
    expect(asString.system).toBe('P\n\nclient');
    const asBlocks: Record<string, unknown> = { system: [{ type: 'text', text: 'client' }] };
    placeManagedPrompt('messages', asBlocks, 'P');
    expect(asBlocks.system).toEqual([{ type: 'text', text: 'P' }, { type: 'text', text: 'client' }]);
    const none: Record<string, unknown> = {};
    expect(clientInstructionPaths('messages', none)).toEqual([]);
    placeManagedPrompt('count_tokens', none, 'P');
    expect(none.system).toBe('P');
  });
});
