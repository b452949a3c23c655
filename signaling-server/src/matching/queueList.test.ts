import fc from 'fast-check';
import { expect, test } from 'vitest';
import { QueueList } from './queueList.js';

type Edit = { op: 'insert'; at: number; value: number } | { op: 'remove'; at: number } | { op: 'set'; at: number };

const edits = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('insert' as const), at: fc.nat(), value: fc.integer() }),
    fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('set' as const), at: fc.nat() }),
  ),
  { maxLength: 60 },
);

/** The same edits on a plain array, the model. */
function applyToArray(users: number[], edits: readonly Edit[]): number[] {
  const out = users.slice();
  for (const edit of edits) {
    if (edit.op === 'insert') out.splice(Math.min(edit.at, out.length), 0, edit.value);
    else if (out.length && edit.op === 'remove') out.splice(edit.at % out.length, 1);
    else if (out.length && edit.op === 'set') out[edit.at % out.length] = -(out[edit.at % out.length] as number) - 1;
  }
  return out;
}

function applyToList(list: QueueList<number>, edits: readonly Edit[]): QueueList<number> {
  const edit = list.edit();
  for (const e of edits) {
    if (e.op === 'insert') edit.insert(Math.min(e.at, edit.length), e.value);
    else if (edit.length && e.op === 'remove') edit.removeAt(e.at % edit.length);
    else if (edit.length && e.op === 'set') edit.set(e.at % edit.length, -(edit.get(e.at % edit.length) as number) - 1);
  }
  return edit.result();
}

test('a list edited step after step reads as an array edited the same way, by index, in order and in parts', () => {
  fc.assert(
    fc.property(fc.nat({ max: 3_000 }), fc.array(edits, { maxLength: 8 }), (size, steps) => {
      let model = Array.from({ length: size }, (_, i) => i);
      let list = QueueList.of(model);
      for (const step of steps) {
        model = applyToArray(model, step);
        list = applyToList(list, step);
        expect(list.length).toBe(model.length);
        expect([...list]).toEqual(model);
        for (const at of [0, model.length >> 1, model.length - 1, model.length, -1])
          expect([at, list.get(at)]).toEqual([at, model[at]]);
        expect(list.slice(1, 40)).toEqual(model.slice(1, 40));
        expect(list.findIndex((v) => v < 0)).toBe(model.findIndex((v) => v < 0));
      }
    }),
    { numRuns: 200 },
  );
});

test('an edit never changes the list it came from, which a sweep may still be reading', () => {
  fc.assert(
    fc.property(fc.nat({ max: 3_000 }), edits, (size, step) => {
      const users = Array.from({ length: size }, (_, i) => i);
      const before = QueueList.of(users);
      const after = applyToList(before, step);
      expect([...before]).toEqual(users);
      expect([...after]).toEqual(applyToArray(users, step));
    }),
    { numRuns: 200 },
  );
});

test('a long queue served from the head and cancelled all along stays whole', () => {
  const model = Array.from({ length: 20_000 }, (_, i) => i);
  let list = QueueList.of(model);
  for (let round = 0; round < 2_000; round++) {
    const edit = list.edit();
    // Served from the head, a newcomer at the end, someone in the middle gives up.
    edit.removeAt(0);
    edit.insert(edit.length, 20_000 + round);
    edit.removeAt((round * 7919) % edit.length);
    list = edit.result();
    model.shift();
    model.push(20_000 + round);
    model.splice((round * 7919) % model.length, 1);
  }
  expect(list.length).toBe(model.length);
  expect([...list]).toEqual(model);
});
