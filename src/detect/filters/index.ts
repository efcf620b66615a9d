import { normalize } from '../normalize/index.js';
import { BUILT_IN_PROFILES } from './profiles.js';
import { compileTerms } from './term-matcher.js';
import { isTopicId, TOPIC_CATALOG } from './topics.js';
import { type CompiledFilter, type FilterHit, type FilterSpec, FilterSpecError } from './types.js';

export { BUILT_IN_PROFILES } from './profiles.js';
export { TOPIC_CATALOG, type TopicId } from './topics.js';
export { type CompiledFilter, type FilterHit, type FilterSpec, FilterSpecError } from './types.js';

/** At most this many hits are returned per call (callers need "any", not "all"). */
const MAX_HITS = 64;

/**
 * Compiles a profile once (configure once, run per request). Invalid regex sources and unknown
 * topic ids are rejected here, with the profile name and the index of the offending entry.
 * Operator regexes run on attacker-controlled text: keep them simple (no nested quantifiers).
 */
export function compileFilterProfile(spec: FilterSpec): CompiledFilter {
  const profile = spec.name;
  const terms = spec.denyTerms ?? [];
  const termMatcher = compileTerms(terms);

  const regexes = (spec.regex ?? []).map((source, i) => {
    try {
      return new RegExp(source, 'giu');
    } catch (err) {
      throw new FilterSpecError(`filter profile "${profile}": regex[${i}] is not a valid JavaScript regular expression: ${(err as Error).message}`);
    }
  });

  const topicIds = spec.denyTopics ?? [];
  const topicCues: string[] = [];
  const cueTopic: string[] = [];
  topicIds.forEach((id, i) => {
    if (!isTopicId(id)) {
      throw new FilterSpecError(`filter profile "${profile}": denyTopics[${i}] "${id}" is not a known topic (known: ${Object.keys(TOPIC_CATALOG).join(', ')})`);
    }
    for (const cue of TOPIC_CATALOG[id]) {
      topicCues.push(cue);
      cueTopic.push(id);
    }
  });
  const topicMatcher = compileTerms(topicCues);

  return {
    name: profile,
    match(text: string): FilterHit[] {
      const hits: FilterHit[] = [];
      if (terms.length > 0 || topicCues.length > 0) {
        const n = normalize(text);
        for (const m of termMatcher.match(n, MAX_HITS)) hits.push({ profile, kind: 'term', rule: terms[m.term]!, start: m.start, end: m.end });
        for (const m of topicMatcher.match(n, MAX_HITS)) hits.push({ profile, kind: 'topic', rule: cueTopic[m.term]!, start: m.start, end: m.end });
      }
      regexes.forEach((re, i) => {
        re.lastIndex = 0;
        for (const m of text.matchAll(re)) {
          if (m[0] === '') continue;
          hits.push({ profile, kind: 'regex', rule: `regex[${i}]`, start: m.index, end: m.index + m[0].length });
          if (hits.length >= MAX_HITS) break;
        }
      });
      return hits.sort((a, b) => a.start - b.start).slice(0, MAX_HITS);
    },
  };
}

/** The built-in profiles, compiled. */
export function compileBuiltInProfile(name: keyof typeof BUILT_IN_PROFILES): CompiledFilter {
  return compileFilterProfile(BUILT_IN_PROFILES[name]);
}
