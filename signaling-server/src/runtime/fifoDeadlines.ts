import type { Clock } from '../clock.js';

/**
 * Deadlines that all fall the same delay after they are set, so they fall in the order they
 * were set: a queue under one timer. A flash crowd of help requests then costs an array slot
 * each instead of a timer and a closure each.
 */
export class FifoDeadlines<T> {
  private items: Array<{ at: number; item: T }> = [];
  private head = 0;
  private armed = false;

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly onDue: (item: T) => void,
  ) {}

  add(item: T): void {
    this.items.push({ at: this.clock.now() + this.delayMs, item });
    if (!this.armed) this.arm();
  }

  private arm(): void {
    const next = this.items[this.head];
    this.armed = Boolean(next);
    if (next) this.clock.setTimer(() => this.fire(), Math.max(0, next.at - this.clock.now()));
  }

  private fire(): void {
    const now = this.clock.now();
    while (this.head < this.items.length && (this.items[this.head] as { at: number }).at <= now) {
      const { item } = this.items[this.head++] as { item: T };
      this.onDue(item);
    }
    // Drop what has fallen due once it is most of the array, so it never grows without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }
}
