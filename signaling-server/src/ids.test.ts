import { expect, test } from 'vitest';
import { newId } from './ids.js';

test('ids sort in the order they were made, within a millisecond and across them', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5_000; i++) ids.push(newId());
  await new Promise((resolve) => setTimeout(resolve, 5));
  for (let i = 0; i < 5_000; i++) ids.push(newId());
  expect(new Set(ids).size).toBe(ids.length);
  expect([...ids].sort()).toEqual(ids);
});

test('an id is a version 7 UUID carrying the time it was made', () => {
  const before = Date.now();
  const id = newId();
  const after = Date.now();
  expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const madeAt = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  expect(madeAt).toBeGreaterThanOrEqual(before);
  expect(madeAt).toBeLessThanOrEqual(after);
});
