import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { fuzzSettings, fuzzTimeoutMs, HANG_MS } from './fuzz-settings.js';

/**
 * Raw HTTP/1.1 requests with hostile headers, written byte for byte on a socket (fetch would
 * refuse most of them): odd bytes in names and values, huge values, many fields, duplicated
 * credentials and lengths, Content-Length against Transfer-Encoding (request smuggling probes),
 * many query parameters. Properties: every request gets an HTTP answer, never a 5xx, every error
 * carries its code, the connection ends (no hang), and the gateway keeps serving.
 */
const LIMITS = { maxHeaders: 40, maxHeaderBytes: 4096, maxQueryParams: 8, headersTimeoutMs: 1_000 };

const tokenName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
/** Mostly valid names, now and then one node must refuse (the whole request is then malformed). */
const oddName = fc.oneof(
  { arbitrary: tokenName, weight: 40 },
  { arbitrary: fc.constantFrom('x y', 'x:y', 'ä', '', ' x-lead', 'x\u0000'), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 10 }).filter((s) => !/[\r\n]/.test(s)), weight: 1 },
);
const oddValue = fc.oneof(
  { arbitrary: fc.string({ maxLength: 80 }), weight: 20 },
  // obs-text (0x80–0xff) is legal in a field value; controls other than tab are not.
  { arbitrary: fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b.map((x) => (x < 0x20 || x === 0x7f ? 0x80 | x : x))).toString('latin1')), weight: 10 },
  { arbitrary: fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('latin1').replace(/[\r\n]/g, '')), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 6_000 }).map((n) => 'v'.repeat(n)), weight: 3 },
  { arbitrary: fc.constantFrom('', ' ', '\t', '\u00ff\u00fe', 'Bearer ', 'Bearer pcl_dev_xxx', 'chunked', '-1', '99999999999999999999', '0x10', 'gzip, chunked'), weight: 5 },
);

type Special = { name: string; value: string };
const special: fc.Arbitrary<Special> = fc.oneof(
  { arbitrary: fc.record({ name: fc.constantFrom('authorization', 'x-api-key', 'api-key', 'anthropic-version', 'anthropic-beta', 'openai-beta', 'x-portcullis-user', 'x-forwarded-for', 'content-type', 'host', 'expect', 'x-request-id'), value: oddValue }), weight: 10 },
  // Framing conflicts: node must refuse them (request smuggling), and the refusal is coded.
  { arbitrary: fc.record({ name: fc.constantFrom('content-length'), value: fc.constantFrom('0', '1', '5', 'abc', '-1', '1, 1') }), weight: 1 },
  { arbitrary: fc.record({ name: fc.constantFrom('transfer-encoding'), value: fc.constantFrom('chunked', 'identity', 'gzip', 'chunked, chunked', 'xchunked') }), weight: 1 },
);

describe('hostile request headers, fuzzed against the real gateway', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 0, config: { server: { requestTimeoutMs: 2_000, requestLimits: LIMITS } } });
  });
  afterAll(() => t.close());

  it('answers every header block with an HTTP answer, coded and below 500, and closes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/chat/completions', '/v1/messages', '/v1/models', '/healthz', '/nope'),
        fc.array(fc.tuple(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ maxLength: 5 })), { maxLength: 12 }),
        fc.array(fc.tuple(oddName, oddValue), { maxLength: 50 }),
        fc.array(special, { maxLength: 6 }),
        fc.boolean(),
        async (path, query, extra, specials, withKey) => {
          const body = path === '/v1/messages'
            ? JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] })
            : JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
          const qs = query.length > 0 ? `?${query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : '';
          const method = path === '/v1/models' || path === '/healthz' ? 'GET' : 'POST';
          const lines = [`${method} ${path}${qs} HTTP/1.1`, 'Host: gateway'];
          if (withKey) lines.push(`Authorization: Bearer ${t.key}`);
          if (path === '/v1/messages') lines.push('anthropic-version: 2023-06-01');
          for (const [name, value] of extra) lines.push(`${name}: ${value}`);
          for (const s of specials) lines.push(`${s.name}: ${s.value}`);
          const chunked = specials.some((s) => s.name === 'transfer-encoding');
          if (method === 'POST') {
            lines.push('Content-Type: application/json');
            // A chunked body is framed as chunks; otherwise Content-Length (maybe a second one).
            if (!chunked) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
          }
          lines.push('Connection: close');
          const payload = method === 'POST' ? (chunked ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : body) : '';
          const raw = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(payload, 'utf8')]);

          const answer = await exchange(t.url, raw);
          expect(answer.closed, 'the gateway closed the connection').toBe(true);
          const statuses = [...answer.text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
          expect(statuses.length, answer.text.slice(0, 300)).toBeGreaterThan(0);
          for (const status of statuses) expect(status, answer.text.slice(0, 500)).toBeLessThan(500);
          if (statuses[0]! >= 400) expect(answer.text, answer.text.slice(0, 500)).toMatch(/x-portcullis-error-code: [a-z_]+/i);
        },
      ),
      fuzzSettings(150),
    );
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  }, fuzzTimeoutMs(150));
});

/** Writes the bytes and reads until the gateway closes the connection (or HANG_MS pass). */
function exchange(url: string, raw: Buffer): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, HANG_MS);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    // write, not end: node drops a request whose client half-closed before the answer.
    socket.write(raw);
  });
}
