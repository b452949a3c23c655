import fc from 'fast-check';
import { expect, test } from 'vitest';
import { CopyOnWrite } from './copyOnWrite.js';

type Op = { key: string; value: number | null };
/** New keys, and keys of the preloaded map (so deletions and changes reach its shared entries). */
const KEYS = [...'abcdefgh'.split(''), 'k0', 'k7', 'k39', 'k1099', 'k2499'];
const ops = fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.option(fc.nat(9)) }), { maxLength: 12 });

test('each step reads and yields what a plain copied map would, and never changes an earlier state', () => {
  fc.assert(
    fc.property(fc.array(ops, { maxLength: 60 }), fc.constantFrom(0, 40, 1_100, 2_500), (steps: Op[][], preloaded) => {
      // Small maps are copied; large ones (over 1,024) are layered for a while, then folded.
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
        for (const key of KEYS) expect(state.get(key)).toBe(model.get(key));
      }
      for (const earlier of history) expect(new Map(earlier.state)).toEqual(earlier.model);
    }),
    { numRuns: 80 },
  );
});
