import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { GatewayError } from '../errors.js';

/**
 * The egress allow-list. The upstream client may connect only to hosts derived from the
 * configured providers plus explicit extras; everything else is refused before a socket opens.
 * Loopback, private and link-local addresses are refused too — also when a public name resolves
 * to one (DNS rebinding) — unless the deployment allows private networks or names that one host.
 */
export interface EgressPolicy {
  /** Throws `egress_denied` for a destination outside the allow-list. */
  check(url: URL): void;
  /** A `dns.lookup` replacement for the socket: refuses private answers for public hosts. */
  readonly lookup: typeof dnsLookup;
  readonly allowedHosts: ReadonlySet<string>;
}

export interface EgressOptions {
  /** `host` or `host:port` entries; a bare host allows any port. */
  readonly allowHosts: Iterable<string>;
  readonly allowPrivateNetworks: boolean;
  /** Hosts that may be private even when private networks are not allowed (the built-in mock). */
  readonly privateHosts?: Iterable<string>;
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
// Also NAT64 (it reaches IPv4 space, private ranges included), old site-local, and the
// deprecated IPv4-compatible block (::a.b.c.d).
for (const [net, prefix] of [['::', 96], ['::1', 128], ['64:ff9b::', 96], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    return mapped ? PRIVATE.check(mapped[1]!, 'ipv4') : PRIVATE.check(address, 'ipv6');
  }
  return false;
}

function normalizeHost(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

export function createEgressPolicy(options: EgressOptions): EgressPolicy {
  const allowed = new Set([...options.allowHosts].map((h) => h.toLowerCase()));
  const privateOk = new Set([...(options.privateHosts ?? [])].map(normalizeHost));
  const mayBePrivate = (hostname: string): boolean => options.allowPrivateNetworks || privateOk.has(normalizeHost(hostname));

  const lookup = ((hostname: string, opts: unknown, callback: unknown): void => {
    const cb = (typeof opts === 'function' ? opts : callback) as (err: Error | null, address?: string | LookupAddress[], family?: number) => void;
    const lookupOptions = (typeof opts === 'object' && opts !== null ? opts : {}) as { all?: boolean };
    dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) {
        cb(err);
        return;
      }
      const refused = addresses.find((a) => isPrivateAddress(a.address));
      if (refused && !mayBePrivate(hostname)) {
        cb(Object.assign(new Error(`egress to ${hostname} refused: it resolves to a private address`), { code: 'EGRESS_DENIED' }));
        return;
      }
      if (lookupOptions.all) cb(null, addresses);
      else cb(null, addresses[0]?.address, addresses[0]?.family);
    });
  }) as typeof dnsLookup;

  // The verdict depends only on the protocol and host, and the set of providers is fixed at start.
  const verdicts = new Map<string, GatewayError | null>();
  const decide = (url: URL): GatewayError | null => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return new GatewayError('egress_denied', `egress refused: protocol ${url.protocol} is not allowed`);
    }
    const host = url.host.toLowerCase();
    if (!allowed.has(host) && !allowed.has(url.hostname.toLowerCase())) {
      return new GatewayError('egress_denied', `egress refused: ${url.hostname} is not on the allow-list`);
    }
    const literal = normalizeHost(url.hostname);
    if (isIP(literal) && isPrivateAddress(literal) && !mayBePrivate(literal)) {
      return new GatewayError('egress_denied', `egress refused: ${literal} is a private address`);
    }
    return null;
  };

  return {
    allowedHosts: allowed,
    lookup,
    check(url) {
      const key = `${url.protocol}//${url.host}`;
      let verdict = verdicts.get(key);
      if (verdict === undefined) {
        verdict = decide(url);
        if (verdicts.size < 1024) verdicts.set(key, verdict);
      }
      if (verdict) throw new GatewayError(verdict.code, verdict.message);
    },
  };
}
