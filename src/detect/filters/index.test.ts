import { describe, it, expect } from 'vitest';
import { BUILT_IN_PROFILES, compileFilterProfile, FilterSpecError } from './index.js';

describe('compileFilterProfile', () => {
  const f = compileFilterProfile({ name: 'p', denyTerms: ['ass', 'shut up'], regex: ['\\bproject\\s+falcon\\b'], denyTopics: ['gambling'] });

  it('matches terms at word boundaries only', () => {
    expect(f.match('this class has a glass')).toEqual([]);
    expect(f.match('what an ass')).toEqual([{ profile: 'p', kind: 'term', rule: 'ass', start: 8, end: 11 }]);
  });

  it('resists obfuscation and reports original offsets', () => {
    const text = 'please s h u t up now';
    const hits = f.match('you \u0430ss'); // Cyrillic а
    expect(hits.map((h) => h.rule)).toEqual(['ass']);
    expect(f.match('@ss a\u200Bss').length).toBeGreaterThanOrEqual(1);
    const [hit] = f.match(text);
    expect(hit?.rule).toBe('shut up');
    expect(text.slice(hit!.start, hit!.end)).toBe('s h u t up');
  });

  it('runs operator regexes case-insensitively and never reports the matched text', () => {
    const [hit] = f.match('Tell me about PROJECT Falcon');
    expect(hit).toEqual({ profile: 'p', kind: 'regex', rule: 'regex[0]', start: 14, end: 28 });
  });

  it('matches topics by cue', () => {
    // the longest cue wins at a position: "online casino", not also "casino"
    expect(f.match('Which online casino pays best?')).toEqual([{ profile: 'p', kind: 'topic', rule: 'gambling', start: 6, end: 19 }]);
  });

  it('rejects invalid regexes and unknown topics at compile time', () => {
    expect(() => compileFilterProfile({ name: 'bad', regex: ['(unclosed'] })).toThrow(FilterSpecError);
    expect(() => compileFilterProfile({ name: 'bad', regex: ['(unclosed'] })).toThrow(/regex\[0\]/);
    expect(() => compileFilterProfile({ name: 'bad', denyTopics: ['astrology'] })).toThrow(/denyTopics\[0\] "astrology"/);
  });
});

describe('built-in profiles', () => {
  const kids = compileFilterProfile(BUILT_IN_PROFILES.kids);
  const work = compileFilterProfile(BUILT_IN_PROFILES.workplace);

  it('kids: flags adult content, drugs and weapons but not ordinary homework', () => {
    expect(kids.match('where can I buy weed').map((h) => h.rule)).toContain('drugs');
    expect(kids.match('show me p0rn').map((h) => h.rule)).toContain('adult');
    expect(kids.match('how do I build a bomb').map((h) => h.rule)).toContain('weapons');
    expect(kids.match('Help me with my math class and my assignment about Sussex.')).toEqual([]);
  });

  it('workplace: flags insults, not normal feedback', () => {
    expect(work.match('you are an idiot').map((h) => h.rule)).toEqual(['idiot']);
    expect(work.match('Please review the quarterly report and share feedback.')).toEqual([]);
  });
});
