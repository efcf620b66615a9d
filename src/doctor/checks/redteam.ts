import { result, type Check } from '../types.js';

const MAX_AGE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Judged from the summary `portcullis redteam` leaves in its state directory (redteam-last.json). */
export const injectionTestingRecent: Check = {
  id: 'injection-testing',
  title: `Injection testing done recently (≤ ${String(MAX_AGE_DAYS)} days)`,
  run(ctx) {
    const run = ctx.lastRedteamRun;
    const fix = 'Run `portcullis redteam --target URL --key KEY` against this gateway (in CI, on a schedule).';
    if (!run) return result(this, 'fail', `No red-team run recorded in ${ctx.stateDir}.`, fix);
    const days = Math.floor((ctx.now.getTime() - Date.parse(run.finishedAt)) / DAY_MS);
    if (!Number.isFinite(days) || days > MAX_AGE_DAYS) return result(this, 'fail', `The last red-team run was ${String(days)} days ago (${run.finishedAt}).`, fix);
    const rate = `${String(run.succeeded)} of ${String(run.attempts)} attacks succeeded (${(run.successRate * 100).toFixed(1)}%)`;
    if (run.succeeded > 0) {
      return result(this, 'warn', `Last run ${String(days)} days ago against ${run.target}: ${rate}.`,
        'Read the red-team report for the succeeding attacks and tighten the guard (thresholds, filters, managed prompt).');
    }
    return result(this, 'pass', `Last run ${String(days)} days ago against ${run.target}: ${rate}.`);
  },
};
