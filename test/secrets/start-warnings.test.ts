import { describe, expect, it } from 'vitest';
import { startKeyedUpstream } from '../fakes/keyed-upstream.js';
import { fakeProviderKey } from '../helpers/gateway.js';
import { startSecretsGateway } from './gateway.js';

describe('start-up checks of provider secrets', () => {
  it('a production environment reading its provider key from env: starts with a warning (and the doctor function says why)', async () => {
    const upstream = await startKeyedUpstream();
    const key = fakeProviderKey();
    const gw = await startSecretsGateway({ openai: { baseUrl: upstream.url, apiKey: 'env:PROD_OPENAI_KEY' }, sources: [], env: { PROD_OPENAI_KEY: key } });
    try {
      const lines = gw.logs.map((l) => JSON.parse(l) as { level: number; code?: string; ref?: string; msg: string });
      const warning = lines.find((l) => l.code === 'env_secret_in_production');
      expect(warning).toMatchObject({ level: 40, ref: 'env:PROD_OPENAI_KEY' });
      expect(warning?.msg).toContain('secrets manager');
      expect(gw.logs.join('\n')).not.toContain(key);
      // A file: key's age comes from the file; env: has none.
      expect(gw.gateway.secrets.status().secrets[0]).toMatchObject({ ref: 'env:PROD_OPENAI_KEY', createdAt: null, ageDays: null, tooOld: false });
    } finally {
      await gw.close();
      await upstream.close();
    }
  });
});
