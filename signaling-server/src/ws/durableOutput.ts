import type { Address } from '../runtime/engineInputs.js';
import type { Transport } from './outbox.js';

interface Held {
  written: Promise<void> | undefined;
  generation: number;
  action: () => void;
}

/**
 * Output commit: what the engine tells a client leaves only once the events behind it are in
 * the database. The engine never waits on the database, but its words do, by the length of one
 * batched write, so a node killed mid-stride cannot have told an agent "your call is live" that
 * the node taking over never heard of. Frames keep their order; when nothing is being written
 * they go at once.
 */
export class DurableOutput implements Transport {
  private held: Held[] = [];
  private releasing = false;
  /** Bumped when this node stops running the engine: what it still held is never sent. */
  private generation = 0;

  constructor(
    private readonly inner: Transport,
    private readonly whenWritten: () => Promise<void> | undefined,
  ) {}

  send(to: Address, data: string): void {
    this.gate(() => this.inner.send(to, data));
  }

  close(to: Address, code: number, why: string): void {
    this.gate(() => this.inner.close(to, code, why));
  }

  recheck(node: string): void {
    this.inner.recheck(node);
  }

  /** Drops what is held: a fenced-out engine's words must not reach anyone. */
  discard(): void {
    this.generation++;
    this.held = [];
  }

  private gate(action: () => void): void {
    const written = this.whenWritten();
    if (!written && this.held.length === 0) return action();
    this.held.push({ written, generation: this.generation, action });
    if (!this.releasing) void this.release();
  }

  /** Sends held frames in order, each once the write it waits for is done. */
  private async release(): Promise<void> {
    this.releasing = true;
    try {
      while (this.held.length) {
        const waitingOn = this.held[0]?.written;
        if (waitingOn) await waitingOn;
        // Every frame held behind the same write (or one already done) goes now.
        let ready = 0;
        while (ready < this.held.length) {
          const { written } = this.held[ready] as Held;
          if (written && written !== waitingOn) break;
          ready++;
        }
        const batch = this.held.slice(0, ready);
        this.held = this.held.slice(ready);
        for (const { generation, action } of batch) if (generation === this.generation) action();
      }
    } finally {
      this.releasing = false;
    }
  }
}
