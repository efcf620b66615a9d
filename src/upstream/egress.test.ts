import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { createEgressPolicy, isPrivateAddress, type EgressOptions, type EgressPolicy } from './egress.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '0.0.0.0',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
  ])('refuses IPv4 %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '172.15.255.255', '192.169.0.1', '100.128.0.1', '11.0.0.1', '104.18.6.192'])(
    'allows public IPv4 %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );

  it.each(['::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'febf::1', 'ff02::1', 'FE80::ABCD'])('refuses IPv6 %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['2001:4860:4860::8888', '2606:4700::1111', '2a00:1450:4007:80e::200e'])('allows public IPv6 %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it.each(['::ffff:127.0.0.1', '::ffff:10.0.0.1', '::FFFF:192.168.0.1', '::ffff:7f00:1', '::ffff:a00:1', '0:0:0:0:0:ffff:7f00:1'])(
    'sees through IPv4-mapped IPv6 %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(true);
    },
  );

  it('allows a mapped public IPv4 address', () => {
    expect(isPrivateAddress('::ffff:8.8.8.8')).toBe(false);
  });

  it.each(['localhost', 'example.com', '', '999.1.1.1', '[::1]'])('is false for non-literals such as %j', (value) => {
    expect(isPrivateAddress(value)).toBe(false);
  });
});

function policy(options: Partial<EgressOptions> = {}): EgressPolicy {
  return createEgressPolicy({ allowHosts: ['api.openai.com'], allowPrivateNetworks: false, ...options });
}

function egressError(fn: () => void): GatewayError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected egress to be refused');
}

describe('EgressPolicy.check', () => {
  it('allows an allow-listed host on any port and any path', () => {
    const p = policy();
    expect(() => {
      p.check(new URL('https://api.openai.com/v1/chat/completions'));
    }).not.toThrow();
    expect(() => {
      p.check(new URL('https://API.OpenAI.com:8443/v1'));
    }).not.toThrow();
  });

  it('exposes the allowed hosts lower-cased', () => {
    expect([...policy({ allowHosts: ['API.Anthropic.com', 'mock.local:9000'] }).allowedHosts]).toEqual(['api.anthropic.com', 'mock.local:9000']);
  });

  it('refuses a host not on the list with egress_denied (502)', () => {
    const err = egressError(() => {
      policy().check(new URL('https://evil.example.com/v1'));
    });
    expect(err.code).toBe('egress_denied');
    expect(err.status).toBe(502);
    expect(err.message).toContain('evil.example.com');
  });

  it('refuses look-alike hosts', () => {
    const p = policy();
    for (const url of ['https://api.openai.com.evil.com/', 'https://xapi.openai.com/', 'https://openai.com/', 'https://api.openai.co/']) {
      expect(egressError(() => {
        p.check(new URL(url));
      }).code, url).toBe('egress_denied');
    }
  });

  it('limits a host:port entry to that port', () => {
    const p = policy({ allowHosts: ['upstream.internal.test:9000'] });
    expect(() => {
      p.check(new URL('http://upstream.internal.test:9000/v1'));
    }).not.toThrow();
    expect(egressError(() => {
      p.check(new URL('http://upstream.internal.test:9001/v1'));
    }).code).toBe('egress_denied');
    expect(egressError(() => {
      p.check(new URL('http://upstream.internal.test/v1'));
    }).code).toBe('egress_denied');
  });

  it('refuses protocols other than http and https even for an allowed host', () => {
    const p = policy();
    for (const url of ['ftp://api.openai.com/', 'file://api.openai.com/etc/passwd', 'ws://api.openai.com/']) {
      const err = egressError(() => {
        p.check(new URL(url));
      });
      expect(err.code).toBe('egress_denied');
      expect(err.message).toContain('protocol');
    }
  });

  it('refuses an allow-listed private literal unless private networks are allowed', () => {
    const allowHosts = ['127.0.0.1:8080', '10.0.0.5', '[::1]:8080', '169.254.169.254'];
    const strict = policy({ allowHosts });
    for (const url of ['http://127.0.0.1:8080/', 'http://10.0.0.5/', 'http://[::1]:8080/', 'http://169.254.169.254/latest/meta-data']) {
      const err = egressError(() => {
        strict.check(new URL(url));
      });
      expect(err.code, url).toBe('egress_denied');
      expect(err.message, url).toContain('private address');
    }
    const open = policy({ allowHosts, allowPrivateNetworks: true });
    for (const url of ['http://127.0.0.1:8080/', 'http://10.0.0.5/', 'http://[::1]:8080/']) {
      expect(() => {
        open.check(new URL(url));
      }, url).not.toThrow();
    }
  });

  it('refuses an IPv4-mapped IPv6 literal of a private address', () => {
    const err = egressError(() => {
      policy({ allowHosts: ['[::ffff:7f00:1]'] }).check(new URL('http://[::ffff:127.0.0.1]/'));
    });
    expect(err.code).toBe('egress_denied');
  });

  it('allows a private literal named in privateHosts, and only that one', () => {
    const p = policy({ allowHosts: ['127.0.0.1:4010', '127.0.0.2:4010', '[::1]:4010'], privateHosts: ['127.0.0.1', '[::1]'] });
    expect(() => {
      p.check(new URL('http://127.0.0.1:4010/v1'));
    }).not.toThrow();
    expect(() => {
      p.check(new URL('http://[::1]:4010/v1'));
    }).not.toThrow();
    expect(egressError(() => {
      p.check(new URL('http://127.0.0.2:4010/v1'));
    }).code).toBe('egress_denied');
  });

  it('allows a public literal on the list', () => {
    expect(() => {
      policy({ allowHosts: ['8.8.8.8'] }).check(new URL('https://8.8.8.8/'));
    }).not.toThrow();
  });
});

