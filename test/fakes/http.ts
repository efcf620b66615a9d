import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow } from '../../src/util/http-server.js';

export { sendJson } from '../../src/util/http-server.js';

/** A loopback HTTP server for the secrets-manager fakes: the handler sees the whole body. */
export interface FakeServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export type FakeHandler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      chunks.push(c);
    });
    req.on('end', () => {
      handler(req, Buffer.concat(chunks).toString('utf8'), res);
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => closeNow(server),
  };
}


/** A secret's versions as the fakes keep them: newest last. */
export interface FakeVersion {
  readonly id: string;
  readonly value: string;
  readonly createdAt: Date;
}

export class VersionedSecrets {
  readonly #secrets = new Map<string, FakeVersion[]>();
  #counter = 0;

  /** Adds a new current version (a rotation in the store). */
  put(name: string, value: string, createdAt = new Date()): FakeVersion {
    const version = { id: String(++this.#counter), value, createdAt };
    this.#secrets.set(name, [...(this.#secrets.get(name) ?? []), version]);
    return version;
  }

  current(name: string): FakeVersion | undefined {
    return this.#secrets.get(name)?.at(-1);
  }

  version(name: string, id: string): FakeVersion | undefined {
    return this.#secrets.get(name)?.find((v) => v.id === id);
  }
}
