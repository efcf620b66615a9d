import { structure, type Rule, type Span } from './types.js';

/**
 * Language-neutral structure: text that imitates the conversation format itself. A user message
 * that contains a chat-template token or a "System:" line is trying to start a turn the
 * application did not write. These are weak on their own (coding questions about chat templates
 * and pasted chat logs are legitimate), so they feed the classifier rather than decide.
 */
export const STRUCTURE_RULES: readonly Rule[] = [
  structure('struct.chat-template', ['<|', '[inst]', '[/inst]', '<<sys>>', '<</sys>>', '_of_turn>'], 'template', false,
    /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text|end_of_text)\|>|<\/?(?:start_of_turn|end_of_turn)>|\[\/?inst\]|<<\/?sys>>/),
  // Closing the current turn and opening a system (or developer) turn is a forged turn, not a
  // question about templates: a pasted template opens with its system turn instead of reaching it
  // after an end-of-turn token. No benign training row has it, so it decides on its own.
  structure('struct.forged-system-turn', ['<|im_end|>', '<|eot_id|>', '<|end|>', '<|endoftext|>', '</s>', '<end_of_turn>', '[/inst]'], 'template', true,
    /(?:<\|im_end\|>|<\|eot_id\|>|<\|end\|>|<\|endoftext\|>|<\/s>|<end_of_turn>|\[\/inst\])\s*(?:<\|im_start\|>\s*(?:system|developer)\b|<\|start_header_id\|>\s*(?:system|developer)\b|<\|system\|>|<start_of_turn>\s*system\b|(?:<s>\s*)?\[inst\]\s*<<sys>>)/),
  structure('struct.markdown-role', ['##'], 'template', false,
    /(?:^|\n)#{2,4} ?(?:system|instruction|instructions|assistant|response|human|user)(?: ?prompt)? ?:?(?=\n|$)/),
  structure('struct.fake-turn', null, 'role', false,
    /(?:^|\n) ?(?:system|assistant|ai|chatgpt|gpt|admin|administrator|developer|root|sudo)(?: ?message| ?prompt| ?note| ?override)? ?:/),
  structure('struct.role-tag', ['<system', '</system', '<instruction', '</instruction', '<admin', '</admin', '<developer', '</developer', '<sys', '</sys', '<user_input', '</user_input', '<prompt', '</prompt'], 'role', false, /<\/?(?:system|instructions?|admin|developer|sys|user_input|prompt|system_prompt)>/),
  structure('struct.end-marker', ['input', 'prompt', 'instructions', 'ambiguity', 'conversation'], 'delimiter', false,
    /\b(?:end|begin|start|close)\s*(?:of\s*)?(?:the\s*)?(?:user|untrusted|system|admin|prompt)?\s*(?:input|prompt|instructions|ambiguity|conversation)\b/),
  structure('struct.banner', ['%%%', '======', '------', '******', ']]]', '>>>>'], 'delimiter', false, /%{3,}|={6,}|\]{3,}|>{4,}|-{6,}|\*{6,}/),
  structure('struct.repetition', null, 'repetition', false, findRepetition),
];

const MIN_REPEATS = 16;

/**
 * Token-repetition attacks ("ö ö ö ...", "%%% %%% ..."): one short token (1–4 characters)
 * repeated 16+ times in a row, or one character repeated 16+ times as a single token. A single
 * hand-written pass over whitespace-separated tokens.
 */
export function findRepetition(folded: string): Span | null {
  // Tokens are compared in place (no slicing): this runs on every input.
  let prevStart = 0;
  let prevLen = 0;
  let count = 0;
  let i = 0;
  const n = folded.length;
  while (i < n) {
    while (i < n && isSpace(folded.charCodeAt(i))) i++;
    const s = i;
    while (i < n && !isSpace(folded.charCodeAt(i))) i++;
    const len = i - s;
    if (len === 0) break;
    // The normalizer joins spaced single letters ("ö ö ö ..." -> "ööö..."), so a long run of one
    // character is the same attack seen after normalization.
    if (len >= MIN_REPEATS && sameChar(folded, s, len)) return { start: s, end: i };
    if (len <= 4 && len === prevLen && sameChars(folded, prevStart, s, len)) {
      if (++count >= MIN_REPEATS) return { start: runStart(folded, s, len, count), end: i };
    } else {
      count = len <= 4 ? 1 : 0;
    }
    prevStart = s;
    prevLen = len <= 4 ? len : 0;
  }
  return null;
}

function sameChar(s: string, start: number, len: number): boolean {
  const c = s.charCodeAt(start);
  for (let k = 1; k < len; k++) if (s.charCodeAt(start + k) !== c) return false;
  return true;
}

function sameChars(s: string, a: number, b: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (s.charCodeAt(a + k) !== s.charCodeAt(b + k)) return false;
  return true;
}

/** Start of a run of `count` equal tokens ending with the token at `last` (walks back over them). */
function runStart(s: string, last: number, len: number, count: number): number {
  let start = last;
  for (let c = 1; c < count; c++) {
    let k = start - 1;
    while (k > 0 && isSpace(s.charCodeAt(k))) k--;
    start = k - len + 1;
  }
  return Math.max(0, start);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}