type LookupResult = { address: string | LookupAddress[] | undefined; family: number | undefined };

function lookupWith(p: EgressPolicy, hostname: string, options?: { all?: boolean }): Promise<LookupResult> {
  return new Promise((resolve, reject) => {
    const callback = (err: Error | null, address?: string | LookupAddress[], family?: number): void => {
      if (err) reject(err);
      else resolve({ address, family });
    };
    const lookup = p.lookup as unknown as (host: string, ...rest: unknown[]) => void;
    if (options) lookup(hostname, options, callback);
    else lookup(hostname, callback);
  });
}

describe('EgressPolicy.lookup', () => {
  it('refuses a name that resolves to loopback (localhost) with EGRESS_DENIED', async () => {
    const err = await lookupWith(policy(), 'localhost').then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(err).toBeInstanceOf(Error);
    expect(err?.code).toBe('EGRESS_DENIED');
    expect(err?.message).toContain('localhost');
    expect(err?.message).toContain('private address');
  });

  it('refuses localhost with { all: true } too', async () => {
    await expect(lookupWith(policy(), 'localhost', { all: true })).rejects.toMatchObject({ code: 'EGRESS_DENIED' });
  });

  it('resolves localhost when private networks are allowed', async () => {
    const { address, family } = await lookupWith(policy({ allowPrivateNetworks: true }), 'localhost', {});
    expect(typeof address).toBe('string');
    expect(isPrivateAddress(address as string)).toBe(true);
    expect([4, 6]).toContain(family);
  });

  it('resolves localhost when it is one of the privateHosts, case-insensitively', async () => {
    const { address } = await lookupWith(policy({ privateHosts: ['LocalHost'] }), 'localhost', { all: true });
    expect(Array.isArray(address)).toBe(true);
    const list = address as LookupAddress[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((a) => isPrivateAddress(a.address))).toBe(true);
  });

  it('refuses a literal loopback address handed to lookup', async () => {
    await expect(lookupWith(policy(), '127.0.0.1')).rejects.toMatchObject({ code: 'EGRESS_DENIED' });
  });

  it('passes a public literal through', async () => {
    await expect(lookupWith(policy(), '8.8.8.8', {})).resolves.toEqual({ address: '8.8.8.8', family: 4 });
  });
});
