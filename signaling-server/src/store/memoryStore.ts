import type { AgentId, SessionId } from '@lifeline/shared';
import type { AgentRecord, SessionEvent, SessionRecord, Store } from './types.js';

type MutableSession = Omit<SessionRecord, 'events'> & { events: SessionEvent[] };

/** In-memory store: the walking skeleton's persistence (durable storage is a later issue). */
export class MemoryStore implements Store {
  private readonly sessionsById = new Map<SessionId, MutableSession>();
  private readonly agentsById = new Map<AgentId, AgentRecord>();

  createSession(session: Omit<SessionRecord, 'events'>): SessionRecord {
    const record: MutableSession = { ...session, events: [{ kind: 'requested', at: session.requestedAt }] };
    this.sessionsById.set(session.id, record);
    return record;
  }

  getSession(id: SessionId): SessionRecord | undefined {
    return this.sessionsById.get(id);
  }

  appendEvent(id: SessionId, event: SessionEvent): void {
    this.sessionsById.get(id)?.events.push(event);
  }

  sessions(): Iterable<SessionRecord> {
    return this.sessionsById.values();
  }

  addAgent(agent: AgentRecord): void {
    this.agentsById.set(agent.id, agent);
  }

  agentByEmail(email: string): AgentRecord | undefined {
    const wanted = email.toLowerCase();
    for (const agent of this.agentsById.values()) if (agent.email === wanted) return agent;
    return undefined;
  }

  agent(id: AgentId): AgentRecord | undefined {
    return this.agentsById.get(id);
  }
}
