/** Rows per transaction: far below both databases' limits on bound parameters. */
const BATCH = 400;

interface Pending<T> {
  item: T;
  done: () => void;
  failed: (err: unknown) => void;
}

/**
 * Group commit: writes asked for while one transaction runs all go in the next one, in the order
 * asked. A commit costs a disk flush or a round trip whatever it holds, so a flash crowd (two
 * thousand help requests a second) or a busy engine writes in a few transactions what would
 * otherwise be thousands, and each caller still hears back only once its own row is durable.
 */
export class GroupCommit<T> {
  private readonly pending: Pending<T>[] = [];
  private writing: Promise<void> | undefined;

  constructor(
    /** Writes one batch in one transaction; a throw fails every item of the batch. */
    private readonly writeBatch: (items: readonly T[]) => Promise<void>,
    /** Called after each batch, written or failed, with its size. */
    private readonly afterBatch: (size: number) => void = () => undefined,
  ) {}

  add(item: T): Promise<void> {
    return new Promise((done, failed) => {
      this.pending.push({ item, done, failed });
      this.write();
    });
  }

  /** Resolves once every item added so far is written (or given up). */
  async settled(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private write(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      // Added after the last batch was taken, before this drain was seen to end.
      if (this.pending.length) this.write();
    });
  }

  private async drain(): Promise<void> {
    // SQLite commits synchronously, blocking the event loop: without this turn, requests read in
    // the same turn as the first would each wait for a commit of their own.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length) {
      const batch = this.pending.splice(0, BATCH);
      try {
        await this.writeBatch(batch.map((p) => p.item));
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.failed(err);
      }
      this.afterBatch(batch.length);
    }
  }
}
