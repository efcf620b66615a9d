import { describe, it, expect } from 'vitest';
import { sanitizeHtml } from './sanitize.js';
import type { SanitizeOptions } from './types.js';

const withImages: SanitizeOptions = { base: 'rich', allowImageHosts: ['img.example.com'] };

/** No executable construct may survive, whatever the profile. */
function expectInert(out: string): void {
  expect(out).not.toMatch(/<\s*(script|style|iframe|frame|object|embed|svg|math|form|input|button|textarea|link|meta|base)\b/iu);
  expect(out).not.toMatch(/\son[a-z]+\s*=/iu);
  expect(out).not.toMatch(/javascript:|vbscript:|data:/iu);
  expect(out).not.toMatch(/\sstyle\s*=/iu);
}

// Classics from the OWASP XSS Filter Evasion Cheat Sheet and PortSwigger's XSS cheat sheet.
const XSS: readonly string[] = [
  '<script>alert(1)</script>',
  '<ScRiPt>alert(1)</sCrIpT>',
  '<script src=https://evil.example/x.js></script>',
  '<img src=x onerror=alert(1)>',
  '<IMG SRC="javascript:alert(1);">',
  '<img src="https://img.example.com/x.png" onerror="alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="javascript&#58;alert(1)">x</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
  '<a href="jav&#x09;ascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe src="https://evil.example"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<form action="https://evil.example"><input name=q><button formaction="javascript:alert(1)">go</button></form>',
  '<body onload=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<<script>alert(1)//<</script>',
  '<scr<script>ipt>alert(1)</script>',
  '<img """><script>alert(1)</script>">',
  '<div onmouseover="alert(1)">hover</div>',
  '<table background="javascript:alert(1)"><td onclick=alert(1)>x</td></table>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
];

describe('sanitizeHtml: XSS vectors are inert in every profile', () => {
  for (const profile of ['strict', 'basic', 'rich', withImages] as const) {
    it.each(XSS)(`${typeof profile === 'string' ? profile : 'rich+images'}: %s`, (html) => {
      expectInert(sanitizeHtml(html, profile));
    });
  }
});

describe('sanitizeHtml: strict', () => {
  it('keeps text only and escapes it', () => {
    expect(sanitizeHtml('<b>Hello</b> <i>world</i> & 1 < 2', 'strict')).toBe('Hello world &amp; 1 &lt; 2');
  });
  it('drops script and style content, not only the tags', () => {
    expect(sanitizeHtml('a<script>alert(1)</script>b<style>p{}</style>c', 'strict')).toBe('abc');
  });
  it('drops the content of textarea, option and noscript, which browsers treat as raw text', () => {
    expect(sanitizeHtml('a<textarea><b>x</b></textarea>b<noscript><img src=x onerror=alert(1)></noscript>c', 'strict')).not.toMatch(/<|onerror/u);
  });
  it('escapes quotes so the output is also safe inside a quoted attribute', () => {
    expect(sanitizeHtml(`" onmouseover='x'`, 'strict')).toBe('&quot; onmouseover=&#39;x&#39;');
  });
  it('keeps already-escaped markup as text', () => {
    expect(sanitizeHtml('&lt;script&gt;', 'strict')).toBe('&lt;script&gt;');
  });
});

describe('sanitizeHtml: basic', () => {
  it('keeps inline formatting and lists without attributes', () => {
    const html = '<p class="x" title="t"><strong>a</strong> <em>b</em> <code>c</code></p><ul><li>1</li></ul><blockquote>q</blockquote><pre>p</pre><br>';
    expect(sanitizeHtml(html, 'basic')).toBe('<p><strong>a</strong> <em>b</em> <code>c</code></p><ul><li>1</li></ul><blockquote>q</blockquote><pre>p</pre><br />');
  });
  it('drops links, headings and tables but keeps their text', () => {
    expect(sanitizeHtml('<h1>T</h1><a href="https://x.example">l</a><table><tr><td>c</td></tr></table>', 'basic')).toBe('Tlc');
  });
});

