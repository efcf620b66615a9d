/** A one-line progress bar on a TTY (stderr), redrawn in place; nothing when not a terminal. */
export interface ProgressSink {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export function createProgressBar(sink: ProgressSink | undefined, label: string): { update(done: number, total: number): void; finish(): void } {
  if (!sink?.isTTY) return { update: () => undefined, finish: () => undefined };
  let drawn = false;
  return {
    update(done, total) {
      const width = Math.max(10, Math.min(40, (sink.columns ?? 80) - label.length - 20));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      sink.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(done)}/${String(total)}`);
      drawn = true;
    },
    finish() {
      if (drawn) sink.write('\r\u001b[2K');
    },
  };
}
