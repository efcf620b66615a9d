import { AR_RULES } from './lang/ar.js';
import { DE_RULES } from './lang/de.js';
import { EN_RULES } from './lang/en.js';
import { ES_RULES } from './lang/es.js';
import { FR_RULES } from './lang/fr.js';
import { IT_RULES } from './lang/it.js';
import { JA_RULES } from './lang/ja.js';
import { KO_RULES } from './lang/ko.js';
import { PT_RULES } from './lang/pt.js';
import { RU_RULES } from './lang/ru.js';
import { ZH_RULES } from './lang/zh.js';
import { STRUCTURE_RULES } from './structure.js';
import type { Rule, RuleHit } from './types.js';

export { FAMILIES, FAMILY_CATEGORY, type Family, type Rule, type RuleHit } from './types.js';

/**
 * Rules grouped by script so a text only pays for the languages it could be written in: the
 * Latin-script group always runs; the others run only if their script appears at all.
 */
const GROUPS: readonly { readonly gate: RegExp | null; readonly rules: readonly Rule[] }[] = [
  { gate: null, rules: [...STRUCTURE_RULES, ...EN_RULES, ...ES_RULES, ...FR_RULES, ...DE_RULES, ...IT_RULES, ...PT_RULES] },
  { gate: /[\u0400-\u04FF]/, rules: RU_RULES },
  { gate: /[\u4E00-\u9FFF\u3400-\u4DBF]/, rules: ZH_RULES },
  { gate: /[\u3040-\u30FF\u4E00-\u9FFF]/, rules: JA_RULES },
  { gate: /[\uAC00-\uD7AF\u1100-\u11FF]/, rules: KO_RULES },
  { gate: /[\u0600-\u06FF]/, rules: AR_RULES },
];

export const ALL_RULES: readonly Rule[] = GROUPS.flatMap((g) => g.rules);

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ANCHORS = [...new Set(ALL_RULES.flatMap((r) => r.anchors ?? []))].sort((a, b) => b.length - a.length);
// One alternation of literals: V8 scans it in a single pass; no quantifiers, no backtracking.
const ANCHOR_RE = new RegExp(ANCHORS.map(escape).join('|'), 'g');

// Every rule's match lies within this many characters of one of its anchors (all gaps in the
// rules are bounded and the longest possible match is under it), so a rule only needs to look at
// windows around its anchors.
const WINDOW = 120;
/** Past this many anchor hits a rule simply scans the whole text. */
const MAX_POSITIONS = 64;

// For every anchor string the scan can report, the rules it stands for. The scan reports the
// longest anchor at a position, so a rule anchor that is a substring of it counts too
// ("amoral" stands for "moral"). Precomputed once: the per-text loop is a map lookup.
const RULES_BY_ANCHOR = new Map<string, number[]>(
  ANCHORS.map((found) => [found, ALL_RULES.flatMap((r, i) => (r.anchors?.some((a) => found.includes(a)) ? [i] : []))]),
);
const RULE_INDEX = new Map<Rule, number>(ALL_RULES.map((r, i) => [r, i]));

/** Anchor positions per rule index (null entry = too many, scan everything). */
function positionsByRule(folded: string): Map<number, number[] | null> {
  const out = new Map<number, number[] | null>();
  for (const m of folded.matchAll(ANCHOR_RE)) {
    for (const r of RULES_BY_ANCHOR.get(m[0]) ?? []) {
      const list = out.get(r);
      if (list === undefined) out.set(r, [m.index]);
      else if (list !== null) {
        if (list.length >= MAX_POSITIONS) out.set(r, null);
        else list.push(m.index);
      }
    }
  }
  return out;
}

/** Merged windows around sorted positions, or 'all' when they would cover nearly everything. */
function windowsAround(positions: readonly number[], length: number): [number, number][] | 'all' {
  const windows: [number, number][] = [];
  let covered = 0;
  for (const p of positions) {
    const s = Math.max(0, p - WINDOW);
    const e = Math.min(length, p + WINDOW);
    const last = windows[windows.length - 1];
    if (last !== undefined && s <= last[1]) {
      covered += e - last[1];
      last[1] = e;
    } else {
      windows.push([s, e]);
      covered += e - s;
    }
  }
  return covered * 10 > length * 9 ? 'all' : windows;
}

function findIn(rule: Rule, folded: string, windows: [number, number][] | 'all'): { start: number; end: number } | null {
  if (windows === 'all') return rule.find(folded);
  for (const [s, e] of windows) {
    // Start a window at a word start so "\b" and word-initial patterns are not fooled by the cut.
    let ws = s;
    while (ws > 0 && ws > s - 32 && folded.charCodeAt(ws - 1) > 32) ws--;
    const span = rule.find(folded.slice(ws, e));
    if (span) return { start: span.start + ws, end: span.end + ws };
  }
  return null;
}

/** First hit of every rule on folded text. */
export function scanRules(folded: string): RuleHit[] {
  const hits: RuleHit[] = [];
  const positions = positionsByRule(folded);
  for (const g of GROUPS) {
    if (g.gate !== null && !g.gate.test(folded)) continue;
    for (const rule of g.rules) {
      let windows: [number, number][] | 'all';
      if (rule.anchors === null) windows = 'all';
      else {
        const p = positions.get(RULE_INDEX.get(rule)!);
        if (p === undefined) continue;
        // Positions arrive in text order, so they are already sorted.
        windows = p === null ? 'all' : windowsAround(p, folded.length);
      }
      const span = findIn(rule, folded, windows);
      if (span) hits.push({ rule, start: span.start, end: span.end });
    }
  }
  return hits;
}
