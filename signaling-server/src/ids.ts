import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/**
 * A new id: a UUIDv7 (RFC 9562), its first 48 bits the time in ms, the rest random. Time-ordered
 * ids go into the end of the id indexes (sessions, their events) where random ones land on a
 * random page each: in a flash crowd each commit then writes one or two index pages instead of
 * one per row, and a year's history no longer makes every insert read a page from disk. The
 * string is copied out flat: built from 20 pieces, V8 would keep it as a rope of them (about
 * 0.4 KB) for as long as it lives, and ids are held per waiting user and socket.
 */
export function newId(): string {
  return Buffer.from(uuidv7(), 'latin1').toString('latin1');
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
