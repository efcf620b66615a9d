import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { SecretsMetrics } from '../../secrets/runtime.js';
import { settled } from '../monitors/test-support.js';
import { createGatewayMetrics } from './gateway-metrics.js';
import { createLabeler } from './labels.js';

const config = parseConfig({
  store: { kind: 'memory' },
  environments: {
    prod: { allowedModels: ['gpt-4o-mini', 'ft:gpt-4o-mini:acme:support:abc123', 'claude-*'] },
    eu: { providers: { openai: { type: 'azure', endpoint: 'https://acme.openai.azure.com', apiKey: 'env:AZURE_KEY', deployments: { 'acme-chat': 'chat-prod' } } } },
  },
});

describe('metric labels', () => {
  it('keeps only known models: price table, exact allowed models, Azure deployments; snapshots as their model', () => {
    const labels = createLabeler(config);
    expect(labels.model('gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(labels.model('GPT-4o-mini')).toBe('gpt-4o-mini');
    expect(labels.model('gpt-4o-2024-08-06')).toBe('gpt-4o');
    expect(labels.model('ft:gpt-4o-mini:acme:support:abc123')).toBe('ft:gpt-4o-mini:acme:support:abc123');
    expect(labels.model('acme-chat')).toBe('acme-chat');
    // A pattern allows a family; the names a client invents under it are not labels.
    expect(labels.model('claude-made-up-by-client')).toBe('other');
    expect(labels.model('gpt-4o-mini-user-42@example.com')).toBe('other');
    expect(labels.model(null)).toBe('none');
    expect(labels.environment('prod')).toBe('prod');
    expect(labels.environment('staging')).toBe('other');
    expect(labels.environment(null)).toBe('none');
    expect(labels.provider('azure')).toBe('azure');
    expect(labels.provider('custom')).toBe('other');
  });
});

describe('gateway metrics', () => {
  it('follows the secrets runtime counters at each scrape, plus pushed failures', async () => {
    let view: SecretsMetrics = { refreshes: 4, refreshFailures: 1, rotations: 0, keyRejections: 0, keyFailovers: 0, badKeys: 0, secrets: [{ ref: 'vault:secret/data/openai#api_key', ageSeconds: 120, failing: true, consecutiveFailures: 1 }] };
    const metrics = createGatewayMetrics(config, { processMetrics: false, secrets: () => view });
    let text = (await metrics.scrape()).body;
    expect(text).toMatch(/^portcullis_secret_refresh_failures_total 1$/m);
    expect(text).toMatch(/^portcullis_secret_refreshes_total 4$/m);
    expect(text).toMatch(/^portcullis_secrets_failing 1$/m);
    expect(text).toMatch(/^portcullis_secret_max_age_seconds 120$/m);
    expect(text).not.toContain('vault:');
    view = { ...view, refreshes: 6, refreshFailures: 2, secrets: [{ ...view.secrets[0]!, failing: false }] };
    metrics.secretRefreshFailed();
    text = (await metrics.scrape()).body;
    expect(text).toMatch(/^portcullis_secret_refresh_failures_total 3$/m);
    expect(text).toMatch(/^portcullis_secret_refreshes_total 6$/m);
    expect(text).toMatch(/^portcullis_secrets_failing 0$/m);
  });

  it('counts upstream errors from codes and passed-through 5xx/429, and rate-limit and budget denials', async () => {
    const metrics = createGatewayMetrics(config, { processMetrics: false });
    metrics.observeRequest(settled({ status: 502, decision: 'failed', errorCode: 'upstream_unreachable', upstreamStatus: null }));
    metrics.observeRequest(settled({ status: 503, decision: 'failed', upstreamStatus: 503 }));
    metrics.observeRequest(settled({ status: 429, decision: 'failed', upstreamStatus: 429 }));
    metrics.observeRequest(settled({ status: 429, decision: 'denied', errorCode: 'rate_limited', provider: null, upstreamStatus: null }));
    metrics.observeRequest(settled({ status: 429, decision: 'denied', errorCode: 'budget_exceeded', provider: null, upstreamStatus: null }));
    const text = (await metrics.scrape()).body;
    expect(text).toContain('portcullis_upstream_errors_total{environment="prod",provider="openai",reason="upstream_unreachable"} 1');
    expect(text).toContain('portcullis_upstream_errors_total{environment="prod",provider="openai",reason="http_5xx"} 1');
    expect(text).toContain('portcullis_upstream_errors_total{environment="prod",provider="openai",reason="http_429"} 1');
    expect(text).toContain('portcullis_rate_limit_denials_total{environment="prod",code="rate_limited"} 1');
    expect(text).toContain('portcullis_budget_denials_total{environment="prod",code="budget_exceeded"} 1');
    expect(text).toContain('portcullis_denials_total{environment="prod",code="budget_exceeded"} 1');
  });

  it('keeps each gateway\'s metrics in its own registry', async () => {
    const a = createGatewayMetrics(config, { processMetrics: false });
    const b = createGatewayMetrics(config, { processMetrics: false });
    a.observeRequest(settled());
    expect((await a.scrape()).body).toContain('portcullis_requests_total{environment="prod",provider="openai",model="gpt-4o-mini",status="200"} 1');
    expect((await b.scrape()).body).not.toContain('portcullis_requests_total{');
  });
});
