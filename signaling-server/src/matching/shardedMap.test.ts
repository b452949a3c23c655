import fc from 'fast-check';
import { expect, test } from 'vitest';
import { ShardedMap } from './shardedMap.js';

const writes = fc.array(fc.tuple(fc.constantFrom('set', 'delete'), fc.nat({ max: 100 }), fc.integer()), {
  maxLength: 80,
});

test('edited step after step, it holds what a Map edited the same way holds, and an edit leaves the map it came from as it was', () => {
  fc.assert(
    fc.property(fc.array(writes, { maxLength: 10 }), (steps) => {
      const model = new Map<string, number>();
      let map = ShardedMap.empty<number>();
      for (const step of steps) {
        const before = new Map(model);
        const previous = map;
        const edit = map.edit();
        for (const [op, n, value] of step) {
          const key = `0190f3a2-7c41-7d3e-9b2a-${String(n).padStart(12, '0')}`;
          if (op === 'set') {
            edit.set(key, value);
            model.set(key, value);
          } else {
            edit.delete(key);
            model.delete(key);
          }
          expect(edit.get(key)).toBe(model.get(key));
        }
        map = edit.result();
        expect(map.size).toBe(model.size);
        for (let n = 0; n <= 100; n++) {
          const key = `0190f3a2-7c41-7d3e-9b2a-${String(n).padStart(12, '0')}`;
          expect([key, map.get(key), map.has(key)]).toEqual([key, model.get(key), model.has(key)]);
          expect([key, previous.get(key)]).toEqual([key, before.get(key)]);
        }
      }
    }),
    { numRuns: 60 },
  );
});
