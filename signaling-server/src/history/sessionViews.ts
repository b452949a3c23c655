import type { AgentId, SessionDetail, SessionSummary } from '@lifeline/shared';
import { sessionStatus } from '../store/status.js';
import type { SessionRecord, Store } from '../store/types.js';

const OUTCOME = { new: 'waiting', waiting: 'waiting', live: 'live' } as const;

/** The agent who answered last (after a transfer, the one who finished the call). */
function answeredBy(session: SessionRecord): AgentId | undefined {
  return session.events.findLast((e) => e.kind === 'accepted' || e.kind === 'transferred')?.agentId;
}

/** An agent's name as history shows it; an agent since removed is still someone. */
function nameOf(store: Store, id: AgentId | undefined): string | undefined {
  return id ? (store.agent(id)?.name ?? 'Former agent') : undefined;
}

/** A history line, computed from the session's events, rating, disposition and notes. */
export function summarise(session: SessionRecord, store: Store): SessionSummary {
  const accepted = session.events.find((e) => e.kind === 'accepted');
  const ended = session.events.findLast((e) => e.kind === 'ended');
  const status = sessionStatus(session);
  const rating = store.rating(session.id);
  const disposition = store.disposition(session.id);
  const { name, email, userId, plan } = session.context;
  const agentName = nameOf(store, answeredBy(session));
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
    notes: store
      .notes(session.id)
      .map((n) => ({ agentName: nameOf(store, n.agentId) ?? 'Agent', body: n.body, at: n.at })),
  };
}

export function detail(session: SessionRecord, store: Store): SessionDetail {
  return {
    ...summarise(session, store),
    context: session.context,
    timeline: session.events.map((e) => {
      const agentName = nameOf(store, e.agentId);
      return { kind: e.kind, at: e.at, ...(agentName ? { agentName } : {}), ...(e.reason ? { reason: e.reason } : {}) };
    }),
  };
}

/** Did this agent ever answer (or take over) the session? Their notes and wrap-up belong there. */
export function handledBy(session: SessionRecord, agentId: AgentId): boolean {
  return session.events.some((e) => (e.kind === 'accepted' || e.kind === 'transferred') && e.agentId === agentId);
}

/** Whether a summary matches a free-text search, case-insensitively. */
export function matches(summary: SessionSummary, session: SessionRecord, query: string): boolean {
  const needle = query.toLowerCase();
  const haystack = [
    summary.id,
    summary.user.name,
    summary.user.email,
    summary.user.userId,
    summary.agentName,
    session.context.pageUrl,
    summary.rating?.comment,
    summary.disposition,
    ...summary.notes.map((n) => n.body),
  ];
  return haystack.some((text) => text?.toLowerCase().includes(needle));
}
