import type { Percentiles, TimeToAnswerReply } from '@lifeline/shared';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import { type FiguresQuery, type FiguresSplit, noFigures, type ServiceFigures } from '../../analytics/figureTypes.js';
import { WAIT_BUCKETS_MS } from '../../analytics/timeToAnswer.js';
import type { Tables } from './database.js';

/*
 * The service figures as SQL aggregates over the session rows' facts (migration 0004), found
 * through the request-time index: the database returns a few rows per group whatever the
 * number of sessions. The definitions are those of `analytics/figures.ts` (the contract test
 * holds the two equal); percentiles are nearest-rank, picked with window functions, which
 * SQLite and PostgreSQL both have.
 */

type Scope = Omit<FiguresQuery, 'agentIds' | 'serviceLevelTargetMs'>;
const HOUR = 3_600_000;
const RANKS = [50, 90, 99] as const;

/** The group key of a session (or `''`, one group) for a split. */
function sessionKey(split: FiguresSplit | undefined): RawBuilder<string | null> {
  switch (split) {
    case 'tenant':
      return sql`s.tenant`;
    case 'tier':
      return sql`cast(s.tier as text)`;
    case 'agent':
      return sql`s.accepted_by`;
    case 'team':
      return sql`(select a.team from agents a where a.id = s.accepted_by)`;
    default:
      return sql`cast('' as text)`;
  }
}

/** A missed offer counts for the agent (or the agent's team) it rang. */
function missKey(split: FiguresSplit | undefined): RawBuilder<string | null> {
  if (split === 'agent') return sql`e.agent_id`;
  if (split === 'team') return sql`(select a.team from agents a where a.id = e.agent_id)`;
  return sessionKey(split);
}

/** Sessions requested in the window, of the tenant and tier asked for. */
export function inWindow(q: Scope): RawBuilder<boolean> {
  const conditions = [sql`s.requested_at >= ${q.from}`, sql`s.requested_at < ${q.to}`];
  if (q.tenant !== undefined) conditions.push(sql`s.tenant = ${q.tenant}`);
  if (q.tier !== undefined) conditions.push(sql`s.tier = ${q.tier}`);
  return sql`${sql.join(conditions, sql` and `)}`;
}

/** What the figures are made of, read off a session row `s`: the durations and whether it was given up. */
export const FACT_COLUMNS = sql`s.accepted_at - s.requested_at as answer,
  case when s.accepted_at is not null then s.media_at - s.requested_at end as media,
  s.ended_at - s.accepted_at as handle,
  case when s.accepted_at is null and s.abandoned_at is not null then 1 else 0 end as abandoned`;

/** One row per session in scope: its group and the durations the figures are made of. */
function facts(key: RawBuilder<string | null>, q: Scope): RawBuilder<unknown> {
  const answeredBy = q.agentId === undefined ? sql`` : sql` and s.accepted_by = ${q.agentId}`;
  return sql`(select ${key} as k, s.requested_at as requested_at, ${FACT_COLUMNS}
    from sessions s where ${inWindow(q)}${answeredBy})`;
}

interface Totals {
  k: string;
  requests: number | string;
  answered: number | string;
  abandoned: number | string | null;
  within_target: number | string | null;
  answer_total: number | string | null;
  media_count: number | string;
  media_total: number | string | null;
  handled: number | string;
  handle_total: number | string | null;
}

/** The nearest-rank percentiles of `value` per group, in one pass of the database's sort. */
async function ranked(
  db: Kysely<Tables>,
  source: RawBuilder<unknown>,
  value: 'answer' | 'media',
): Promise<Map<string, Map<number, number>>> {
  const wanted = sql.join(RANKS.map((p) => sql`(${sql.lit(p)} * n + 99) / 100`));
  const { rows } = await sql<{ k: string; v: number | string; rn: number | string; n: number | string }>`
    select k, v, rn, n from (
      select k, ${sql.ref(value)} as v,
        row_number() over (partition by k order by ${sql.ref(value)}) as rn,
        count(*) over (partition by k) as n
      from ${source} f where k is not null and ${sql.ref(value)} is not null
    ) r where rn in (${wanted})`.execute(db);
  const byGroup = new Map<string, Map<number, number>>();
  for (const row of rows) {
    const ranks = byGroup.get(row.k) ?? new Map<number, number>();
    ranks.set(Number(row.rn), Number(row.v));
    byGroup.set(row.k, ranks);
  }
  return byGroup;
}

/** The value at the nearest rank of percentile `p` among `count` values, from the ranks picked. */
const nearestRank = (ranks: Map<number, number> | undefined, count: number, p: number) =>
  ranks?.get(Math.ceil((p * count) / 100)) ?? null;

function percentilesOf(ranks: Map<number, number> | undefined, count: number, total: number): Percentiles {
  if (count === 0) return { mean: null, p50: null, p90: null, p99: null };
  const at = (p: number) => nearestRank(ranks, count, p);
  return { mean: Math.round(total / count), p50: at(50), p90: at(90), p99: at(99) };
}

