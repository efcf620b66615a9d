import type { Config } from '../../config/schema.js';
import { CANARY_MAX_MATCH_CHARS, createLeakDetector, findCanary, type LeakDetector } from '../../detect/leak/index.js';
import { appliedPrompt } from '../prompts/state.js';
import { createScannerStage } from '../output/scanner-stage.js';
import type { OutputStage } from '../types.js';

/**
 * System-prompt leaks in model output: this request's canary (exact proof, robust to spacing,
 * case and reversal), or a near-verbatim run of the managed prompt's words. Blocking cuts the
 * response before the leaking text is released; the hold-back keeps a canary split across
 * stream chunks from getting out in halves.
 */
export function createPromptLeakStage(config: Config): OutputStage {
  // The overlap index of a prompt is built once and shared by all its requests.
  const detectors = new Map<string, LeakDetector>();
  const detectorFor = (name: string, text: string, shingleWords: number, threshold: number): LeakDetector => {
    const key = `${name}\u0000${String(shingleWords)}\u0000${String(threshold)}`;
    let detector = detectors.get(key);
    if (!detector) {
      detector = createLeakDetector(text, { shingleWords, threshold });
      detectors.set(key, detector);
    }
    return detector;
  };
  return createScannerStage({
    name: 'prompt-leak',
    kind: 'leak',
    blockCode: 'system_prompt_leak',
    // A canary spelled out with separators is the longest thing this stage must see whole.
    holdBackChars: CANARY_MAX_MATCH_CHARS,
    action: (ctx) => {
      const leak = config.environments[ctx.environment ?? '']?.systemPrompt.leak;
      if (!leak || leak.action === 'off' || !appliedPrompt(ctx)) return undefined;
      return leak.action;
    },
    find: (ctx, window) => {
      const prompt = appliedPrompt(ctx);
      const leak = config.environments[ctx.environment ?? '']?.systemPrompt.leak;
      if (!prompt || !leak) return [];
      const out = [];
      if (prompt.canary) for (const m of findCanary(window, prompt.canary)) out.push({ start: m.start, end: m.end, rule: 'canary', replacement: '[REDACTED:canary]' });
      const verdict = detectorFor(prompt.name, prompt.text, leak.shingleWords, leak.overlapThreshold).scan(window);
      if (verdict.leaked) out.push({ start: 0, end: window.length, rule: 'prompt-overlap', replacement: '[REDACTED:system-prompt]' });
      return out;
    },
  });
}
