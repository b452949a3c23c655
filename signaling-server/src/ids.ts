import { randomBytes, randomUUID } from 'node:crypto';

/**
 * A new random UUID as one flat string. Node builds `randomUUID()` by joining 16 pieces, and V8
 * keeps such a string as a rope of pieces (about 0.4 KB) for as long as it lives: ids held per
 * waiting user or socket are copied out flat once.
 */
export function newId(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

/** Random per process: a connection id is never reused by a later process with the same node id. */
const PROCESS_TAG = randomBytes(6).toString('base64url');
let connections = 0;

/**
 * A socket's id on this node: the process's tag and a count, about 16 characters where a UUID
 * takes 36 (one is held per waiting user). Unique per node for as long as the node id is.
 */
export function newConnectionId(): string {
  connections++;
  return `${PROCESS_TAG}${connections.toString(36)}`;
}