/** The figures of every group of the split (one group, `''`, when not split). */
export async function figuresByGroup(
  db: Kysely<Tables>,
  q: FiguresQuery,
  split?: FiguresSplit,
): Promise<Map<string, ServiceFigures>> {
  const source = facts(sessionKey(split), q);
  const [totals, answers, media, missed] = await Promise.all([
    sql<Totals>`
      select k, count(*) as requests, count(answer) as answered, sum(abandoned) as abandoned,
        sum(case when answer <= ${q.serviceLevelTargetMs} then 1 else 0 end) as within_target,
        sum(answer) as answer_total, count(media) as media_count, sum(media) as media_total,
        count(handle) as handled, sum(handle) as handle_total
      from ${source} f where k is not null group by k`.execute(db),
    ranked(db, source, 'answer'),
    ranked(db, source, 'media'),
    missedOffers(db, q, split),
  ]);
  const groups = new Map<string, ServiceFigures>();
  for (const row of totals.rows) {
    const answered = Number(row.answered);
    const abandoned = Number(row.abandoned ?? 0);
    const closed = answered + abandoned;
    const handled = Number(row.handled);
    groups.set(row.k, {
      requests: Number(row.requests),
      answered,
      abandoned,
      timeToAnswerMs: percentilesOf(answers.get(row.k), answered, Number(row.answer_total ?? 0)),
      timeToMediaMs: percentilesOf(media.get(row.k), Number(row.media_count), Number(row.media_total ?? 0)),
      serviceLevel: closed ? Number(row.within_target ?? 0) / closed : null,
      abandonmentRate: closed ? abandoned / closed : null,
      averageHandleMs: handled ? Math.round(Number(row.handle_total ?? 0) / handled) : null,
      missedOffers: 0,
    });
  }
  for (const [k, count] of missed) {
    const group = groups.get(k) ?? noFigures();
    groups.set(k, { ...group, missedOffers: count });
  }
  return groups;
}

/** Offers that rang out unanswered, per group, over the sessions in the window. */
async function missedOffers(db: Kysely<Tables>, q: Scope, split?: FiguresSplit): Promise<Map<string, number>> {
  const rang = q.agentId === undefined ? sql`` : sql` and e.agent_id = ${q.agentId}`;
  const { rows } = await sql<{ k: string; missed: number | string }>`
    select k, count(*) as missed from (
      select ${missKey(split)} as k from session_events e join sessions s on s.id = e.session_id
      where e.kind = 'offer_timeout' and ${inWindow(q)}${rang}
    ) m where k is not null group by k`.execute(db);
  return new Map(rows.map((row) => [row.k, Number(row.missed)]));
}

/** Time to answer per hour of [from, to) (at most 48 hours) and as a distribution, in SQL. */
export async function timeToAnswerCharts(
  db: Kysely<Tables>,
  from: number,
  to: number,
  serviceLevel: { targetMs: number; goal: number },
): Promise<TimeToAnswerReply> {
  const firstHour = from - (from % HOUR);
  const hours = Math.max(1, Math.min(48, Math.ceil((to - firstHour) / HOUR)));
  const hourOf = sql<string>`cast((s.requested_at - ${firstHour}) / ${HOUR} as text)`;
  const source = facts(hourOf, { from, to });
  const bucketOf = sql.join(
    WAIT_BUCKETS_MS.map((edge, i) => sql`when answer <= ${sql.lit(edge)} then ${sql.lit(i)}`),
    sql` `,
  );
  const [perHour, ranks, spread] = await Promise.all([
    sql<{ k: string; answered: number | string; abandoned: number | string | null; within: number | string | null }>`
      select k, count(answer) as answered, sum(abandoned) as abandoned,
        sum(case when answer <= ${serviceLevel.targetMs} then 1 else 0 end) as within
      from ${source} f group by k`.execute(db),
    ranked(db, source, 'answer'),
    sql<{ bucket: number | string; n: number | string }>`
      select bucket, count(*) as n from (
        select case ${bucketOf} else ${sql.lit(WAIT_BUCKETS_MS.length)} end as bucket
        from ${source} f where answer is not null
      ) b group by bucket`.execute(db),
  ]);
  const hourly = new Map(perHour.rows.map((row) => [Number(row.k), row]));
  const counts = new Map(spread.rows.map((row) => [Number(row.bucket), Number(row.n)]));
  return {
    window: { from, to },
    serviceLevel,
    byHour: Array.from({ length: hours }, (_, i) => {
      const row = hourly.get(i);
      const answered = Number(row?.answered ?? 0);
      const closed = answered + Number(row?.abandoned ?? 0);
      const hour = ranks.get(String(i));
      const [p50, p90] = [nearestRank(hour, answered, 50), nearestRank(hour, answered, 90)];
      const level = closed ? Number(row?.within ?? 0) / closed : null;
      return { hourStart: firstHour + i * HOUR, answered, p50, p90, serviceLevel: level };
    }),
    distribution: [...WAIT_BUCKETS_MS, null].map((upToMs, i) => ({ upToMs, count: counts.get(i) ?? 0 })),
  };
}
