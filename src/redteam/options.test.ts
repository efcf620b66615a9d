import { describe, expect, it } from 'vitest';
import { parseFailAbove, parsePositiveInt, parseRate, parseTargetUrl } from './options.js';
import { createProgressBar } from './progress.js';

describe('redteam option values', () => {
  it('parses rates per second and per minute', () => {
    expect(parseRate('5/s')).toBe(5);
    expect(parseRate('0.5')).toBe(0.5);
    expect(parseRate('120/m')).toBe(2);
    expect(parseRate(undefined)).toBeUndefined();
    expect(() => parseRate('fast')).toThrow(/--rate/);
    expect(() => parseRate('0/s')).toThrow(/above 0/);
  });

  it('parses --fail-above as a fraction or a percentage', () => {
    expect(parseFailAbove('0.1')).toBe(0.1);
    expect(parseFailAbove('10%')).toBe(0.1);
    expect(parseFailAbove('0')).toBe(0);
    expect(() => parseFailAbove('2')).toThrow(/between 0 and 1/);
    expect(() => parseFailAbove('ten')).toThrow(/--fail-above/);
  });

  it('checks integers and URLs without repeating a URL that may hold a secret', () => {
    expect(parsePositiveInt('--concurrency', '8', 4, 64)).toBe(8);
    expect(parsePositiveInt('--concurrency', undefined, 4, 64)).toBe(4);
    expect(() => parsePositiveInt('--concurrency', '0', 4, 64)).toThrow(/1 to 64/);
    expect(parseTargetUrl('--target', 'https://gw.example.com/v1')).toBe('https://gw.example.com/v1');
    expect(() => parseTargetUrl('--target', 'ftp://x')).toThrow(/http\(s\)/);
    let message = '';
    try {
      parseTargetUrl('--target', 'https://u:s3cr3t@gw.example.com');
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/must not carry credentials/);
    expect(message).not.toContain('s3cr3t');
  });
});

describe('progress bar', () => {
  it('draws in place on a TTY and clears its line at the end', () => {
    const writes: string[] = [];
    const bar = createProgressBar({ isTTY: true, columns: 60, write: (t) => writes.push(t) }, 'redteam');
    bar.update(0, 4);
    bar.update(2, 4);
    bar.finish();
    expect(writes[1]).toMatch(/^\rredteam \[#+\.+\] 2\/4$/);
    expect(writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('writes nothing when stderr is not a terminal', () => {
    const writes: string[] = [];
    const bar = createProgressBar({ isTTY: false, write: (t) => writes.push(t) }, 'redteam');
    bar.update(1, 2);
    bar.finish();
    expect(writes).toEqual([]);
  });
});