describe('sanitizeHtml: rich', () => {
  it('keeps headings and tables, with only span attributes on cells', () => {
    expect(sanitizeHtml('<h2 id="x">T</h2><table><tr><th colspan="2" style="x">h</th></tr></table>', 'rich'))
      .toBe('<h2>T</h2><table><tr><th colspan="2">h</th></tr></table>');
  });
  it('keeps https and mailto links, forces rel and removes target', () => {
    expect(sanitizeHtml('<a href="https://docs.example/x" target="_blank" rel="opener">d</a>', 'rich'))
      .toBe('<a href="https://docs.example/x" rel="noopener noreferrer nofollow">d</a>');
    expect(sanitizeHtml('<a href="mailto:a@example.com">m</a>', 'rich'))
      .toBe('<a href="mailto:a@example.com" rel="noopener noreferrer nofollow">m</a>');
  });
  it('removes http, relative and protocol-relative hrefs', () => {
    for (const href of ['http://x.example', '/admin/delete?id=1', '//evil.example', 'ftp://x.example']) {
      expect(sanitizeHtml(`<a href="${href}">x</a>`, 'rich')).toBe('<a rel="noopener noreferrer nofollow">x</a>');
    }
  });
  it('removes images unless their https host is listed', () => {
    expect(sanitizeHtml('<img src="https://img.example.com/a.png">', 'rich')).toBe('');
    expect(sanitizeHtml('<img src="https://img.example.com/a.png" alt="A" onerror="x">', withImages)).toBe('<img src="https://img.example.com/a.png" alt="A" />');
    expect(sanitizeHtml('<img src="https://IMG.example.com/a.png">', withImages)).toBe('<img src="https://IMG.example.com/a.png" />');
    for (const src of [
      'https://evil.example/leak?data=secret',
      'http://img.example.com/a.png',
      '//img.example.com/a.png',
      'https://img.example.com.evil.example/a.png',
      'https://user@img.example.com/a.png',
      'data:image/png;base64,AAAA',
      '/a.png',
    ]) {
      expect(sanitizeHtml(`<img src="${src}">`, withImages)).toBe('');
    }
  });
});

describe('sanitizeHtml: custom options pass through a safe subset', () => {
  it('adds safe tags and attributes to the base', () => {
    expect(sanitizeHtml('<p>a<sup>2</sup><span title="t">s</span></p>', { base: 'basic', allowTags: ['sup', 'span'], allowAttributes: { span: ['title'] } }))
      .toBe('<p>a<sup>2</sup><span title="t">s</span></p>');
  });
  it('ignores dangerous tags and attributes asked for', () => {
    const options = {
      base: 'basic',
      allowTags: ['script', 'iframe', 'style', 'svg', 'form', 'object', 'SCRIPT'],
      allowAttributes: { '*': ['onclick', 'style', 'class', 'srcdoc'], p: ['onmouseover'] },
    } as const;
    const out = sanitizeHtml('<p onclick="x" style="c" class="k" onmouseover="y">t</p><script>alert(1)</script><iframe></iframe>', options);
    expect(out).toBe('<p>t</p>');
  });
  it('links added to a custom profile still get the link rules', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)" target="_top">x</a>', { allowTags: ['a'], allowAttributes: { a: ['href'] } }))
      .toBe('<a rel="noopener noreferrer nofollow">x</a>');
  });
  it('an empty options object is strict', () => {
    expect(sanitizeHtml('<b>x</b>', {})).toBe('x');
  });
});

describe('sanitizeHtml: never throws', () => {
  it('returns empty output for non-string input', () => {
    expect(sanitizeHtml(undefined as unknown as string, 'rich')).toBe('');
    expect(sanitizeHtml({} as unknown as string, 'strict')).toBe('');
  });
  it('treats a malformed profile as strict', () => {
    expect(sanitizeHtml('<b>x</b>', 42 as unknown as 'strict')).toBe('x');
  });
  it('handles deep nesting', () => {
    const deep = '<b>'.repeat(10_000) + 'x' + '</b>'.repeat(10_000);
    expect(sanitizeHtml(deep, 'basic')).toContain('x');
  });
});
