import { describe, expect, it } from 'vitest';
import { type PiiKind, findPii, ibanChecksumValid, luhnValid } from './index.js';

function found(text: string, kinds?: readonly PiiKind[]): [PiiKind, string][] {
  return findPii(text, kinds).map((m) => [m.kind, text.slice(m.start, m.end)]);
}

describe('checksums', () => {
  it('luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });
  it('iban mod 97', () => {
    expect(ibanChecksumValid('DE89370400440532013000')).toBe(true);
    expect(ibanChecksumValid('DE89370400440532013001')).toBe(false);
  });
});

describe('findPii: payment cards', () => {
  it.each([
    ['4111 1111 1111 1111'],
    ['4111-1111-1111-1111'],
    ['4111111111111111'],
    ['5555 5555 5555 4444'],
    ['2223 0031 2200 3222'],
    ['3782 822463 10005'],
    ['6011 1111 1111 1117'],
    ['3530 1113 3330 0000'],
  ])('finds %s', (card) => {
    expect(found(`Card: ${card}, exp 12/27.`)).toEqual([['card', card]]);
  });

  it.each([
    ['luhn failure', '4111 1111 1111 1112'],
    ['unknown prefix', '9111 1111 1111 1111'],
    ['wrong length for the scheme', '3782 8224 6310 0052'],
    ['mixed separators', '4111 1111-1111 1111'],
    ['all zeros', '0000 0000 0000 0000'],
    ['inside a longer number', '14111111111111111'],
    ['a decimal', '0.4111111111111111'],
  ])('ignores %s', (_why, text) => {
    expect(found(text, ['card'])).toEqual([]);
  });

  it('stops before a trailing group that would break the number', () => {
    expect(found('4111 1111 1111 1111 2 items')).toEqual([['card', '4111 1111 1111 1111']]);
  });
});

describe('findPii: IBAN', () => {
  it.each(['DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', 'GB82 WEST 1234 5698 7654 32', 'FR14 2004 1010 0505 0001 3M02 606'])(
    'finds %s',
    (iban) => {
      expect(found(`Pay to ${iban} today`)).toEqual([['iban', iban]]);
    },
  );
  it('stops at the country length', () => {
    expect(found('DE89 3704 0044 0532 0130 00 ABCD')).toEqual([['iban', 'DE89 3704 0044 0532 0130 00']]);
  });
  it.each(['DE89 3704 0044 0532 0130 01', 'DE89 3704 0044 0532 0130 0', 'XX89 3704 0044 0532 0130 00'])('ignores %s', (text) => {
    expect(found(text, ['iban'])).toEqual([]);
  });
});

describe('findPii: SSN and national ids', () => {
  it('finds valid SSNs', () => {
    expect(found('SSN 123-45-6789.')).toEqual([['ssn', '123-45-6789']]);
    expect(found('SSN 123 45 6789')).toEqual([['ssn', '123 45 6789']]);
  });
  it.each(['000-12-3456', '666-12-3456', '912-34-5678', '123-00-4567', '123-45-0000', '078-05-1120', '123-45-67890', '123-45 6789'])(
    'ignores invalid SSN %s',
    (text) => {
      expect(found(text, ['ssn'])).toEqual([]);
    },
  );
  it('finds UK NINOs and rejects unallocated prefixes', () => {
    expect(found('NI number AB 12 34 56 C')).toEqual([['uk-nino', 'AB 12 34 56 C']]);
    expect(found('NI: AB123456C')).toEqual([['uk-nino', 'AB123456C']]);
    expect(found('BG123456A GB123456A DA123456A AB123456E', ['uk-nino'])).toEqual([]);
  });
  it('finds a German tax id only with a valid check digit and a keyword', () => {
    expect(found('Steuer-ID: 86095742719')).toEqual([['de-steuer-id', '86095742719']]);
    expect(found('Steuer-ID: 86095742718', ['de-steuer-id'])).toEqual([]);
    expect(found('order 86095742719', ['de-steuer-id'])).toEqual([]);
  });
});

describe('findPii: email and phone', () => {
  it('finds emails', () => {
    expect(found('Write to jane.doe+x@mail.northwind.co.uk.')).toEqual([['email', 'jane.doe+x@mail.northwind.co.uk']]);
    expect(found('not an email: a@b, @handle, user@localhost')).toEqual([]);
    expect(found('docs use user@example.com, a@b.example and x@y.test')).toEqual([]);
  });
  it.each(['+1 415 555 0123', '+14155550123', '(415) 555-0123', '415-555-0123', '415.555.0123', '020 7946 0958', '+44 20 7946 0958', '+44 (20) 7946 0958', '01 23 45 67 89', '030-12345678'])(
    'finds phone %s',
    (phone) => {
      expect(found(`Call ${phone} now`)).toEqual([['phone', phone]]);
    },
  );
  it.each([
    'released 2024-01-15',
    'on 12/05/2023',
    'version 1.2.3 and 10.0.19041.1',
    'order id 1234567890',
    'host 192.168.100.200',
    'pi is 3.14159265',
    'ISBN 978-3-16-148410-0',
    'build 20240115.3',
    'uuid 123e4567-e89b-12d3-a456-426614174000',
    'range 100-200-3000',
    '// Prints: <Buffer 01 02 03 04 05>',
  ])('no phone in %j', (text) => {
    expect(found(text, ['phone'])).toEqual([]);
  });
});

describe('findPii: kinds and performance', () => {
  it('filters by kind', () => {
    const text = 'jane@northwind.org 4111 1111 1111 1111';
    expect(found(text, ['email']).map(([k]) => k)).toEqual(['email']);
    expect(found(text).map(([k]) => k)).toEqual(['email', 'card']);
  });
  it.each([
    ['digits', '4'.repeat(100_000)],
    ['digit groups', '4111 '.repeat(20_000)],
    ['local parts', 'a'.repeat(100_000)],
    ['at signs', 'a@b.'.repeat(25_000)],
    ['plus digits', '+1 '.repeat(33_000)],
    ['iban starts', 'DE89'.repeat(25_000)],
    ['dashes', '123-'.repeat(25_000)],
  ])('%s (100 KB) finishes quickly', (_name, text) => {
    const t0 = performance.now();
    findPii(text);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
