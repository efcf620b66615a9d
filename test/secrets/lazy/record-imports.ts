// Module hooks (node:module register): report every cloud-SDK package the process resolves to the
// main thread, which prints them at the end. Used by lazy-sdk.test.ts through child.ts.
import type { MessagePort } from 'node:worker_threads';

type Next = (specifier: string, context: unknown) => Promise<unknown>;

let port: MessagePort | undefined;
const WATCHED = /^@(?:aws-sdk|azure|google-cloud)\//u;

export function initialize(data: { port: MessagePort }): void {
  port = data.port;
}

export async function resolve(specifier: string, context: unknown, next: Next): Promise<unknown> {
  if (WATCHED.test(specifier)) port?.postMessage(specifier);
  return next(specifier, context);
}
