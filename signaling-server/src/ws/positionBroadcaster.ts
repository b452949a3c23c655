import type { SessionId } from '@lifeline/shared';
import type { IndexedQueue } from '../matching/queueList.js';

/**
 * How long a sweep works before the event loop is given back to the frames that matter (offers,
 * accepts, SDP): they wait behind a sweep at most this long. The clock is read after every user
 * (a frame costs far more than reading it): reading it every 32 let a slice run to 15 ms.
 */
const SLICE_MS = 4;
/** The queue is looked at again at most this often: every dequeue moves everyone behind it. */
const SWEEP_INTERVAL_MS = 1_000;
/**
 * Users a sweep tells per second, at most: 10,000 waiting hear their place every 2.5 s, and the
 * event loop is free between slices. Back to back, slices of a 19,000-user queue kept the loop
 * busy for good, and an agent's next offer waited behind one in most dispatches.
 */
const TOLD_PER_SECOND = 4_000;

interface Queued {
  readonly sessionId: SessionId;
}

/**
 * Tells waiting users their place. A user who just joined or came back hears it at once. Other
 * changes only mark the queue from the first index that moved; a sweep, at most once a second,
 * walks the queue from there in slices of a few milliseconds, paced to a few thousand users a
 * second with the event loop free between, and tells each user still waiting with a socket.
 * When the head of a 10,000-user queue is answered, a step costs the same as in an empty queue,
 * and offers, accepts and SDP never wait behind ten thousand position frames.
 *
 * Nothing is kept per user: the engine marks exactly the indexes that moved (a newcomer is told on
 * arrival, not again by the sweep), so there is no "last place told" to compare against.
 */
export class PositionBroadcaster {
  private dirtyFrom = Number.POSITIVE_INFINITY;
  private scheduled = false;
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly queue: () => IndexedQueue<Queued>,
    /** Still in the queue and connected now: a sweep walks a copy taken when it began. */
    private readonly reachable: (sessionId: SessionId) => boolean,
    /**
     * `sweep`: told by a sweep, a place the engine works out again after any restart, so it need
     * not wait for the database (a newcomer's first place waits for their arrival to be written).
     */
    private readonly send: (sessionId: SessionId, position: number, sweep: boolean) => void,
    private readonly intervalMs = SWEEP_INTERVAL_MS,
    private readonly toldPerSecond = TOLD_PER_SECOND,
  ) {}

  /** A user who just joined or came back. */
  tellNow(sessionId: SessionId, position: number): void {
    this.send(sessionId, position, false);
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
      const began = performance.now();
      let told = 0;
      for (let i = start; i < queue.length; i++) {
        if (performance.now() - began >= SLICE_MS) {
          // The next slice when this one's users are within the pace: the loop idles meanwhile.
          const pause = (told * 1_000) / this.toldPerSecond - (performance.now() - began);
          return void (pause > 0 ? setTimeout(() => chunk(i), pause) : setImmediate(() => chunk(i)));
        }
        const { sessionId } = queue.get(i) as Queued;
        // Offline since a restart, or answered since the sweep began: nothing to say.
        if (!this.reachable(sessionId)) continue;
        this.send(sessionId, i + 1, true);
        told++;
      }
      this.scheduled = false;
      if (this.dirtyFrom !== Number.POSITIVE_INFINITY) this.schedule();
    };
    chunk(Math.min(from, queue.length));
  }
}
