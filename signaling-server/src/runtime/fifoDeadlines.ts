import type { Clock } from '../clock.js';

/**
 * Deadlines that all fall the same delay after they are set, so they fall in the order they
 * were set: a queue under one timer. A flash crowd of help requests then costs an array slot
 * each instead of a timer and a closure each.
 */
export class FifoDeadlines<T> {
  /** Side by side, not an object per deadline: the times stay unboxed doubles in their own array. */
  private ats: number[] = [];
  private items: T[] = [];
  private head = 0;
  private armed = false;

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly onDue: (item: T) => void,
  ) {}

  add(item: T): void {
    this.ats.push(this.clock.now() + this.delayMs);
    this.items.push(item);
    if (!this.armed) this.arm();
  }

  private arm(): void {
    const next = this.ats[this.head];
    this.armed = next !== undefined;
    if (next !== undefined) this.clock.setTimer(() => this.fire(), Math.max(0, next - this.clock.now()));
  }

  private fire(): void {
    const now = this.clock.now();
    while (this.head < this.ats.length && (this.ats[this.head] as number) <= now) {
      const item = this.items[this.head++] as T;
      this.onDue(item);
    }
    // Drop what has fallen due once it is most of the array, so it never grows without bound.
    if (this.head > 1024 && this.head * 2 > this.ats.length) {
      this.ats = this.ats.slice(this.head);
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
