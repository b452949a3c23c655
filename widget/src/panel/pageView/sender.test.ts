import { inflateFromBase64 } from '@lifeline/shared/pageCompression';
import { PageAssembler, parsePageMessage } from '@lifeline/shared/pageView';
import { afterEach, expect, test, vi } from 'vitest';
import type { PageEvent } from './recorder.js';
import { PageSender } from './sender.js';

afterEach(() => {
  vi.useRealTimers();
});

/** A data path whose backlog the test controls, and the agent's side putting batches back together. */
function channel() {
  const path = { backlog: 0, messages: [] as string[], compressed: 0 };
  const assembler = new PageAssembler();
  const received = async () => {
    const events: PageEvent[] = [];
    for (const raw of path.messages.splice(0)) {
      const piece = parsePageMessage(raw);
      if (piece?.t !== 'pv') throw new Error(`not a page piece: ${raw}`);
      const { json, gap, compressed } = assembler.add(piece);
      expect(gap).toBe(false);
      if (compressed && json) path.compressed++;
      if (json) events.push(...(JSON.parse(compressed ? await inflateFromBase64(json) : json) as PageEvent[]));
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

test('events emitted together go as one batch, in order; a large one deflated, and small ones after it wait their turn', async () => {
  const { path, state, received } = channel();
  const sender = new PageSender(path, () => undefined);
  sender.push(event(4, 1));
  sender.push(event(2, 2, 50_000));
  sender.push(event(3, 3));
  await tick();
  sender.push(event(3, 4));
  await tick();
  await sender.settled();
  expect((await received()).map((e) => e.timestamp)).toEqual([1, 2, 3, 4]);
  expect(state.compressed).toBe(1);
  // Small batches with nothing ahead of them go at once, as they are.
  sender.push(event(3, 5));
  await tick();
  expect((await received()).map((e) => e.timestamp)).toEqual([5]);
  expect(state.compressed).toBe(1);
});

test("a busy page's batch costs a fraction of its JSON on the wire", async () => {
  const { path } = channel();
  const sender = new PageSender(path, () => undefined);
  const rows = Array.from({ length: 60 }, (_, i) => `<li class="order">Order ${i}: ${(i * 7919) % 1000} EUR</li>`);
  const busy: PageEvent = { type: 3, timestamp: 1, data: { adds: rows } };
  sender.push(busy);
  await tick();
  await sender.settled();
  expect(sender.sent.chars).toBeLessThan(JSON.stringify([busy]).length / 3);
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
  expect((await received()).map((e) => e.timestamp)).toEqual([1, 2]);
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
  expect((await received()).map((e) => e.timestamp)).toEqual([9_001, 9_002]);
});
