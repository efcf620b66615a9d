import { describe, expect, it } from 'vitest';
import { FAKE } from './test-fixtures.js';
import { type SecretRule, findSecrets } from './index.js';

function rulesIn(text: string): SecretRule[] {
  return findSecrets(text).map((m) => m.rule);
}

/** The single match in `text` covers exactly `secret`. */
function expectExactly(text: string, secret: string, rule: SecretRule): void {
  const matches = findSecrets(text);
  expect(matches.map((m) => m.rule)).toEqual([rule]);
  const m = matches[0]!;
  expect(text.slice(m.start, m.end)).toBe(secret);
}

describe('findSecrets: provider and platform keys', () => {
  it.each([
    ['openai project key', FAKE.openaiProject, 'openai-key'],
    ['openai legacy key', FAKE.openaiLegacy, 'openai-key'],
    ['openai service-account key', FAKE.openaiSvc, 'openai-key'],
    ['anthropic api key', FAKE.anthropic, 'anthropic-key'],
    ['anthropic admin key', FAKE.anthropicAdmin, 'anthropic-key'],
    ['portcullis gateway key', FAKE.portcullis, 'portcullis-key'],
    ['aws access key id', FAKE.awsKeyId, 'aws-access-key-id'],
    ['gcp api key', FAKE.gcpApiKey, 'gcp-api-key'],
    ['github classic token', FAKE.githubPat, 'github-token'],
    ['github fine-grained token', FAKE.githubFine, 'github-token'],
    ['slack bot token', FAKE.slack, 'slack-token'],
    ['stripe live key', FAKE.stripe, 'stripe-key'],
    ['jwt', FAKE.jwt, 'jwt'],
    ['pem private key', FAKE.pem, 'private-key'],
  ] as const)('finds a %s in prose, with exact offsets', (_name, secret, rule) => {
    expectExactly(`Here you go: ${secret} — keep it safe.`, secret, rule);
    expectExactly(`export KEY="${secret}"`, secret, rule);
  });

  it('finds keys at the very start and end of the text', () => {
    expectExactly(FAKE.openaiLegacy, FAKE.openaiLegacy, 'openai-key');
  });

  it('does not report an anthropic key as an openai key', () => {
    expect(rulesIn(FAKE.anthropic)).toEqual(['anthropic-key']);
  });

  it('finds an AWS secret key next to its key id, and by its variable name', () => {
    const creds = `[default]\naws_access_key_id = ${FAKE.awsKeyId}\naws_secret_access_key = ${FAKE.awsSecret}\n`;
    expect(rulesIn(creds)).toEqual(['aws-access-key-id', 'aws-secret-key']);
    const far = `${FAKE.awsKeyId}${' filler'.repeat(100)} ${FAKE.awsSecret}`;
    expect(rulesIn(far)).toEqual(['aws-access-key-id']); // 40 random chars far from any id: a hash
    expectExactly(`SECRET_ACCESS_KEY: "${FAKE.awsSecret}"`, FAKE.awsSecret, 'aws-secret-key');
  });

  it('finds a GCP service-account JSON key (escaped PEM and key id)', () => {
    const json = JSON.stringify({
      type: 'service_account',
      private_key_id: '3f2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a',
      private_key: FAKE.pem.replace(/RSA /g, '') + '\n',
    });
    expect(rulesIn(json)).toEqual(['gcp-private-key-id', 'private-key']);
    const pem = findSecrets(json)[1]!;
    expect(json.slice(pem.start, pem.end)).toMatch(/^-----BEGIN PRIVATE KEY-----.*-----END PRIVATE KEY-----$/);
  });

  it('finds Azure storage keys and SAS signatures', () => {
    const conn = `DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=${FAKE.azureKey};EndpointSuffix=core.windows.net`;
    expectExactly(conn, FAKE.azureKey, 'azure-storage-key');
    const sas = `https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig=${FAKE.sasSig}`;
    expectExactly(sas, FAKE.sasSig, 'azure-sas-signature');
    expect(rulesIn(`the sig=${FAKE.sasSig} alone`)).toEqual([]);
  });

  it('matches a PEM BEGIN line and body without an END (truncated output)', () => {
    const text = `key:\n${FAKE.pem.split('-----END')[0]!}`;
    const [m] = findSecrets(text);
    expect(m?.rule).toBe('private-key');
    expect(text.slice(m!.start, m!.end).startsWith('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
    expect(m!.end).toBe(text.length);
  });
});

describe('findSecrets: assignments and connection strings', () => {
  it('finds high-entropy password and api_key values, value only', () => {
    expectExactly(`password = "${FAKE.password}"`, FAKE.password, 'password-assignment');
    expectExactly(`DB_PASSWORD=${FAKE.password}`, FAKE.password, 'password-assignment');
    expectExactly(`{"api_key": "Zx81kPq02LmN77tRv"}`, 'Zx81kPq02LmN77tRv', 'password-assignment');
    expectExactly(`client_secret: Zx81kPq02LmN77tRv`, 'Zx81kPq02LmN77tRv', 'password-assignment');
  });

  it('finds the password in connection strings', () => {
    expectExactly('postgres://app:Tr0ub4dor3x@db.internal:5432/app', 'Tr0ub4dor3x', 'connection-string-password');
    expectExactly('mongodb+srv://admin:q8Wz2LmP@cluster0.abcd.mongodb.net/test', 'q8Wz2LmP', 'connection-string-password');
    expectExactly('REDIS_URL=redis://:s3cr3tRedis99@cache:6379/0', 's3cr3tRedis99', 'connection-string-password');
  });

  it('ignores assignments whose values are code, words or placeholders', () => {
    for (const text of [
      'password = getPassword()',
      'password: config.database.password',
      'api_key = os.environ["OPENAI_API_KEY"]',
      'apiKey: process.env.OPENAI_API_KEY',
      'password = "YOUR_PASSWORD_HERE"',
      'api_key="<your-api-key>"',
      'password: ${DB_PASSWORD}',
      'password = "correcthorsebatterystaple"',
      'secret: "changeme123"',
      'Password: required',
      'function pbkdf2(password: Uint8Array, salt: Uint8Array)',
      "env: { PWD: '/Users/maciej', HOME: '/Users/maciej' }",
      'amqp://guest:guest@localhost',
      'postgres://user:password@localhost:5432/db',
      'postgres://user:<password>@localhost/db',
      'mysql://root:${MYSQL_PASSWORD}@db/app',
      'new Redis("redis://:authpassword@127.0.0.1:6380/4")',
      "parse('postgres://someuser:somepassword@somehost:381/somedatabase')",
    ]) {
      expect(rulesIn(text), text).toEqual([]);
    }
  });
});

describe('findSecrets: no false positives on prose and code', () => {
  it.each([
    'We used sk-learn and scikit-learn for the baseline; pip install scikit-learn.',
    'Set OPENAI_API_KEY=sk-... in your environment.',
    'export OPENAI_API_KEY="sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
    'client = OpenAI(api_key="YOUR_API_KEY")',
    'ANTHROPIC_API_KEY=sk-ant-api03-your-key-here-replace-with-your-actual-anthropic-key-value',
    'The AWS docs use AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.',
    'git commit 3f2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a fixed the bug',
    'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    'The token is stored in the keychain; the password field is required.',
    'max_tokens: 1024, temperature: 0.2',
    'Use ghp_ tokens or github_pat_ tokens for the API.',
    'xoxb-your-bot-token',
    'Call stripe with sk_test_... in development.',
    'eyJhbGciOi is how a JWT header starts.',
    'the header eyJub3QiOiJhIGp3dCJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl has no alg',
    'pcl_prod_ prefix identifies gateway keys',
    '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----',
    'def sk_learn_pipeline(x): return x',
    'branch sk-2024-05-13-release-notes-v2 and class sk-button-primary-2xl-hover-state',
    'pip install sk-video==1.1.10 sk-dist sk-learn-intelex-2024-1-0-x86-64',
  ])('no match in %j', (text) => {
    expect(rulesIn(text)).toEqual([]);
  });
});

describe('findSecrets: linear time on hostile input', () => {
  it.each([
    ['sk- runs', 'sk-'.repeat(34_000)],
    ['long base62 run', 'a1B2'.repeat(25_000)],
    ['password= runs', 'password='.repeat(11_000)],
    ['BEGIN lines', '-----BEGIN PRIVATE KEY-----'.repeat(3_700)],
    ['jwt-ish', 'eyJ.'.repeat(25_000)],
    ['connection strings', 'postgres://a:'.repeat(7_700)],
    ['base64 with slashes', 'A/b+'.repeat(25_000)],
  ])('%s (100 KB) finishes quickly', (_name, text) => {
    const t0 = performance.now();
    findSecrets(text);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});
