import type { SessionId } from '@lifeline/shared';
import { expect, test } from 'vitest';
import { QueueList } from '../matching/queueList.js';
import { PositionBroadcaster } from './positionBroadcaster.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ sessionId: `u${i}` as SessionId }));

/** Telling a position costs a little (a frame, an estimate): a sweep of many takes several slices. */
function costsAsAFrameDoes(): void {
  const until = performance.now() + 0.02;
  while (performance.now() < until);
}

/**
 * A broadcaster over a live queue: a sweep walks a copy taken when it begins, as the engine's state
 * is. Users answered meanwhile (`gone`) or without a socket (`offline`) are not reachable.
 */
function broadcaster(
  queue: { sessionId: SessionId }[],
  intervalMs: number,
  offline = new Set<SessionId>(),
  toldPerSecond = Number.POSITIVE_INFINITY, // unpaced unless a test looks at the pace
) {
  const heard: Array<[SessionId, number]> = [];
  const gone = new Set<SessionId>();
  const positions = new PositionBroadcaster(
    () => QueueList.of([...queue]),
    (id) => !gone.has(id) && !offline.has(id),
    (id, position) => {
      costsAsAFrameDoes();
      heard.push([id, position]);
    },
    intervalMs,
    toldPerSecond,
  );
  return { positions, heard, gone };
}

test('a new user hears their place at once; a move is told by the next sweep, once, with the latest place', async () => {
  const queue = ids(3);
  const { positions, heard } = broadcaster(queue, 100);
  for (const [i, w] of queue.entries()) positions.tellNow(w.sessionId, i + 1);
  expect(heard).toHaveLength(3);
  queue.shift(); // the head is answered...
  positions.changedFrom(0);
  queue.shift(); // ...and the next one too, within the same interval
  positions.changedFrom(0);
  await wait(20);
  expect(heard.slice(3)).toEqual([['u2', 1]]); // the first sweep runs at once
  queue.unshift({ sessionId: 'u3' as SessionId }); // a higher tier joins ahead
  positions.tellNow('u3' as SessionId, 1);
  positions.changedFrom(1); // the engine marks those behind the newcomer
  await wait(150);
  expect(heard.slice(3)).toEqual([
    ['u2', 1],
    ['u3', 1],
    ['u2', 2],
  ]);
});

test('a sweep of a 10,000-user queue gives the event loop back while it works', async () => {
  const queue = ids(10_000);
  // Each position costs a little, as a frame and an estimate do: the whole sweep is far longer
  // than a slice, so other frames get their turns in between.
  const { positions, heard } = broadcaster(queue, 1_000);
  queue.shift();
  positions.changedFrom(0);
  let between = -1;
  setTimeout(() => {
    between = heard.length; // a timer (another frame's turn) runs while the sweep is under way
  }, 0);
  await wait(1_000);
  expect(between).toBeGreaterThan(0);
  expect(between).toBeLessThan(9_999);
  expect(heard).toHaveLength(9_999);
  expect(heard.at(-1)).toEqual(['u9999', 9_999]);
});

test('agents coming or going tells everyone again (their estimate changed), even at the same place', async () => {
  const queue = ids(2);
  const { positions, heard } = broadcaster(queue, 50);
  positions.refreshAll();
  await wait(20);
  expect(heard).toEqual([
    ['u0', 1],
    ['u1', 2],
  ]);
});

test('a user answered while a sweep is under way hears nothing more about the queue', async () => {
  const queue = ids(1_200);
  const { positions, heard, gone } = broadcaster(queue, 100);
  queue.shift();
  positions.changedFrom(0);
  setTimeout(() => {
    // Between the sweep's first chunk and its last, u1100 is answered (out of the queue).
    queue.splice(
      queue.findIndex((w) => w.sessionId === 'u1100'),
      1,
    );
    gone.add('u1100' as SessionId);
  }, 0);
  await wait(100);
  expect(heard.length).toBeGreaterThan(1_000);
  expect(heard.map(([id]) => id)).not.toContain('u1100');
  expect(heard.at(-1)).toEqual(['u1199', 1_199]); // told by the sweep's copy, taken before the answer
});

test('a user offline since a restart is not told until their widget is back', async () => {
  const queue = ids(3);
  const offline = new Set(['u1' as SessionId]);
  const { positions, heard } = broadcaster(queue, 50, offline);
  queue.shift();
  positions.changedFrom(0);
  await wait(20);
  expect(heard).toEqual([['u2', 2]]);
});

test('a sweep of a long queue is paced: the event loop idles between slices for the frames that matter', async () => {
  const queue = ids(5_000);
  const perSecond = 2_000;
  const { positions, heard } = broadcaster(queue, 1_000, new Set(), perSecond);
  queue.shift();
  positions.changedFrom(0);
  const started = performance.now();
  await wait(250);
  // Unpaced, 5,000 users at 20 µs each are told within 100 ms; paced, a quarter second holds
  // the pace's worth and a slice at most.
  const slice = 4 / 0.02;
  expect(heard.length).toBeLessThanOrEqual((perSecond * (performance.now() - started)) / 1_000 + slice);
  await wait(3_000);
  expect(heard).toHaveLength(4_999);
  expect(heard.at(-1)).toEqual(['u4999', 4_999]);
});
