import { isRecord } from '../verdict.js';

/**
 * The row cap of a top-level SELECT, or null when it has none the caller can rely on.
 * MySQL writes `LIMIT offset, count`; others `LIMIT count [OFFSET n]`; T-SQL `TOP n`.
 * For a compound query (UNION …) the parser attaches the trailing LIMIT to the last branch.
 */
export function selectRowCap(root: Record<string, unknown>): number | null {
  let last = root;
  while (isRecord(last._next)) last = last._next;
  return capOf(last);
}

function capOf(node: Record<string, unknown>): number | null {
  const top = node.top;
  if (isRecord(top) && typeof top.value === 'number' && (top.percent === null || top.percent === undefined)) {
    return top.value;
  }
  const limit = node.limit;
  if (!isRecord(limit) || !Array.isArray(limit.value) || limit.value.length === 0) return null;
  const item: unknown = limit.seperator === ',' ? limit.value[1] : limit.value[0];
  if (isRecord(item) && item.type === 'number' && typeof item.value === 'number') return item.value;
  return null;
}
