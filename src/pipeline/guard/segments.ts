import type { GuardRole } from '../../config/guard.js';
import { inputSegments, type InputSegment } from '../../providers/input-segment.js';
import type { RequestContext } from '../types.js';

/** Extracted once per request and shared by the guard stages (injection, filters, moderation). */
const extracted = new WeakMap<RequestContext, readonly InputSegment[]>();

/** The request's texts whose role the policy names, in body order. */
export function segmentsFor(ctx: RequestContext, roles: readonly GuardRole[]): InputSegment[] {
  if (!ctx.body) return [];
  let all = extracted.get(ctx);
  if (!all) {
    all = inputSegments(ctx.route, ctx.body);
    extracted.set(ctx, all);
  }
  return all.filter((segment) => roles.includes(segment.role));
}
