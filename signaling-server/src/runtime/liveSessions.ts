import type { SessionId } from '@lifeline/shared';
import type { Logger } from 'pino';
import { sessionStatus } from '../store/status.js';
import { FencedOut, type SessionEvent, type SessionRecord, type Store } from '../store/types.js';

type OpenSession = Omit<SessionRecord, 'events'> & { events: readonly SessionEvent[] };

/**
 * A session's copy with its own events, written out field by field: a spread copy keeps its fields
 * out of the object, in a second allocation (thousands of waiting users each hold one).
 */
function openCopy(s: SessionRecord): OpenSession {
  return {
    id: s.id,
    tenant: s.tenant,
    context: s.context,
    traits: s.traits,
    requestedAt: s.requestedAt,
    events: s.events.slice(),
  };
}

/**
 * The sessions the engine is working on (never connected, waiting, live), kept in memory by the
 * node that runs it so that offers, calls and frames never wait on the database. Every event is
 * also appended to the store, in order; a session leaves memory when it is over.
 */
export class LiveSessions {
  private readonly open = new Map<SessionId, OpenSession>();

  /** Called when the store refuses a write because another node now runs the engine. */
  onFencedOut: () => void = () => undefined;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    /** Told of every event recorded for a session this node tracks, with the event appended. */
    private readonly onRecorded: (session: SessionRecord, event: SessionEvent) => void = () => undefined,
  ) {}

  track(session: SessionRecord): void {
    if (sessionStatus(session) !== 'over') this.open.set(session.id, openCopy(session));
  }

  get(id: SessionId): SessionRecord | undefined {
    return this.open.get(id);
  }

  /** The session from memory, else from the store (kept in memory if it is still open). */
  async load(id: SessionId): Promise<SessionRecord | undefined> {
    const known = this.open.get(id);
    if (known) return known;
    const stored = await this.store.getSession(id);
    if (stored && !this.open.has(id)) this.track(stored);
    return this.open.get(id) ?? stored;
  }

  /** Appends an event: at once in memory, and to the store in the order recorded. */
  record(id: SessionId, event: SessionEvent): void {
    const session = this.open.get(id);
    if (session) {
      // A new array of exactly the events (concat sizes it once): one grown by push or built by a
      // spread keeps room for 16 more, and thousands of waiting users each hold two or three.
      session.events = session.events.concat([event]);
      if (sessionStatus(session) === 'over') this.open.delete(id);
      this.onRecorded(session, event);
    }
    this.store.appendEvent(id, event).catch((err: unknown) => {
      this.log.error({ err, sessionId: id, event }, 'could not store a session event');
      if (err instanceof FencedOut) this.onFencedOut();
    });
  }

  /** Forgets every open session: another node runs the engine now. */
  clear(): void {
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }
}
