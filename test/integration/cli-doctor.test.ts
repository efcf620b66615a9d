import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { issueKey } from '../../src/keys/issue.js';
import { writeLastRedteamRun } from '../../src/redteam/last-run.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { fakeProviderKey, startTestGateway } from '../helpers/gateway.js';

const DAY = 86_400_000;
let dir: string;

async function doctor(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (s) => void (out += `${s}\n`), err: (s) => void (err += `${s}\n`), env: { PORTCULLIS_STATE_DIR: join(dir, 'state'), ...env } };
  const code = await runCli(['doctor', ...args], io);
  return { code, out, err };
}

function writeConfig(name: string, config: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(config));
  return path;
}

/** A line of the table: mark, then the check's title. */
const row = (out: string, title: string): string => out.split('\n').find((l) => l.slice(3).startsWith(title)) ?? `(no row "${title}")`;

const FAILING = {
  environments: {
    prod: {
      providers: { openai: { type: 'openai', apiKey: 'env:NEXT_PUBLIC_OPENAI_KEY' } },
      output: { secrets: { action: 'off' } },
    },
    staging: { providers: { openai: { type: 'openai', apiKey: 'env:NEXT_PUBLIC_OPENAI_KEY' }, anthropic: { apiKey: 'file:PLACEHOLDER' } } },
  },
  audit: { store: false, stdout: false },
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pcl-doctor-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('portcullis doctor on a failing configuration', () => {
  let path: string;
  beforeAll(async () => {
    // A provider key file last changed 120 days ago, and a gateway key issued 100 days ago.
    const keyFile = join(dir, 'anthropic.key');
    writeFileSync(keyFile, fakeProviderKey('anthropic'));
    utimesSync(keyFile, new Date(Date.now() - 120 * DAY), new Date(Date.now() - 120 * DAY));
    const failing = structuredClone(FAILING);
    failing.environments.staging.providers.anthropic.apiKey = `file:${keyFile}`;
    path = writeConfig('failing.yaml', { ...failing, dataDir: join(dir, 'data-failing') });
    const store = createSqliteStore(join(dir, 'data-failing', 'portcullis.db'));
    await issueKey(store, { name: 'old', environment: 'prod' }, new Date(Date.now() - 100 * DAY));
    await store.close();
    await writeLastRedteamRun(join(dir, 'state-old'), { finishedAt: new Date(Date.now() - 45 * DAY).toISOString(), target: 'http://127.0.0.1:1', api: 'openai', attempts: 10, blocked: 10, harmless: 0, succeeded: 0, successRate: 0 });
  });

  it('prints ✗ with a fix for each failing check and exits 1 with --strict', async () => {
    const { code, out } = await doctor(['--config', path, '--strict']);
    expect(code).toBe(1);
    expect(row(out, 'Provider keys from a secrets manager')).toMatch(/^✗ .*prod\/openai \(env:\)/);
    expect(row(out, 'Separate provider keys per environment')).toMatch(/^✗ .*env:NEXT_PUBLIC_OPENAI_KEY in prod\/openai and staging\/openai/);
    expect(row(out, 'Provider key rotation age')).toMatch(/^✗ .*staging\/anthropic \(120 days\)/);
    expect(row(out, 'Gateway key rotation')).toMatch(/^✗ .*key_\w+ \(100 d\)/);
    expect(row(out, 'No browser-facing provider key')).toMatch(/^✗ .*NEXT_PUBLIC_OPENAI_KEY/);
    expect(row(out, 'Rate limits per end user')).toMatch(/^✗ .*prod, staging/);
    expect(row(out, 'Global rate limit')).toMatch(/^✗/);
    expect(row(out, 'Spend caps')).toMatch(/^✗/);
    expect(row(out, 'Injection testing done recently')).toMatch(/^✗ .*No red-team run recorded/);
    expect(row(out, 'Output sanitizing')).toMatch(/^✗ .*prod secrets=off/);
    expect(row(out, 'Audit logging on')).toMatch(/^✗ .*Both audit sinks are off/);
    expect(row(out, 'Moderation on')).toMatch(/^✗ .*prod, staging/);
    expect(row(out, 'Output caps always set')).toMatch(/^✓/);
    expect(row(out, 'Input length limit')).toMatch(/^✓/);
    expect(out).toContain('To fix:');
    expect(out).toContain('✗ Spend caps: Set `budgets.global');
    // No secret value, only references.
    expect(out).not.toContain('sk-ant-api03');
  });

  it('exits 0 without --strict, and --json carries the same results', async () => {
    expect((await doctor(['--config', path])).code).toBe(0);
    const { code, out } = await doctor(['--config', path, '--json']);
    expect(code).toBe(0);
    const { results } = JSON.parse(out) as { results: { id: string; status: string; fix?: string }[] };
    expect(results.find((r) => r.id === 'spend-caps')).toMatchObject({ status: 'fail', fix: expect.stringContaining('budgets.global') });
  });

  it('fails a red-team run older than 30 days', async () => {
    const { out } = await doctor(['--config', path, '--state-dir', join(dir, 'state-old')]);
    expect(row(out, 'Injection testing done recently')).toMatch(/^✗ .*45 days ago/);
  });

  it('fails when a proxy in front adds CORS headers (--url)', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(204, { 'access-control-allow-origin': '*' }).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { out } = await doctor(['--config', path, '--url', `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`]);
      expect(row(out, 'CORS and route exposure')).toMatch(/^✗ .*Access-Control-Allow-Origin: \*/);
    } finally {
      server.close();
    }
  });
});

