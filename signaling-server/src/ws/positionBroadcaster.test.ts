import type { SessionId } from '@lifeline/shared';
import { expect, test } from 'vitest';
import { PositionBroadcaster } from './positionBroadcaster.js';

const U = 'u1' as SessionId;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a user hears of their place at once, then only the latest place, at most once per interval', async () => {
  const heard: Array<{ position: number; at: number }> = [];
  const started = Date.now();
  const positions = new PositionBroadcaster((_id, position) => heard.push({ position, at: Date.now() - started }), 200);
  positions.push(U, 5);
  await wait(20);
  expect(heard.map((h) => h.position)).toEqual([5]);
  positions.push(U, 4);
  positions.push(U, 3);
  await wait(50);
  expect(heard.map((h) => h.position)).toEqual([5]); // held back: told 50 ms ago
  await wait(250);
  expect(heard.map((h) => h.position)).toEqual([5, 3]); // the latest only
  expect((heard[1]?.at ?? 0) - (heard[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
});

test('thousands of users are told in chunks that let other frames through between them', async () => {
  let sent = 0;
  const positions = new PositionBroadcaster(() => sent++, 1_000);
  for (let i = 0; i < 1_000; i++) positions.push(`u${i}` as SessionId, i + 1);
  await new Promise((resolve) => setImmediate(resolve));
  expect(sent).toBeLessThan(1_000);
  await wait(50);
  expect(sent).toBe(1_000);
});

test('a place held back is dropped once the user is answered: no queue frame after the call starts', async () => {
  const heard: number[] = [];
  const positions = new PositionBroadcaster((_id, position) => heard.push(position), 100);
  positions.push(U, 2);
  await wait(10);
  positions.push(U, 1);
  positions.forget(U);
  await wait(200);
  expect(heard).toEqual([2]);
});
