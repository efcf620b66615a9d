import { createGunzip, type Gunzip } from 'node:zlib';

/**
 * Gunzips a stream strictly on demand: input is read only when the consumer asks for more output.
 * (`Readable.from(...).pipe(createGunzip())` reads ahead in the background, which would race with
 * the tar reader skipping the rest of a member.) A corrupt stream ends early, like a truncated one.
 */
export async function* gunzipChunks(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const z = createGunzip();
  const out: Buffer[] = [];
  z.on('data', (chunk: Buffer) => out.push(chunk));
  z.on('error', () => undefined); // seen through z.errored; without a listener it would throw
  const broken = (): boolean => z.errored !== null || z.destroyed;
  try {
    for await (const chunk of source) {
      await settled(z, (done) => z.write(chunk, done));
      while (out.length > 0) yield out.shift()!;
      if (broken()) return;
    }
    await settled(z, (done) => {
      z.once('end', done);
      z.end();
    });
    while (out.length > 0) yield out.shift()!;
  } finally {
    z.destroy();
  }
}

/** Waits for `act`'s callback, or for the stream to fail or close, whichever comes first. */
function settled(z: Gunzip, act: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      z.off('error', done);
      z.off('close', done);
      resolve();
    };
    z.once('error', done);
    z.once('close', done);
    act(done);
  });
}
