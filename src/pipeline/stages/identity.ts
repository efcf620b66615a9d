import type { Pseudonymizer } from '../../audit/pseudonymize.js';
import { obj, str } from '../../providers/json.js';
import { ALLOW, type Decision, type RequestContext, type RequestStage } from '../types.js';

const MAX_USER_ID_LENGTH = 256;

/**
 * Who the end user is, pseudonymized at once so the raw id goes no further. A key issued to a
 * user speaks for that user only; otherwise the app names the user in `X-Portcullis-User`, the
 * OpenAI `user`/`safety_identifier` field or Anthropic's `metadata.user_id`.
 */
export function createIdentityStage(deps: {
  readonly pseudonymize: Pseudonymizer;
  /** When a (pseudonymized) user's temporary block ends, if blocked (the repeated-triggers monitor). */
  readonly blockedUntil?: (user: string) => number | undefined;
}): RequestStage {
  return {
    name: 'identity',
    run(ctx): Decision {
      const raw = ctx.key?.user ?? claimedUser(ctx);
      if (raw === undefined) return { type: 'skip', reason: 'no end-user id' };
      if (raw.length > MAX_USER_ID_LENGTH) {
        return { type: 'deny', code: 'invalid_request', message: `The end-user id is longer than ${MAX_USER_ID_LENGTH} characters.` };
      }
      ctx.user = deps.pseudonymize(raw);
      const until = deps.blockedUntil?.(ctx.user);
      if (until !== undefined) {
        return { type: 'deny', code: 'user_blocked', message: `This end user is blocked until ${new Date(until).toISOString()} after repeated guard triggers.` };
      }
      return ALLOW;
    },
  };
}

function claimedUser(ctx: RequestContext): string | undefined {
  const header = ctx.headers['x-portcullis-user'];
  if (typeof header === 'string' && header !== '') return header;
  const body = ctx.body;
  if (!body) return undefined;
  if (ctx.route.api === 'anthropic') return nonEmpty(str(obj(body.metadata)?.user_id));
  return nonEmpty(str(body.safety_identifier)) ?? nonEmpty(str(body.user));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
