import type { SessionId } from '@lifeline/shared';

/** Positions sent per chunk, before the event loop is given back to the frames that matter. */
const PER_CHUNK = 500;
/** The queue is looked at again at most this often: every dequeue moves everyone behind it. */
const SWEEP_INTERVAL_MS = 1_000;

interface Queued {
  readonly sessionId: SessionId;
}

/**
 * Tells waiting users their place. A user who just joined or came back hears it at once. Other
 * changes only mark the queue from the first index that moved; a sweep, at most once a second,
 * walks the queue from there in chunks that yield to the event loop and tells each user whose
 * place changed since they were last told. When the head of a 10,000-user queue is answered, a
 * step costs the same as in an empty queue, and offers, accepts and SDP never wait behind ten
 * thousand position frames.
 */
export class PositionBroadcaster {
  /** The place each waiting user was last told. */
  private readonly told = new Map<SessionId, number>();
  private dirtyFrom = Number.POSITIVE_INFINITY;
  /** Everyone from here on is told even if their place did not change (their ETA did). */
  private refreshFrom = Number.POSITIVE_INFINITY;
  private scheduled = false;
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly queue: () => readonly Queued[],
    private readonly send: (sessionId: SessionId, position: number) => void,
    private readonly intervalMs = SWEEP_INTERVAL_MS,
  ) {}

  /** A user who just joined or came back. */
  tellNow(sessionId: SessionId, position: number): void {
    this.told.set(sessionId, position);
    this.send(sessionId, position);
  }

  /** Every user from this index on may have moved. */
  changedFrom(index: number): void {
    this.dirtyFrom = Math.min(this.dirtyFrom, index);
    this.schedule();
  }

  /** Agents came or went: every waiting user's wait estimate changed, whatever their place. */
  refreshAll(): void {
    this.refreshFrom = 0;
    this.changedFrom(0);
  }

  /** The user left the queue (answered, or gone): nothing more is said about their place. */
  forget(sessionId: SessionId): void {
    this.told.delete(sessionId);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const delay = Math.max(0, this.lastSweepAt + this.intervalMs - Date.now());
    setTimeout(() => this.sweep(), delay).unref();
  }

  private sweep(): void {
    this.lastSweepAt = Date.now();
    const queue = this.queue();
    const from = this.dirtyFrom;
    const refreshFrom = this.refreshFrom;
    this.dirtyFrom = Number.POSITIVE_INFINITY;
    this.refreshFrom = Number.POSITIVE_INFINITY;
    const chunk = (start: number) => {
      const end = Math.min(queue.length, start + PER_CHUNK);
      for (let i = start; i < end; i++) {
        const { sessionId } = queue[i] as Queued;
        const told = this.told.get(sessionId);
        // Never told (offline since a restart) or forgotten (answered meanwhile): nothing to say.
        if (told !== undefined && (i >= refreshFrom || told !== i + 1)) this.tellNow(sessionId, i + 1);
      }
      if (end < queue.length) return void setImmediate(() => chunk(end));
      if (from === 0) this.forgetGone(queue);
      this.scheduled = false;
      if (this.dirtyFrom !== Number.POSITIVE_INFINITY) this.schedule();
    };
    chunk(Math.min(from, queue.length));
  }

  /** Users who left without a word (their session closed some other way) are dropped. */
  private forgetGone(queue: readonly Queued[]): void {
    if (this.told.size <= queue.length + 1_000) return;
    const waiting = new Set(queue.map((w) => w.sessionId));
    for (const sessionId of this.told.keys()) if (!waiting.has(sessionId)) this.told.delete(sessionId);
  }
}
