import type { SessionId } from '@lifeline/shared';

const PER_TICK = 100;
/** A waiting user hears of their place at most this often: every dequeue moves everyone. */
const MIN_INTERVAL_MS = 1_000;

/**
 * Queue positions and ETAs go out after the frames that matter more (offers, calls), in chunks
 * that yield to the event loop, only the latest position per user, and at most once a second per
 * user. When the head of a 10,000-user queue is answered, every position changes: without this,
 * a busy floor would send tens of thousands of frames a second and delay the next agent's offer.
 */
export class PositionBroadcaster {
  private readonly pending = new Map<SessionId, number>();
  private readonly sentAt = new Map<SessionId, number>();
  private scheduled = false;

  constructor(
    private readonly send: (sessionId: SessionId, position: number) => void,
    private readonly minIntervalMs = MIN_INTERVAL_MS,
  ) {}

  push(sessionId: SessionId, position: number): void {
    this.pending.set(sessionId, position);
    this.schedule(0);
  }

  /** The user left the queue (answered, or gone): a position still held back would be stale. */
  forget(sessionId: SessionId): void {
    this.pending.delete(sessionId);
  }

  private schedule(delayMs: number): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (delayMs <= 0) setImmediate(() => this.flush());
    else setTimeout(() => this.flush(), delayMs).unref();
  }

  private flush(): void {
    this.scheduled = false;
    const now = Date.now();
    let sent = 0;
    let nextDue = Number.POSITIVE_INFINITY;
    for (const [sessionId, position] of this.pending) {
      const due = (this.sentAt.get(sessionId) ?? Number.NEGATIVE_INFINITY) + this.minIntervalMs;
      if (due > now) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      this.pending.delete(sessionId);
      this.sentAt.set(sessionId, now);
      this.send(sessionId, position);
      if (++sent >= PER_TICK) {
        nextDue = now;
        break;
      }
    }
    this.forgetSettled(now);
    if (this.pending.size > 0) this.schedule(nextDue - now);
  }

  /** Users last told long enough ago are no longer held back: their entries go. */
  private forgetSettled(now: number): void {
    if (this.sentAt.size <= 2 * this.pending.size + 1_000) return;
    for (const [sessionId, at] of this.sentAt) if (at + this.minIntervalMs <= now) this.sentAt.delete(sessionId);
  }
}
