import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../src/config/load.js';

/**
 * The container files are checked as text: no Docker engine runs here. What is checked is what
 * would make the image unsafe or broken: a root user, no healthcheck, a secret in an image layer,
 * a runtime asset left out, a compose file that does not parse or does not match the config schema.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** Dockerfile instructions, with continuation lines joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      return { op: line.slice(0, space).toUpperCase(), args: line.slice(space + 1).trim() };
    });
}

/** The instructions of the last stage (the image that runs). */
function finalStage(all: Instruction[]): Instruction[] {
  const lastFrom = all.map((i) => i.op).lastIndexOf('FROM');
  return all.slice(lastFrom);
}

const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;
const SECRET_VALUE = /(sk-[A-Za-z0-9_-]{10,}|sk-ant-|pcl_[a-z0-9-]+_[A-Za-z0-9]{10,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|AKIA[0-9A-Z]{16})/;

describe('Dockerfile', () => {
  const text = read('Dockerfile');
  const all = instructions(text);
  const last = finalStage(all);

  it('is multi-stage, and the runtime stage copies the build from the build stage', () => {
    expect(all.filter((i) => i.op === 'FROM').length).toBeGreaterThanOrEqual(2);
    expect(last.some((i) => i.op === 'COPY' && /--from=build\s+\/app\/dist\b/.test(i.args))).toBe(true);
    expect(last.some((i) => i.op === 'COPY' && /--from=build\s+\/app\/node_modules\b/.test(i.args))).toBe(true);
    // Dev dependencies are pruned before node_modules is copied over.
    expect(text).toMatch(/npm prune --omit=dev/);
    expect(text).toMatch(/npm ci\b/);
  });

  it('runs the gateway as a non-root user', () => {
    const users = last.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args.split(':')[0]!;
    expect(['root', '0', '']).not.toContain(user);
    // Numeric, so Kubernetes runAsNonRoot can verify it.
    expect(user).toMatch(/^[1-9][0-9]*$/);
  });

  it('has a HEALTHCHECK on /healthz that needs nothing but node', () => {
    const health = last.filter((i) => i.op === 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    expect(health[0]!.args).toMatch(/CMD \["node"/);
    expect(health[0]!.args).toContain('/healthz');
    expect(health[0]!.args).not.toMatch(/curl|wget/);
  });

  it('keeps state in a volume and stops with SIGTERM', () => {
    expect(last.some((i) => i.op === 'VOLUME' && i.args.includes('/data'))).toBe(true);
    expect(last.some((i) => i.op === 'ENV' && i.args.includes('PORTCULLIS_DATA_DIR=/data'))).toBe(true);
    expect(last.some((i) => i.op === 'STOPSIGNAL' && i.args === 'SIGTERM')).toBe(true);
  });

  it('bakes no secret into any layer', () => {
    for (const i of all) {
      if (i.op === 'ENV' || i.op === 'ARG') {
        for (const pair of i.args.split(/\s+/)) {
          const [name] = pair.split('=');
          expect(SECRET_NAME.test(name ?? ''), `${i.op} ${pair}`).toBe(false);
        }
      }
      if (i.op === 'COPY' || i.op === 'ADD') expect(i.args, `${i.op} ${i.args}`).not.toMatch(/\.env\b|\.portcullis|\.pem\b|\.key\b|secrets?\//);
    }
    expect(text).not.toMatch(SECRET_VALUE);
  });

  it('copies runtime assets that exist, and .dockerignore lets them in while keeping local state out', () => {
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    // Deny by default, then allow what the image needs.
    expect(ignore[0]).toBe('**');
    for (const i of all.filter((x) => x.op === 'COPY' && !x.args.startsWith('--from'))) {
      const sources = i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(new URL(source, root)), source).toBe(true);
        expect(ignore.some((rule) => rule === `!${source}` || rule === `!${source}/**`), `.dockerignore allows ${source}`).toBe(true);
      }
    }
    for (const kept of ['**/.env', '**/.portcullis', '**/node_modules']) expect(ignore).toContain(kept);
    // The admin page and the red-team attacks are read from the package root at run time.
    expect(existsSync(new URL('web/admin/', root))).toBe(true);
    expect(existsSync(new URL('redteam/attacks/', root))).toBe(true);
  });
});

describe('compose.yaml', () => {
  // Compose applies YAML merge keys (`<<: *gateway`); so does this parse.
  const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Record<string, unknown>>; volumes: Record<string, unknown> };
  const gateways = Object.entries(compose.services).filter(([name]) => name.startsWith('gateway-'));

  it('has Redis, PostgreSQL, a load balancer and two gateway instances', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['redis', 'postgres', 'lb', 'gateway-1', 'gateway-2']));
    expect(gateways).toHaveLength(2);
    expect(read('deploy/compose/nginx.conf')).toMatch(/server gateway-1:8787[\s\S]*server gateway-2:8787/);
    // Streams pass through nginx as they arrive.
    expect(read('deploy/compose/nginx.conf')).toMatch(/proxy_buffering off;/);
  });

  it('runs each gateway on a read-only root filesystem with its own data volume and a tmpfs', () => {
    for (const [name, service] of gateways) {
      expect(service.read_only, name).toBe(true);
      expect(service.tmpfs, name).toContain('/tmp');
      const volumes = service.volumes as string[];
      expect(volumes.some((v) => v.endsWith(':/data')), name).toBe(true);
      expect(volumes.some((v) => v.includes('portcullis.yaml') && v.endsWith(':ro')), name).toBe(true);
      // At least the gateway's own backstop (shutdownGraceMs + shutdownDrainMs + 10 s = 45 s by
      // default), so Docker never SIGKILLs a gateway that is still draining.
      expect(service.stop_grace_period, name).toBe('45s');
    }
  });

  it('takes every secret from the environment, never a literal', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const env = (service.environment ?? {}) as Record<string, string>;
      for (const [key, value] of Object.entries(env)) {
        if (SECRET_NAME.test(key) || /:\/\/[^/]*:[^@]*@/.test(value)) {
          // A required variable (${NAME:?…}) or a URL whose password is one.
          expect(value, `${name}.${key}`).toMatch(/\$\{[A-Z_]+:\?[^}]*\}/);
        }
        expect(value, `${name}.${key}`).not.toMatch(SECRET_VALUE);
      }
    }
  });

  it('gives the gateways a configuration the real schema accepts: PostgreSQL store, Redis counters, shared pseudonym key', () => {
    const config = parseConfig(parse(read('deploy/compose/portcullis.yaml')), 'deploy/compose/portcullis.yaml');
    expect(config.store.kind).toBe('postgres');
    expect(config.limits.store.kind).toBe('redis');
    expect(config.audit.pseudonymSecret).toBe('env:PORTCULLIS_PSEUDONYM_SECRET');
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.server.trustProxy).toBe(1);
    for (const [name, service] of gateways) {
      const env = service.environment as Record<string, string>;
      for (const ref of ['DATABASE_URL', 'REDIS_URL', 'PORTCULLIS_PSEUDONYM_SECRET']) expect(env[ref], `${name}.${ref}`).toBeDefined();
      // Every command (serve, and `compose run … keys create`) reads the mounted file.
      const mounted = (service.volumes as string[]).find((v) => v.includes('portcullis.yaml'))?.split(':')[1];
      expect(env.PORTCULLIS_CONFIG, name).toBe(mounted);
    }
  });
});
