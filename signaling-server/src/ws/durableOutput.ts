import type { Address } from '../runtime/engineInputs.js';
import type { Transport } from './outbox.js';

/**
 * Output commit: what the engine tells a client leaves only once the events behind it are in
 * the database. The engine never waits on the database, but its words do, by the length of one
 * batched write, so a node killed mid-stride cannot have told an agent "your call is live" that
 * the node taking over never heard of. Frames keep their order; when nothing is being written
 * they go at once.
 */
export class DurableOutput implements Transport {
  private held = 0;
  private tail: Promise<void> = Promise.resolve();
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
  }

  private gate(action: () => void): void {
    const written = this.whenWritten();
    if (!written && this.held === 0) return action();
    const generation = this.generation;
    this.held++;
    this.tail = this.tail
      .then(() => written)
      .then(() => {
        this.held--;
        if (generation === this.generation) action();
      });
  }
}
