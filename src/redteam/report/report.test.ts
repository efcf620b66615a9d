import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { AttemptResult, RedteamReport } from '../types.js';
import { renderDemoComparison } from './demo.js';
import { renderReport } from './index.js';

const NASTY = `<script>alert("x")</script> & 'quotes' \u0001`;

function result(id: string, category: string, outcome: AttemptResult['outcome'], detail = 'd'): AttemptResult {
  return { id, category, goal: `goal of ${id} ${NASTY}`, outcome, detail, durationMs: 12, retries: 0, status: 200 };
}

const REPORT: RedteamReport = {
  tool: 'portcullis redteam',
  libraryVersion: '2026.12.1',
  startedAt: '2026-12-04T16:00:00.000Z',
  finishedAt: '2026-12-04T16:00:05.000Z',
  target: 'https://gw.example.com',
  api: 'openai',
  model: `gpt-4o-mini${NASTY}`,
  stream: false,
  judge: false,
  totals: { attempts: 5, blocked: 2, harmless: 1, succeeded: 1, errors: 1, successRate: 0.2 },
  categories: [
    { category: 'direct-override', title: `Direct ${NASTY}`, attempts: 3, blocked: 1, harmless: 1, succeeded: 1, errors: 0 },
    { category: 'exfiltration', title: 'Exfiltration', attempts: 2, blocked: 1, harmless: 0, succeeded: 0, errors: 1 },
  ],
  results: [
    result('direct-override/a', 'direct-override', 'blocked', 'refused by the gateway: prompt_injection_detected'),
    result('direct-override/b', 'direct-override', 'harmless', 'no oracle fired'),
    result(`direct-override/c${NASTY}`, 'direct-override', 'succeeded', `the forbidden marker appeared ${NASTY}`),
    result('exfiltration/a', 'exfiltration', 'blocked', 'stream cut by the gateway: output_blocked'),
    result('exfiltration/b', 'exfiltration', 'error', 'HTTP 401 (invalid_api_key)'),
  ],
};

describe('JUnit XML', () => {
  it('is well-formed and has one testsuite per category, one testcase per attack, failures for successes', () => {
    const xml = renderReport(REPORT, 'junit');
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- its successor (fast-xml-validator) is not installed; this still checks well-formedness
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const root = doc.testsuites;
    expect(root['@tests']).toBe('5');
    expect(root['@failures']).toBe('1');
    expect(root['@errors']).toBe('1');
    const suites = root.testsuite as { '@name': string; '@tests': string; '@failures': string; '@errors': string; testcase: Record<string, unknown>[] }[];
    expect(suites.map((s) => [s['@name'], s['@tests'], s['@failures'], s['@errors'], s.testcase.length])).toEqual([
      ['direct-override', '3', '1', '0', 3],
      ['exfiltration', '2', '0', '1', 2],
    ]);
    const failed = suites[0]!.testcase.filter((c) => c.failure !== undefined);
    expect(failed).toHaveLength(1);
    expect(String(failed[0]!['@name'])).toContain('<script>'); // unescaped back by the parser
    expect(suites[1]!.testcase.filter((c) => c.error !== undefined)).toHaveLength(1);
    expect(xml).not.toContain('\u0001');
  });
});

describe('HTML report', () => {
  it('is self-contained: inline CSS and SVG, no scripts, no external resources, everything escaped', () => {
    const html = renderReport(REPORT, 'html');
    expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html).toContain("default-src 'none'");
    expect(html.match(/<svg /g)?.length).toBe(REPORT.categories.length * 2); // summary table + section
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(html).toContain('<title>blocked: 1</title>');
  });
});

describe('text and JSON reports', () => {
  it('prints the per-category table and names the attacks that succeeded', () => {
    const text = renderReport(REPORT, 'text');
    expect(text).toMatch(/direct-override\s+3\s+1\s+1\s+1\s+0\s+33\.3%/);
    expect(text).toMatch(/total\s+5\s+2\s+1\s+1\s+1\s+20\.0%/);
    expect(text).toContain('SUCCEEDED  direct-override/c');
    expect(JSON.parse(renderReport(REPORT, 'json'))).toEqual(REPORT);
  });

  it('prints the demo side by side', () => {
    const text = renderDemoComparison({ ...REPORT, totals: { ...REPORT.totals, succeeded: 4, successRate: 0.8 } }, REPORT);
    expect(text).toContain('80.0% straight at the model, 20.0% through the gateway');
  });
});
