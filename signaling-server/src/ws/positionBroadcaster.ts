import type { SessionId } from '@lifeline/shared';

/**
 * How long a sweep works before the event loop is given back to the frames that matter (offers,
 * accepts, SDP): they wait behind a sweep at most this long. A fixed count per chunk was 30 ms
 * of frames and estimates for 500 users on a busy 2-core machine.
 */
const SLICE_MS = 4;
/** Users told between looks at the clock. */
const CLOCK_EVERY = 32;
/** The queue is looked at again at most this often: every dequeue moves everyone behind it. */
const SWEEP_INTERVAL_MS = 1_000;

interface Queued {
  readonly sessionId: SessionId;
}

/**
 * Tells waiting users their place. A user who just joined or came back hears it at once. Other
 * changes only mark the queue from the first index that moved; a sweep, at most once a second,
 * walks the queue from there in slices of a few milliseconds that yield to the event loop, and
 * tells each user still waiting with a socket. When the head of a 10,000-user queue is answered,
 * a step costs the same as in an empty queue, and offers, accepts and SDP never wait behind ten
 * thousand position frames.
 *
 * Nothing is kept per user: the engine marks exactly the indexes that moved (a newcomer is told on
 * arrival, not again by the sweep), so there is no "last place told" to compare against.
 */
export class PositionBroadcaster {
  private dirtyFrom = Number.POSITIVE_INFINITY;
  private scheduled = false;
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly queue: () => readonly Queued[],
    /** Still in the queue and connected now: a sweep walks a copy taken when it began. */
    private readonly reachable: (sessionId: SessionId) => boolean,
    private readonly send: (sessionId: SessionId, position: number) => void,
    private readonly intervalMs = SWEEP_INTERVAL_MS,
  ) {}

  /** A user who just joined or came back. */
  tellNow(sessionId: SessionId, position: number): void {
    this.send(sessionId, position);
  }

  /** Every user from this index on may have moved. */
  changedFrom(index: number): void {
    this.dirtyFrom = Math.min(this.dirtyFrom, index);
    this.schedule();
  }

  /** Agents came or went: every waiting user's wait estimate changed, whatever their place. */
  refreshAll(): void {
    this.changedFrom(0);
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
    this.dirtyFrom = Number.POSITIVE_INFINITY;
    const chunk = (start: number) => {
      const sliceEnds = performance.now() + SLICE_MS;
      for (let i = start; i < queue.length; i++) {
        if ((i - start) % CLOCK_EVERY === CLOCK_EVERY - 1 && performance.now() >= sliceEnds)
          return void setImmediate(() => chunk(i));
        const { sessionId } = queue[i] as Queued;
        // Offline since a restart, or answered since the sweep began: nothing to say.
        if (this.reachable(sessionId)) this.send(sessionId, i + 1);
      }
      this.scheduled = false;
      if (this.dirtyFrom !== Number.POSITIVE_INFINITY) this.schedule();
    };
    chunk(Math.min(from, queue.length));
  }
}
