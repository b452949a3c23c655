import type { AgentId, SessionDetail, SessionSummary } from '@lifeline/shared';
import { sessionStatus } from '../store/status.js';
import type { AgentRecord, SessionFile, SessionRecord } from '../store/types.js';

/** Agents' names by id, read once per request. */
export type AgentNames = ReadonlyMap<string, string>;

export const namesOf = (agents: readonly AgentRecord[]): AgentNames => new Map(agents.map((a) => [a.id, a.name]));

const OUTCOME = { new: 'waiting', waiting: 'waiting', live: 'live' } as const;

/** The agent who answered last (after a transfer, the one who finished the call). */
function answeredBy(session: SessionRecord): AgentId | undefined {
  return session.events.findLast((e) => e.kind === 'accepted' || e.kind === 'transferred')?.agentId;
}

/** An agent's name as history shows it; an agent since removed is still someone. */
function nameOf(names: AgentNames, id: AgentId | undefined): string | undefined {
  return id ? (names.get(id) ?? 'Former agent') : undefined;
}

/** A history line, computed from the session's events, rating, disposition and notes. */
export function summarise(file: SessionFile, names: AgentNames): SessionSummary {
  const { session, rating, disposition } = file;
  const accepted = session.events.find((e) => e.kind === 'accepted');
  const ended = session.events.findLast((e) => e.kind === 'ended');
  const status = sessionStatus(session);
  const { name, email, userId, plan } = session.context;
  const agentName = nameOf(names, answeredBy(session));
  return {
    id: session.id,
    requestedAt: session.requestedAt,
    user: {
      ...(name ? { name } : {}),
      ...(email ? { email } : {}),
      ...(userId ? { userId } : {}),
      ...(plan ? { plan } : {}),
    },
    ...(agentName ? { agentName } : {}),
    outcome: status === 'over' ? (accepted ? 'answered' : 'abandoned') : OUTCOME[status],
    ...(ended?.reason ? { endReason: ended.reason } : {}),
    timeToAnswerMs: accepted ? accepted.at - session.requestedAt : null,
    durationMs: accepted && ended ? ended.at - accepted.at : null,
    ...(rating ? { rating: { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}) } } : {}),
    ...(disposition ? { disposition: disposition.code } : {}),
    notes: file.notes.map((n) => ({ agentName: nameOf(names, n.agentId) ?? 'Agent', body: n.body, at: n.at })),
  };
}

export function detail(file: SessionFile, names: AgentNames): SessionDetail {
  const { session } = file;
  return {
    ...summarise(file, names),
    context: session.context,
    timeline: session.events.map((e) => {
      const agentName = nameOf(names, e.agentId);
      return {
        kind: e.kind,
        at: e.at,
        ...(agentName ? { agentName } : {}),
        ...(e.reason || e.detail ? { reason: e.reason ?? e.detail } : {}),
      };
    }),
  };
}

/** Did this agent ever answer (or take over) the session? Their notes and wrap-up belong there. */
export function handledBy(session: SessionRecord, agentId: AgentId): boolean {
  return session.events.some((e) => (e.kind === 'accepted' || e.kind === 'transferred') && e.agentId === agentId);
}
