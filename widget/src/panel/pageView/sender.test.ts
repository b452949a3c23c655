import { PageAssembler, parsePageMessage } from '@lifeline/shared/pageView';
import { afterEach, expect, test, vi } from 'vitest';
import type { PageEvent } from './recorder.js';
import { PageSender } from './sender.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A data path whose backlog the test controls, and the agent's side putting batches back together. */
function channel() {
  const path = { backlog: 0, messages: [] as string[] };
  const assembler = new PageAssembler();
  const received = () => {
    const events: PageEvent[] = [];
    for (const raw of path.messages.splice(0)) {
      const piece = parsePageMessage(raw);
      if (piece?.t !== 'pv') throw new Error(`not a page piece: ${raw}`);
      const { json, gap } = assembler.add(piece);
      expect(gap).toBe(false);
      if (json) events.push(...(JSON.parse(json) as PageEvent[]));
    }
    return events;
  };
  return {
    path: { sendData: (m: string) => path.messages.push(m), dataBacklog: () => path.backlog },
    state: path,
    received,
  };
}

const event = (type: number, n: number, size = 10): PageEvent => ({
  type,
  timestamp: n,
  data: { text: 'x'.repeat(size) },
});
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

test('events emitted together go as one batch, in order, whole even when larger than a message', async () => {
  const { path, received } = channel();
  const sender = new PageSender(path, () => undefined);
  sender.push(event(4, 1));
  sender.push(event(2, 2, 50_000));
  sender.push(event(3, 3));
  await tick();
  expect(received().map((e) => e.timestamp)).toEqual([1, 2, 3]);
  sender.push(event(3, 4));
  await tick();
  expect(received().map((e) => e.timestamp)).toEqual([4]);
});

test('a full channel holds the events until it drains; nothing is lost or reordered', async () => {
  vi.useFakeTimers();
  const { path, state, received } = channel();
  const sender = new PageSender(path, () => undefined);
  state.backlog = 10_000_000;
  sender.push(event(3, 1));
  await vi.advanceTimersByTimeAsync(0);
  sender.push(event(3, 2));
  await vi.advanceTimersByTimeAsync(200);
  expect(state.messages).toEqual([]);
  state.backlog = 0;
  await vi.advanceTimersByTimeAsync(100);
  expect(received().map((e) => e.timestamp)).toEqual([1, 2]);
});

test('when too much waits, it is dropped for a fresh snapshot, which replaces everything before it', async () => {
  vi.useFakeTimers();
  const { path, state, received } = channel();
  const overflow = vi.fn();
  const sender = new PageSender(path, overflow);
  state.backlog = 10_000_000;
  for (let n = 0; n <= 5_000; n++) sender.push(event(3, n));
  expect(overflow).toHaveBeenCalledTimes(1);
  // The snapshot rrweb then takes: its meta and full snapshot, nothing older.
  sender.push(event(3, 9_000));
  sender.push(event(4, 9_001));
  sender.push(event(2, 9_002));
  state.backlog = 0;
  await vi.advanceTimersByTimeAsync(100);
  expect(received().map((e) => e.timestamp)).toEqual([9_001, 9_002]);
});