describe('portcullis doctor on a passing configuration', () => {
  const passing = {
    secrets: { aws: { region: 'eu-west-1' } },
    limits: { global: { requestsPerMinute: 3000, tokensPerMinute: 2_000_000 } },
    budgets: { global: { usdPerMonth: 500 } },
    environments: {
      prod: {
        providers: { openai: { type: 'openai', apiKey: 'aws:prod/openai#api_key' }, anthropic: { apiKey: 'aws:prod/anthropic#api_key' } },
        limits: { perKey: { requestsPerMinute: 600 }, perUser: { requestsPerMinute: 60, tokensPerMinute: 100_000 } },
        budgets: { environment: { usdPerDay: 50 } },
        guard: { moderation: { enabled: true } },
        output: { html: { action: 'sanitize' } },
      },
      dev: {
        providers: { openai: { type: 'openai', apiKey: 'env:DEV_OPENAI_KEY' } },
        limits: { perUser: { requestsPerMinute: 30 } },
        guard: { moderation: { enabled: true } },
      },
    },
  };

  it('passes every check (advisories allowed) and exits 0 with --strict', async () => {
    const path = writeConfig('passing.yaml', { ...passing, dataDir: join(dir, 'data-passing') });
    const store = createSqliteStore(join(dir, 'data-passing', 'portcullis.db'));
    await issueKey(store, { name: 'fresh', environment: 'prod', expiresInMs: 90 * DAY });
    await store.close();
    await writeLastRedteamRun(join(dir, 'state'), { finishedAt: new Date(Date.now() - 3 * DAY).toISOString(), target: 'https://gw.example.com/v1?key=x', api: 'openai', attempts: 120, blocked: 118, harmless: 2, succeeded: 0, successRate: 0 });

    const { code, out } = await doctor(['--config', path, '--strict'], { DEV_OPENAI_KEY: fakeProviderKey('openai') });
    expect(code).toBe(0);
    expect(out).not.toContain('✗');
    expect(row(out, 'Provider keys from a secrets manager')).toMatch(/^✓ .*dev\/openai \(env:\), acceptable there/);
    expect(row(out, 'Provider key rotation age')).toMatch(/^⚠ .*Key age unknown/);
    expect(row(out, 'Gateway key rotation')).toMatch(/^✓ .*1 active gateway key, rotated within 90 days, with an expiry/);
    expect(row(out, 'Injection testing done recently')).toMatch(/^✓ .*3 days ago against https:\/\/gw\.example\.com: 0 of 120/);
    expect(row(out, 'Moderation on')).toMatch(/^✓/);
    expect(out).toMatch(/\d+ passed, 0 failed, \d+ advisory\./);
    expect(out).not.toContain('sk-proj-dev-key-value');
  });

  it('finds no CORS headers on a running gateway (--url)', async () => {
    const t = await startTestGateway();
    try {
      const path = writeConfig('passing2.yaml', { ...passing, dataDir: join(dir, 'data-passing') });
      const { out } = await doctor(['--config', path, '--url', t.url]);
      expect(row(out, 'CORS and route exposure')).toMatch(/^✓ .*A foreign-origin preflight to http:\/\/127\.0\.0\.1:\d+ got no CORS headers/);
    } finally {
      await t.close();
    }
  });
});
