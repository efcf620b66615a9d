import { describe, expect, it } from 'vitest';
import { LINKS_MAX_MATCH_CHARS, type LinkKind, findLinks } from './index.js';

function kinds(text: string): [LinkKind, string, string][] {
  return findLinks(text).map((l) => [l.kind, l.url, text.slice(l.start, l.end)]);
}

describe('findLinks', () => {
  it('finds markdown images and links with exact spans', () => {
    const text = 'See ![chart](https://cdn.example.com/c.png "Chart") and [docs](https://docs.example.com/a?b=1).';
    expect(kinds(text)).toEqual([
      ['image', 'https://cdn.example.com/c.png', '![chart](https://cdn.example.com/c.png "Chart")'],
      ['link', 'https://docs.example.com/a?b=1', '[docs](https://docs.example.com/a?b=1)'],
    ]);
  });

  it('finds angle-bracket destinations, autolinks and bare URLs', () => {
    expect(kinds('[x](<https://a.example/with space>)')).toEqual([
      ['link', 'https://a.example/with space', '[x](<https://a.example/with space>)'],
    ]);
    expect(kinds('Go to <https://a.example/p>.')).toEqual([['autolink', 'https://a.example/p', '<https://a.example/p>']]);
    expect(kinds('Visit https://a.example/p?q=1, or (see http://b.example/x).')).toEqual([
      ['bare', 'https://a.example/p?q=1', 'https://a.example/p?q=1'],
      ['bare', 'http://b.example/x', 'http://b.example/x'],
    ]);
    expect(kinds('www.example.org is a site')).toEqual([['bare', 'www.example.org', 'www.example.org']]);
  });

  it('finds reference definitions', () => {
    const text = 'Look: ![logo][1]\n\n[1]: https://evil.example/x.png "t"\n';
    const links = findLinks(text);
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ kind: 'link', url: 'https://evil.example/x.png', text: '1', definition: true });
  });

  it('finds HTML images and anchors', () => {
    const text = `<p><img alt="x" src="https://i.example/a.png"> and <A HREF='https://l.example/'>click <b>here</b></a></p>`;
    expect(findLinks(text).map((l) => [l.kind, l.url, l.text])).toEqual([
      ['html-image', 'https://i.example/a.png', ''],
      ['html-link', 'https://l.example/', 'click here'],
    ]);
  });

  it('reports a bare URL inside a markdown link once, as the link', () => {
    expect(kinds('[https://good.example](https://evil.example/)').map(([k, u]) => [k, u])).toEqual([
      ['link', 'https://evil.example/'],
    ]);
  });

  it('does not find links in plain prose', () => {
    expect(findLinks('Arrays use a[i] (index i) and f(x); see section [2].')).toEqual([]);
  });

  it('caps match length at LINKS_MAX_MATCH_CHARS', () => {
    const long = `![a](https://x.example/${'a'.repeat(5000)})`;
    for (const l of findLinks(long)) expect(l.end - l.start).toBeLessThanOrEqual(LINKS_MAX_MATCH_CHARS);
  });

  it.each([
    ['brackets', '[' .repeat(100_000)],
    ['image starts', '![a]('.repeat(16_000)],
    ['tags without >', '<a href='.repeat(12_000)],
    ['img tags', '<img src=x '.repeat(9_000)],
    ['anchors without close', '<a href=x>'.repeat(10_000)],
    ['urls', 'http://'.repeat(14_000)],
    ['spaced urls', ' http://a'.repeat(11_000)],
    ['labels', `[${'a'.repeat(99_990)}](`],
  ])('%s (100 KB) finishes quickly', (_name, text) => {
    const t0 = performance.now();
    findLinks(text);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe('findLinks: length bound', () => {
  it('the longest markdown and HTML constructs fit in LINKS_MAX_MATCH_CHARS', () => {
    const label = `${'a'.repeat(500)}[${'b'.repeat(500)}]${'c'.repeat(500)}`;
    const md = `![${label}](        <https://x.example/${'u'.repeat(2020)}>        "${'t'.repeat(200)}"        )`;
    const html = `<a ${'x'.repeat(2000)} href="https://x.example/${'u'.repeat(500)}">${'i'.repeat(500)}</a       >`;
    for (const text of [md, html]) {
      const [l] = findLinks(text);
      expect(l?.end).toBe(text.length);
      expect(text.length).toBeLessThanOrEqual(LINKS_MAX_MATCH_CHARS);
    }
  });
});
