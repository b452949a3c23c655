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

test('a database that does not answer in time stops holding frames until it has caught up', async () => {
  const sent: string[] = [];
  const stuck = pendingWrite(); // the database is away: this write does not finish for now
  let current: Promise<void> | undefined = stuck.written;
  const output = new DurableOutput(
    { send: (_to, data) => sent.push(data), close: () => undefined, recheck: () => undefined },
    () => current,
    50,
  );
  output.send(to, 'held');
  await tick();
  expect(sent).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(sent).toEqual(['held']); // waited its while, then went
  output.send(to, 'signal');
  expect(sent).toEqual(['held', 'signal']); // no more waiting while the database is behind

  stuck.finish(); // back, and caught up: frames wait for their writes again
  current = undefined;
  output.send(to, 'caught up');
  const next = pendingWrite();
  current = next.written;
  output.send(to, 'offer');
  await tick();
  expect(sent).toEqual(['held', 'signal', 'caught up']);
  next.finish();
  await tick();
  expect(sent).toEqual(['held', 'signal', 'caught up', 'offer']);
});

test('a place in the queue goes while a write is in flight, but never ahead of a frame held for the same socket', async () => {
  const sent: Array<[string, string]> = [];
  const write = pendingWrite();
  const output = new DurableOutput(
    { send: (at, data) => sent.push([at.conn, data]), close: () => undefined, recheck: () => undefined },
    () => write.written,
  );
  const agent = { node: 'n', conn: 'agent' };
  const waiting = { node: 'n', conn: 'waiting user' };
  const answered = { node: 'n', conn: 'answered user' };
  output.send(agent, 'offer'); // held: the offer's event is being written
  output.send(answered, 'live');
  output.sendAdvisory(waiting, 'place 4');
  output.sendAdvisory(answered, 'place 1'); // told before "live" was written: it waits its turn
  expect(sent).toEqual([['waiting user', 'place 4']]);

  write.finish();
  await tick();
  expect(sent).toEqual([
    ['waiting user', 'place 4'],
    ['agent', 'offer'],
    ['answered user', 'live'],
    ['answered user', 'place 1'],
  ]);
  output.sendAdvisory(answered, 'place 2'); // nothing held for it any more
  expect(sent.at(-1)).toEqual(['answered user', 'place 2']);
});
