import { expect, test } from 'vitest';
import { DurableOutput } from './durableOutput.js';

/** A write in flight, finished by the test. */
function pendingWrite() {
  let finish = () => {};
  const written = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { written, finish };
}

const to = { node: 'n', conn: 'c' };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('frames wait for the write behind them, keep their order, and go at once when nothing is written', async () => {
  const sent: string[] = [];
  let current: Promise<void> | undefined;
  const output = new DurableOutput(
    { send: (_to, data) => sent.push(data), close: () => undefined, recheck: () => undefined },
    () => current,
  );
  output.send(to, 'now');
  expect(sent).toEqual(['now']);

  const first = pendingWrite();
  current = first.written;
  output.send(to, 'offer');
  const second = pendingWrite();
  current = second.written;
  output.send(to, 'live');
  current = undefined;
  output.send(to, 'after'); // nothing being written, yet it must not overtake the held frames
  await tick();
  expect(sent).toEqual(['now']);

  first.finish();
  await tick();
  expect(sent).toEqual(['now', 'offer']);
  second.finish();
  await tick();
  expect(sent).toEqual(['now', 'offer', 'live', 'after']);
});

test('a node that stops running the engine never sends what it still held', async () => {
  const sent: string[] = [];
  const write = pendingWrite();
  const output = new DurableOutput(
    { send: (_to, data) => sent.push(data), close: () => undefined, recheck: () => undefined },
    () => write.written,
  );
  output.send(to, 'stale');
  output.discard();
  write.finish();
  await tick();
  expect(sent).toEqual([]);
});
