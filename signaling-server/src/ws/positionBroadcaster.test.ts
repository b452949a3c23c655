import type { SessionId } from '@lifeline/shared';
import { expect, test } from 'vitest';
import { PositionBroadcaster } from './positionBroadcaster.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ sessionId: `u${i}` as SessionId }));

function broadcaster(queue: { sessionId: SessionId }[], intervalMs: number) {
  const heard: Array<[SessionId, number]> = [];
  const positions = new PositionBroadcaster(
    () => queue,
    (id, position) => heard.push([id, position]),
    intervalMs,
  );
  return { positions, heard };
}

test('a new user hears their place at once; a move is told by the next sweep, once, with the latest place', async () => {
  const queue = ids(3);
  const { positions, heard } = broadcaster(queue, 100);
  for (const [i, w] of queue.entries()) positions.tellNow(w.sessionId, i + 1);
  expect(heard).toHaveLength(3);
  queue.shift(); // the head is answered...
  positions.forget('u0' as SessionId);
  positions.changedFrom(0);
  queue.shift(); // ...and the next one too, within the same interval
  positions.forget('u1' as SessionId);
  positions.changedFrom(0);
  await wait(20);
  expect(heard.slice(3)).toEqual([['u2', 1]]); // the first sweep runs at once
  queue.push({ sessionId: 'u3' as SessionId });
  positions.tellNow('u3' as SessionId, 2);
  positions.changedFrom(1); // unchanged for u3, already told
  await wait(150);
  expect(heard.slice(3)).toEqual([
    ['u2', 1],
    ['u3', 2],
  ]);
});

test('a sweep of a 10,000-user queue gives the event loop back between chunks', async () => {
  const queue = ids(10_000);
  const { positions, heard } = broadcaster(queue, 1_000);
  for (const [i, w] of queue.entries()) positions.tellNow(w.sessionId, i + 1);
  heard.length = 0;
  queue.shift();
  positions.forget('u0' as SessionId);
  positions.changedFrom(0);
  let between = -1;
  setTimeout(() => {
    between = heard.length; // a timer (another frame's turn) runs while the sweep is under way
  }, 0);
  await wait(100);
  expect(between).toBeGreaterThan(0);
  expect(between).toBeLessThan(9_999);
  expect(heard).toHaveLength(9_999);
  expect(heard.at(-1)).toEqual(['u9999', 9_999]);
});

test('agents coming or going tells everyone again (their estimate changed), even at the same place', async () => {
  const queue = ids(2);
  const { positions, heard } = broadcaster(queue, 50);
  for (const [i, w] of queue.entries()) positions.tellNow(w.sessionId, i + 1);
  positions.refreshAll();
  await wait(20);
  expect(heard.slice(2)).toEqual([
    ['u0', 1],
    ['u1', 2],
  ]);
});

test('a user answered while a sweep is pending hears nothing more about the queue', async () => {
  const queue = ids(2);
  const { positions, heard } = broadcaster(queue, 100);
  for (const [i, w] of queue.entries()) positions.tellNow(w.sessionId, i + 1);
  positions.changedFrom(0);
  await wait(20);
  queue.reverse(); // u1 moved ahead...
  positions.changedFrom(0);
  positions.forget('u1' as SessionId); // ...and was answered before the next sweep
  await wait(150);
  expect(heard.slice(2)).toEqual([['u0', 2]]);
});
