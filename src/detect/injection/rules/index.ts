import { AR_RULES } from './lang/ar.js';
import { DE_RULES } from './lang/de.js';
import { EN_RULES } from './lang/en.js';
import { ES_RULES } from './lang/es.js';
import { FR_RULES } from './lang/fr.js';
import { IT_RULES } from './lang/it.js';
import { JA_RULES } from './lang/ja.js';
import { KO_RULES } from './lang/ko.js';
import { NL_RULES } from './lang/nl.js';
import { PL_RULES } from './lang/pl.js';
import { PT_RULES } from './lang/pt.js';
import { RU_RULES } from './lang/ru.js';
import { TR_RULES } from './lang/tr.js';
import { ZH_RULES } from './lang/zh.js';
import { STRUCTURE_RULES } from './structure.js';
import type { Rule, RuleHit, Span } from './types.js';

export { FAMILIES, FAMILY_CATEGORY, type Family, type Rule, type RuleHit } from './types.js';

/**
 * Rules grouped by script so a text only pays for the languages it could be written in: the
 * Latin-script group always runs; the others run only if their script appears at all.
 */
const GROUPS: readonly { readonly gate: RegExp | null; readonly rules: readonly Rule[] }[] = [
  { gate: null, rules: [...STRUCTURE_RULES, ...EN_RULES, ...ES_RULES, ...FR_RULES, ...DE_RULES, ...IT_RULES, ...PT_RULES, ...NL_RULES, ...PL_RULES, ...TR_RULES] },
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

// Per-rule anchor positions, reused between calls (detection is synchronous and single-threaded):
// a 4 KB prompt has dozens of anchor hits, and fresh Maps and arrays per call were a large share
// of the per-call garbage that triggers young-generation GC pauses. `undefined` = no anchor seen,
// `null` = too many positions (scan the whole text).
const POSITIONS: (number[] | null | undefined)[] = new Array<number[] | null | undefined>(ALL_RULES.length).fill(undefined);
const POOL: number[][] = ALL_RULES.map(() => []);

function collectPositions(folded: string): void {
  POSITIONS.fill(undefined);
  ANCHOR_RE.lastIndex = 0;
  for (let m = ANCHOR_RE.exec(folded); m !== null; m = ANCHOR_RE.exec(folded)) {
    for (const r of RULES_BY_ANCHOR.get(m[0]) ?? []) {
      const list = POSITIONS[r];
      if (list === undefined) {
        const fresh = POOL[r]!;
        fresh.length = 0;
        fresh.push(m.index);
        POSITIONS[r] = fresh;
      } else if (list !== null) {
        if (list.length >= MAX_POSITIONS) POSITIONS[r] = null;
        else list.push(m.index);
      }
    }
  }
}

/** True when windows around the (sorted) positions would cover nearly all of the text. */
function coversAlmostAll(positions: readonly number[], length: number): boolean {
  let covered = 0;
  let lastEnd = -1;
  for (const p of positions) {
    const s = Math.max(0, p - WINDOW);
    const e = Math.min(length, p + WINDOW);
    covered += s <= lastEnd ? Math.max(0, e - lastEnd) : e - s;
    lastEnd = Math.max(lastEnd, e);
  }
  return covered * 10 > length * 9;
}

function findAt(rule: Rule, folded: string, s: number, e: number): Span | null {
  // Start a window at a word start so "\b" and word-initial patterns are not fooled by the cut.
  let ws = s;
  while (ws > 0 && ws > s - 32 && folded.charCodeAt(ws - 1) > 32) ws--;
  const span = rule.find(folded.slice(ws, e));
  return span ? { start: span.start + ws, end: span.end + ws } : null;
}

/** First match of `rule` in the merged windows around its anchor positions (no window list is built). */
function findIn(rule: Rule, folded: string, positions: readonly number[] | null): Span | null {
  if (positions === null || coversAlmostAll(positions, folded.length)) return rule.find(folded);
  let ws = -1;
  let we = -1;
  for (const p of positions) {
    const s = Math.max(0, p - WINDOW);
    const e = Math.min(folded.length, p + WINDOW);
    if (ws >= 0 && s <= we) {
      we = e;
      continue;
    }
    if (ws >= 0) {
      const span = findAt(rule, folded, ws, we);
      if (span) return span;
    }
    ws = s;
    we = e;
  }
  return ws >= 0 ? findAt(rule, folded, ws, we) : null;
}

/** First hit of every rule on folded text. */
export function scanRules(folded: string): RuleHit[] {
  const hits: RuleHit[] = [];
  collectPositions(folded);
  for (const g of GROUPS) {
    if (g.gate !== null && !g.gate.test(folded)) continue;
    for (const rule of g.rules) {
      let span: Span | null;
      if (rule.anchors === null) span = rule.find(folded);
      else {
        // Positions arrive in text order, so they are already sorted.
        const p = POSITIONS[RULE_INDEX.get(rule)!];
        if (p === undefined) continue;
        span = findIn(rule, folded, p);
      }
      if (span) hits.push({ rule, start: span.start, end: span.end });
    }
  }
  return hits;
}
