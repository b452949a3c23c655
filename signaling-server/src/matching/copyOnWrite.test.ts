import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CopyOnWrite } from './copyOnWrite.js';

type Op = { key: string; value: number | null };
const ops = fc.array(
  fc.record({ key: fc.constantFrom(...'abcdefghijklmnop'.split('')), value: fc.option(fc.nat(9)) }),
  {
    maxLength: 12,
  },
);

test('each step reads and yields what a plain copied map would, and never changes an earlier state', () => {
  fc.assert(
    fc.property(fc.array(ops, { maxLength: 60 }), fc.nat(300), (steps: Op[][], preloaded) => {
      // Start from a large map, so steps stay layered for a while before being folded.
      let state: ReadonlyMap<string, number> = new Map(Array.from({ length: preloaded }, (_, i) => [`k${i}`, i]));
      let model = new Map(state);
      const history: Array<{ state: ReadonlyMap<string, number>; model: Map<string, number> }> = [];
      for (const step of steps) {
        const draft = new CopyOnWrite(state);
        const next = new Map(model);
        for (const { key, value } of step) {
          if (value === null) {
            draft.delete(key);
            next.delete(key);
          } else {
            draft.set(key, value);
            next.set(key, value);
          }
          expect(draft.get(key)).toBe(next.get(key));
        }
        expect(new Map(draft.values().map((v, i) => [i, v])).size).toBe(next.size);
        history.push({ state, model });
        state = draft.result();
        model = next;
        expect(state.size).toBe(model.size);
        expect(new Map(state)).toEqual(model);
        for (const key of 'abcdefghijklmnopq') expect(state.get(key)).toBe(model.get(key));
      }
      for (const earlier of history) expect(new Map(earlier.state)).toEqual(earlier.model);
    }),
    { numRuns: 200 },
  );
});
