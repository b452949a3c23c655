import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manualClock.js';
import { FifoDeadlines } from './fifoDeadlines.js';

describe('FifoDeadlines', () => {
  it('runs each item once its delay has passed, in the order they were added', () => {
    const clock = new ManualClock(0);
    const due: string[] = [];
    const deadlines = new FifoDeadlines<string>(clock, 1_000, (item) => due.push(item));
    deadlines.add('a');
    clock.advance(400);
    deadlines.add('b');
    clock.advance(599);
    expect(due).toEqual([]);
    clock.advance(1);
    expect(due).toEqual(['a']);
    clock.advance(399);
    expect(due).toEqual(['a']);
    clock.advance(1);
    expect(due).toEqual(['a', 'b']);
  });

  it('starts again after falling idle, and keeps no fallen items once the queue was long', () => {
    const clock = new ManualClock(0);
    const due: number[] = [];
    const deadlines = new FifoDeadlines<number>(clock, 10, (item) => due.push(item));
    for (let i = 0; i < 5_000; i++) deadlines.add(i);
    clock.advance(10);
    expect(due).toHaveLength(5_000);
    deadlines.add(5_000);
    clock.advance(10);
    expect(due.at(-1)).toBe(5_000);
    expect(new Set(due).size).toBe(5_001);
    expect((deadlines as unknown as { items: unknown[] }).items.length).toBeLessThan(5_000);
  });
});
