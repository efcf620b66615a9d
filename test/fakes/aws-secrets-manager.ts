import { randomUUID } from 'node:crypto';
import { sendJson, startFakeServer, VersionedSecrets, type FakeServer } from './http.js';

/**
 * AWS Secrets Manager's JSON protocol (awsJson1_1), the one call Portcullis makes:
 * `POST /` with `X-Amz-Target: secretsmanager.GetSecretValue` and `{"SecretId": …}`
 * (docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html). Requests must
 * be SigV4-signed with the fake's access key id (the signature itself is not checked).
 */
export interface FakeAwsSecretsManager extends FakeServer {
  readonly secrets: VersionedSecrets;
  readonly accessKeyId: string;
  down: boolean;
  readonly calls: { target: string; secretId: string | undefined }[];
}

export async function startFakeAwsSecretsManager(): Promise<FakeAwsSecretsManager> {
  const secrets = new VersionedSecrets();
  const calls: FakeAwsSecretsManager['calls'] = [];
  const accessKeyId = 'AKIDFAKE0000EXAMPLE';
  const state = { down: false };
  const error = (res: Parameters<typeof sendJson>[0], status: number, type: string, message: string): void => {
    sendJson(res, status, { __type: type, message }, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
  };

  const server = await startFakeServer((req, body, res) => {
    const target = (req.headers['x-amz-target'] as string | undefined) ?? '';
    const input = JSON.parse(body || '{}') as { SecretId?: string };
    calls.push({ target, secretId: input.SecretId });
    if (state.down) {
      error(res, 503, 'ServiceUnavailable', 'Service unavailable');
      return;
    }
    if (!(req.headers.authorization ?? '').startsWith(`AWS4-HMAC-SHA256 Credential=${accessKeyId}/`)) {
      error(res, 400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      return;
    }
    if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
      error(res, 400, 'InvalidAction', `unsupported ${target}`);
      return;
    }
    const version = input.SecretId === undefined ? undefined : secrets.current(input.SecretId);
    if (!version) {
      error(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return;
    }
    sendJson(
      res,
      200,
      {
        ARN: `arn:aws:secretsmanager:us-east-1:123456789012:secret:${input.SecretId!}-AbCdEf`,
        Name: input.SecretId,
        VersionId: `v-${version.id}`,
        SecretString: version.value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: version.createdAt.getTime() / 1000,
      },
      { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() },
    );
  });

  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    secrets,
    accessKeyId,
    calls,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
  };
}
