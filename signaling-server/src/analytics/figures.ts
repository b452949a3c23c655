import { percentiles } from '../stats.js';
import type { SessionRecord, TimelineKind } from '../store/types.js';

export interface FiguresQuery {
  from: number;
  to: number;
  tenant?: string;
  agentId?: string;
  /** Only sessions answered by these agents (a team). */
  agentIds?: ReadonlySet<string>;
  tier?: number;
  /** Answered within this many ms counts toward the service level. */
  serviceLevelTargetMs: number;
}

export interface ServiceFigures {
  requests: number;
  answered: number;
  abandoned: number;
  timeToAnswerMs: ReturnType<typeof percentiles>;
  timeToMediaMs: ReturnType<typeof percentiles>;
  /** Share of answered-or-abandoned requests answered within the target (0..1), null when none. */
  serviceLevel: number | null;
  abandonmentRate: number | null;
  averageHandleMs: number | null;
  missedOffers: number;
}

const first = (s: SessionRecord, kind: TimelineKind) => s.events.find((e) => e.kind === kind);
const answeredBy = (s: SessionRecord) => first(s, 'accepted')?.agentId;

function inScope(s: SessionRecord, q: FiguresQuery): boolean {
  if (s.requestedAt < q.from || s.requestedAt >= q.to) return false;
  if (q.tenant !== undefined && s.tenant !== q.tenant) return false;
  if (q.tier !== undefined && (s.traits.tier ?? 0) !== q.tier) return false;
  return true;
}

/** The service figures of the sessions requested in [from, to), computed from their events. */
export function serviceFigures(sessions: Iterable<SessionRecord>, q: FiguresQuery): ServiceFigures {
  const answer: number[] = [];
  const media: number[] = [];
  const handle: number[] = [];
  let requests = 0;
  let abandoned = 0;
  let withinTarget = 0;
  let missedOffers = 0;
  for (const s of sessions) {
    if (!inScope(s, q)) continue;
    missedOffers += s.events.filter(
      (e) => e.kind === 'offer_timeout' && (q.agentId === undefined || e.agentId === q.agentId),
    ).length;
    if (q.agentId !== undefined && answeredBy(s) !== q.agentId) continue;
    if (q.agentIds !== undefined && !q.agentIds.has(answeredBy(s) ?? '')) continue;
    requests++;
    const accepted = first(s, 'accepted');
    if (accepted) {
      const wait = accepted.at - s.requestedAt;
      answer.push(wait);
      if (wait <= q.serviceLevelTargetMs) withinTarget++;
      const mediaAt = first(s, 'media_connected')?.at;
      if (mediaAt !== undefined) media.push(mediaAt - s.requestedAt);
      const ended = first(s, 'ended')?.at;
      if (ended !== undefined) handle.push(ended - accepted.at);
    } else if (first(s, 'abandoned')) {
      abandoned++;
    }
  }
  const closed = answer.length + abandoned;
  return {
    requests,
    answered: answer.length,
    abandoned,
    timeToAnswerMs: percentiles(answer),
    timeToMediaMs: percentiles(media),
    serviceLevel: closed ? withinTarget / closed : null,
    abandonmentRate: closed ? abandoned / closed : null,
    averageHandleMs: handle.length ? Math.round(handle.reduce((a, b) => a + b, 0) / handle.length) : null,
    missedOffers,
  };
}

/** Figures split by tenant, answering agent, the agent's team, or tier. */
export function groupedFigures(
  sessions: readonly SessionRecord[],
  q: FiguresQuery,
  by: 'tenant' | 'agent' | 'team' | 'tier',
  teamOf: (agentId: string) => string | undefined = () => undefined,
): Record<string, ServiceFigures> {
  const keyOf = (s: SessionRecord): string | undefined => {
    if (by === 'tenant') return s.tenant;
    if (by === 'tier') return String(s.traits.tier ?? 0);
    const agent = answeredBy(s);
    return by === 'agent' || agent === undefined ? agent : teamOf(agent);
  };
  const members = new Map<string, Set<string>>();
  for (const s of sessions) {
    if (!inScope(s, q)) continue;
    const key = keyOf(s);
    if (key === undefined) continue;
    if (!members.has(key)) members.set(key, new Set());
    const agent = answeredBy(s);
    if (agent) members.get(key)?.add(agent);
  }
  const groups: Record<string, ServiceFigures> = {};
  for (const [key, agents] of members) {
    const scoped =
      by === 'tenant'
        ? { ...q, tenant: key }
        : by === 'tier'
          ? { ...q, tier: Number(key) }
          : by === 'agent'
            ? { ...q, agentId: key }
            : { ...q, agentIds: agents };
    groups[key] = serviceFigures(sessions, scoped);
  }
  return groups;
}
