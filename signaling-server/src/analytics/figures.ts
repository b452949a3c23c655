import { percentiles } from '../stats.js';
import type { SessionRecord, TimelineKind } from '../store/types.js';
import type { FiguresQuery, FiguresSplit, ServiceFigures } from './figureTypes.js';

/*
 * The definition of every figure, read straight off each session's events. The store computes
 * the same figures with SQL aggregates (`store/sql/figuresQueries.ts`); the store's contract
 * test holds the two equal over a generated history, on SQLite and on PostgreSQL.
 */

const first = (s: SessionRecord, kind: TimelineKind) => s.events.find((e) => e.kind === kind);
const answeredBy = (s: SessionRecord) => first(s, 'accepted')?.agentId;

function inScope(s: SessionRecord, q: FiguresQuery): boolean {
  if (s.requestedAt < q.from || s.requestedAt >= q.to) return false;
  if (q.tenant !== undefined && s.tenant !== q.tenant) return false;
  if (q.tier !== undefined && (s.traits.tier ?? 0) !== q.tier) return false;
  return true;
}

/** What one request adds to the figures: its waits and handle time, as the store keeps them. */
export interface SessionFacts {
  /** Request to answer, for an answered request. */
  answer: number | null;
  /** Request to media, for an answered request whose media connected. */
  media: number | null;
  /** Answer to end, for an answered request that ended. */
  handle: number | null;
  /** Given up before an answer. */
  abandoned: boolean;
}

/** A request's facts read off its events. */
function factsOf(s: SessionRecord): SessionFacts {
  const accepted = first(s, 'accepted');
  if (!accepted) return { answer: null, media: null, handle: null, abandoned: first(s, 'abandoned') !== undefined };
  const mediaAt = first(s, 'media_connected')?.at;
  const ended = first(s, 'ended')?.at;
  return {
    answer: accepted.at - s.requestedAt,
    media: mediaAt === undefined ? null : mediaAt - s.requestedAt,
    handle: ended === undefined ? null : ended - accepted.at,
    abandoned: false,
  };
}

/** The running totals behind one set of figures. */
export class Tally {
  private readonly answer: number[] = [];
  private readonly media: number[] = [];
  private readonly handle: number[] = [];
  private requests = 0;
  private abandoned = 0;
  private withinTarget = 0;
  missedOffers = 0;

  constructor(private readonly serviceLevelTargetMs: number) {}

  /** One request: answered (with its waits and handle time), abandoned, or still open. */
  count(s: SessionRecord): void {
    this.add(factsOf(s));
  }

  /** One request, from the facts the store keeps for it. */
  add(facts: SessionFacts): void {
    this.requests++;
    if (facts.answer !== null) {
      this.answer.push(facts.answer);
      if (facts.answer <= this.serviceLevelTargetMs) this.withinTarget++;
      if (facts.media !== null) this.media.push(facts.media);
      if (facts.handle !== null) this.handle.push(facts.handle);
    } else if (facts.abandoned) {
      this.abandoned++;
    }
  }

  figures(): ServiceFigures {
    const closed = this.answer.length + this.abandoned;
    return {
      requests: this.requests,
      answered: this.answer.length,
      abandoned: this.abandoned,
      timeToAnswerMs: percentiles(this.answer),
      timeToMediaMs: percentiles(this.media),
      serviceLevel: closed ? this.withinTarget / closed : null,
      abandonmentRate: closed ? this.abandoned / closed : null,
      averageHandleMs: this.handle.length
        ? Math.round(this.handle.reduce((a, b) => a + b, 0) / this.handle.length)
        : null,
      missedOffers: this.missedOffers,
    };
  }
}

const timeouts = (s: SessionRecord) => s.events.filter((e) => e.kind === 'offer_timeout');

/** The service figures of the sessions requested in [from, to), computed from their events. */
export function serviceFigures(sessions: Iterable<SessionRecord>, q: FiguresQuery): ServiceFigures {
  const tally = new Tally(q.serviceLevelTargetMs);
  for (const s of sessions) {
    if (!inScope(s, q)) continue;
    tally.missedOffers += timeouts(s).filter((e) => q.agentId === undefined || e.agentId === q.agentId).length;
    if (q.agentId !== undefined && answeredBy(s) !== q.agentId) continue;
    if (q.agentIds !== undefined && !q.agentIds.has(answeredBy(s) ?? '')) continue;
    tally.count(s);
  }
  return tally.figures();
}

/**
 * Figures split by tenant, answering agent, the agent's team, or tier, in one pass over the
 * window whatever the number of groups. A missed offer counts for the agent (or team) it rang.
 */
export function groupedFigures(
  sessions: Iterable<SessionRecord>,
  q: FiguresQuery,
  by: FiguresSplit,
  teamOf: (agentId: string) => string | undefined = () => undefined,
): Record<string, ServiceFigures> {
  const byAgent = (agentId: string | undefined) =>
    agentId === undefined || by === 'agent' ? agentId : teamOf(agentId);
  const keyOf = (s: SessionRecord, agentId: string | undefined): string | undefined => {
    if (by === 'tenant') return s.tenant;
    if (by === 'tier') return String(s.traits.tier ?? 0);
    return byAgent(agentId);
  };
  const tallies = new Map<string, Tally>();
  const tally = (key: string) => {
    const found = tallies.get(key) ?? new Tally(q.serviceLevelTargetMs);
    tallies.set(key, found);
    return found;
  };
  for (const s of sessions) {
    if (!inScope(s, q)) continue;
    for (const missed of timeouts(s)) {
      const key = keyOf(s, missed.agentId);
      if (key !== undefined) tally(key).missedOffers++;
    }
    const key = keyOf(s, answeredBy(s));
    if (key !== undefined) tally(key).count(s);
  }
  return Object.fromEntries([...tallies].map(([key, t]) => [key, t.figures()]));
}
