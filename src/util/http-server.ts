import type { Server, ServerResponse } from 'node:http';

/**
 * Small helpers for the loopback HTTP servers Portcullis runs beside the gateway (the built-in
 * mock provider, the red-team's vulnerable model, the metrics listener) and the tests' fakes.
 */

/** Closes a server now: open keep-alive connections are cut rather than waited for. */
export function closeNow(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => {
      resolve();
    });
  });
}

/** A JSON answer with its length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
