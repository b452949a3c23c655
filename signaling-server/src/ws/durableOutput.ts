import type { Address } from '../runtime/engineInputs.js';
import type { Transport } from './outbox.js';

/** How long frames wait for a write before the database is taken as away and they go anyway. */
const MAX_WAIT_MS = 1_000;

interface Held {
  written: Promise<void> | undefined;
  generation: number;
  conn: string;
  action: () => void;
}

/**
 * Output commit: what the engine tells a client leaves only once the events behind it are in
 * the database. The engine never waits on the database, but its words do, by the length of one
 * batched write, so a node killed mid-stride cannot have told an agent "your call is live" that
 * the node taking over never heard of. Frames keep their order; when nothing is being written
 * they go at once. A database that does not answer within a second is taken as away: until it
 * has caught up, frames go without waiting (the engine works from memory meanwhile and calls go
 * on; what a crash in that window loses is what it always lost).
 *
 * A place in the queue is advisory (`sendAdvisory`): the engine works it out again after any
 * restart, so it does not wait for a write, only behind what is held for the same socket.
 */
export class DurableOutput implements Transport {
  private held: Held[] = [];
  private releasing = false;
  /** The database is behind by more than `maxWaitMs`: frames stop waiting until it catches up. */
  private bypass = false;
  /** Bumped when this node stops running the engine: what it still held is never sent. */
  private generation = 0;
  /** How many frames are held for each connection: an advisory frame never overtakes them. */
  private readonly heldFor = new Map<string, number>();

  constructor(
    private readonly inner: Transport,
    private readonly whenWritten: () => Promise<void> | undefined,
    private readonly maxWaitMs = MAX_WAIT_MS,
  ) {}

  send(to: Address, data: string): void {
    this.gate(to, () => this.inner.send(to, data));
  }

  /**
   * A frame stating what the engine derives again after a restart (a place in the queue, its
   * wait). Held like the rest, a sweep of ten thousand places was released in one burst after
   * the next write, and the agents' offers queued behind it.
   */
  sendAdvisory(to: Address, data: string): void {
    if (!this.heldFor.has(to.conn)) return this.inner.send(to, data);
    this.hold(undefined, to, () => this.inner.send(to, data));
  }

  close(to: Address, code: number, why: string): void {
    this.gate(to, () => this.inner.close(to, code, why));
  }

  recheck(node: string): void {
    this.inner.recheck(node);
  }

  /** Drops what is held: a fenced-out engine's words must not reach anyone. */
  discard(): void {
    this.generation++;
    this.held = [];
    this.heldFor.clear();
  }

  private gate(to: Address, action: () => void): void {
    const written = this.whenWritten();
    if (!written) this.bypass = false; // caught up
    if ((!written || this.bypass) && this.held.length === 0) return action();
    this.hold(written, to, action);
  }

  private hold(written: Promise<void> | undefined, to: Address, action: () => void): void {
    this.held.push({ written, generation: this.generation, conn: to.conn, action });
    this.heldFor.set(to.conn, (this.heldFor.get(to.conn) ?? 0) + 1);
    if (!this.releasing) void this.release();
  }

  /** True when the write finished within `maxWaitMs`. */
  private inTime(written: Promise<void>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), this.maxWaitMs);
    });
    return Promise.race([written.then(() => true), late]).finally(() => clearTimeout(timer));
  }

  /** Sends held frames in order, each once the write it waits for is done. */
  private async release(): Promise<void> {
    this.releasing = true;
    try {
      while (this.held.length) {
        const waitingOn = this.held[0]?.written;
        if (waitingOn && !this.bypass && !(await this.inTime(waitingOn))) this.bypass = true;
        // Every frame held behind the same write (or one already done) goes now; all, if bypassed.
        let ready = 0;
        while (ready < this.held.length) {
          const { written } = this.held[ready] as Held;
          if (written && written !== waitingOn && !this.bypass) break;
          ready++;
        }
        const batch = this.held.slice(0, ready);
        this.held = this.held.slice(ready);
        for (const { generation, conn, action } of batch) {
          if (generation !== this.generation) continue;
          const left = (this.heldFor.get(conn) ?? 1) - 1;
          if (left > 0) this.heldFor.set(conn, left);
          else this.heldFor.delete(conn);
          action();
        }
      }
    } finally {
      this.releasing = false;
    }
  }
}
