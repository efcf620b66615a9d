import { result, type Check } from '../types.js';

export const auditLogging: Check = {
  id: 'audit-logging',
  title: 'Audit logging on',
  run(ctx) {
    const { audit, store } = ctx.config;
    if (!audit.store && !audit.stdout) {
      return result(this, 'fail', 'Both audit sinks are off: requests leave no trace.', 'Set `audit.store: true` (and/or `audit.stdout: true`).');
    }
    if (audit.store && store.kind === 'memory') {
      return result(this, 'warn', `Audit events go to the memory store and are lost on restart${audit.stdout ? ' (the stdout sink still writes them)' : ''}.`,
        'Use `store.kind: sqlite` (one machine) or `postgres` (several instances).');
    }
    const sinks = [audit.store ? `the ${store.kind} store` : undefined, audit.stdout ? 'stdout' : undefined].filter(Boolean).join(' and ');
    return result(this, 'pass', `Every request is audited to ${sinks}.`);
  },
};
