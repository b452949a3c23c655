import type { AgentId } from '@lifeline/shared';
import type { RequestTraits } from '../matching/types.js';
import type { SessionRecord } from './types.js';

export type SessionStatus = 'new' | 'waiting' | 'live' | 'over';

/** The status a session moves to with this event, if it moves. */
export function statusAfter(
  kind: SessionRecord['events'][number]['kind'] | undefined,
): Exclude<SessionStatus, 'new'> | undefined {
  switch (kind) {
    case 'ended':
    case 'abandoned':
      return 'over';
    case 'accepted':
      return 'live';
    case 'queued':
    case 'requeued':
    case 'callback_requested':
      return 'waiting';
    default:
      return undefined;
  }
}

/** Where a session stands, read from its events (the last one that moves it decides). */
export function sessionStatus(session: SessionRecord): SessionStatus {
  for (let i = session.events.length - 1; i >= 0; i--) {
    const status = statusAfter(session.events[i]?.kind);
    if (status) return status;
  }
  return 'new';
}

/** When the session joined the queue (its first 'queued' event). */
export function queuedAt(session: SessionRecord): number {
  return session.events.find((e) => e.kind === 'queued')?.at ?? session.requestedAt;
}

/** Most requests have nothing to route by: they share one frozen value (one object less per waiting user). */
const NO_TRAITS: RequestTraits = Object.freeze({});

/** What routing needs to know about a session's request. */
export function traitsOf(session: SessionRecord): RequestTraits {
  const { language } = session.context;
  const { area, tier, lastAgentId, owner } = session.traits;
  if (!language && !area && !tier && !lastAgentId && !owner) return NO_TRAITS;
  return {
    ...(owner ? { owner } : {}),
    ...(language ? { language } : {}),
    ...(area ? { area } : {}),
    ...(tier ? { tier } : {}),
    ...(lastAgentId ? { lastAgentId } : {}),
  };
}

/** The agent who last answered this identified user, for continuity. */
export function lastAgentFor(sessions: Iterable<SessionRecord>, tenant: string, userId: string): AgentId | undefined {
  let last: { at: number; agentId: AgentId } | undefined;
  for (const s of sessions) {
    if (s.tenant !== tenant || s.context.userId !== userId) continue;
    const accepted = s.events.findLast((e) => e.kind === 'accepted');
    if (accepted?.agentId && (!last || accepted.at > last.at)) last = { at: accepted.at, agentId: accepted.agentId };
  }
  return last?.agentId;
}

/** The agent holding a live session: the last one who answered it or took it over. */
export function agentOfCall(session: SessionRecord): AgentId | undefined {
  return session.events.findLast((e) => (e.kind === 'accepted' || e.kind === 'transferred') && e.agentId)?.agentId;
}
