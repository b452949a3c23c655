import type { SessionId } from '@lifeline/shared';

const PER_TICK = 100;

/**
 * Queue positions and ETAs go out after the frames that matter more (offers, calls), in chunks
 * that yield to the event loop, and only the latest position per user is sent. When the head of
 * a 1,000-user queue is answered, every position changes: without this, those 1,000 frames
 * would delay the next agent's offer.
 */
export class PositionBroadcaster {
  private readonly pending = new Map<SessionId, number>();
  private scheduled = false;

  constructor(private readonly send: (sessionId: SessionId, position: number) => void) {}

  push(sessionId: SessionId, position: number): void {
    this.pending.set(sessionId, position);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    let sent = 0;
    for (const [sessionId, position] of this.pending) {
      this.pending.delete(sessionId);
      this.send(sessionId, position);
      if (++sent >= PER_TICK) break;
    }
    if (this.pending.size > 0) this.schedule();
  }
}
