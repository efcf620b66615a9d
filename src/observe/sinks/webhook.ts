import { Agent } from 'undici';
import type { WebhookConfig } from '../../config/monitoring.js';
import { isLiteralUrl } from '../../config/monitoring.js';
import type { SecretResolver } from '../../secrets/resolve.js';
import { createEgressPolicy } from '../../upstream/egress.js';
import type { AlertDestination } from '../alert-hub.js';
import type { StoredAlert } from '../alerts.js';
import { DeliveryError, retryingDestination, type RetryOptions } from './retrying-queue.js';
import { jsonPayload, signatureHeader, SIGNATURE_HEADER, slackPayload, TIMESTAMP_HEADER } from './webhook-payload.js';

/**
 * A webhook destination. Its URL is egress like a provider's: the request may go only to the
 * configured host (its own allow-list, apart from the providers', so neither side can be pointed
 * at the other), a private or loopback address is refused unless `allowPrivateNetwork` is set —
 * also when a public name resolves to one —, and no redirect is followed. The URL is never logged
 * (a Slack webhook URL is a credential): failures name the webhook.
 */
export async function webhookDestination(
  hook: WebhookConfig,
  secrets: SecretResolver,
  retry: RetryOptions & { readonly now?: () => number },
): Promise<AlertDestination> {
  const url = new URL(isLiteralUrl(hook.url) ? hook.url : (await secrets.resolve(hook.url)).reveal());
  const host = (hook.host ?? url.host).toLowerCase();
  if (host !== url.host.toLowerCase() && host !== url.hostname.toLowerCase()) {
    throw new Error(`monitoring.alerts.webhooks "${hook.name}": the URL's host is not the configured host ${host}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && hook.allowPrivateNetwork)) {
    throw new Error(`monitoring.alerts.webhooks "${hook.name}": the URL must use https`);
  }
  const signingSecret = hook.signingSecret === undefined ? undefined : (await secrets.resolve(hook.signingSecret)).reveal();
  const egress = createEgressPolicy({ allowHosts: [host], allowPrivateNetworks: hook.allowPrivateNetwork });
  const agent = new Agent({
    connections: 2,
    headersTimeout: hook.timeoutMs,
    bodyTimeout: hook.timeoutMs,
    connect: { timeout: hook.timeoutMs, lookup: egress.lookup },
  });
  const now = retry.now ?? Date.now;
  const kinds = hook.kinds === undefined ? undefined : new Set(hook.kinds);
  const environments = hook.environments === undefined ? undefined : new Set(hook.environments);

  const deliver = async (alert: StoredAlert): Promise<void> => {
    try {
      egress.check(url);
    } catch (err) {
      throw new DeliveryError(`webhook ${hook.name}: ${(err as Error).message}`, false);
    }
    const body = hook.format === 'slack' ? slackPayload(alert) : jsonPayload(alert);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'portcullis-alerts',
      'x-portcullis-alert-id': alert.id,
    };
    if (signingSecret !== undefined) {
      const t = Math.floor(now() / 1000);
      headers[TIMESTAMP_HEADER] = String(t);
      headers[SIGNATURE_HEADER] = signatureHeader(signingSecret, t, body);
    }
    let status: number;
    try {
      const response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(hook.timeoutMs),
      });
      status = response.statusCode;
      await response.body.dump();
    } catch (err) {
      // The cause without the URL: undici's messages name the host at most. A name that
      // resolves to a private address will not stop doing so: no retry.
      const refused = (err as { code?: unknown }).code === 'EGRESS_DENIED';
      throw new DeliveryError(`webhook ${hook.name}: ${(err as Error).name}: ${(err as Error).message.replaceAll(url.href, '<url>')}`, !refused);
    }
    if (status >= 200 && status < 300) return;
    // 408, 429 and 5xx may pass; a redirect or another 4xx will not get better by retrying.
    const retryable = status === 408 || status === 429 || status >= 500;
    throw new DeliveryError(`webhook ${hook.name}: the receiver answered ${status}`, retryable);
  };

  const queue = retryingDestination(`webhook:${hook.name}`, deliver, retry);
  let closing: Promise<void> | undefined;
  return {
    name: queue.name,
    accept(alert) {
      if (kinds && !kinds.has(alert.kind)) return;
      if (environments && (alert.environment === undefined || !environments.has(alert.environment))) return;
      queue.accept(alert);
    },
    close(timeoutMs) {
      closing ??= queue.close(timeoutMs).then(() => agent.close());
      return closing;
    },
  };
}
