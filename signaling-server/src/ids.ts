import { randomUUID } from 'node:crypto';

/**
 * A new random UUID as one flat string. Node builds `randomUUID()` by joining 16 pieces, and V8
 * keeps such a string as a rope of pieces (about 0.4 KB) for as long as it lives: ids held per
 * waiting user or socket are copied out flat once.
 */
export function newId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}
