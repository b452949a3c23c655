import { type Kysely, sql } from 'kysely';
import { Tally } from '../../analytics/figures.js';
import type { FiguresQuery, ServiceFigures } from '../../analytics/figureTypes.js';
import type { Tables } from './database.js';
import { FACT_COLUMNS, inWindow } from './figuresQueries.js';

/** Sessions read per slice: a millisecond or two of SQLite's time. */
export const SESSIONS_PER_SLICE = 150;

/** A window, of one tenant or tier if asked; not one agent's (whose missed offers span every session). */
type Scope = Omit<FiguresQuery, 'agentIds' | 'agentId'>;

interface FactRow {
  id: string;
  requested_at: number | string;
  answer: number | string | null;
  media: number | string | null;
  handle: number | string | null;
  abandoned: number | string;
  missed: number | string;
}

const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

/**
 * The figures of `figuresByGroup` (unsplit), read a slice of sessions at a time in request order
 * with the event loop free between slices. SQLite runs on the event loop: the aggregates over a
 * day of 20,000 sessions held it for ~70 ms, once a second for the consoles' push, and every
 * offer and accept due meanwhile waited. In slices no turn holds it for more than a ms or two.
 * Rows that change between slices are counted as each slice found them, as by a query a moment
 * later; each session is counted once (the slices follow the request time, then the id).
 */
export async function figuresInSlices(
  db: Kysely<Tables>,
  q: Scope,
  perSlice = SESSIONS_PER_SLICE,
): Promise<ServiceFigures> {
  const tally = new Tally(q.serviceLevelTargetMs);
  let after: { at: number; id: string } | undefined;
  for (;;) {
    const rows = await slice(db, q, after, perSlice);
    for (const row of rows) {
      tally.add({
        answer: numberOrNull(row.answer),
        media: numberOrNull(row.media),
        handle: numberOrNull(row.handle),
        abandoned: Number(row.abandoned) === 1,
      });
      tally.missedOffers += Number(row.missed);
    }
    const last = rows.at(-1);
    if (!last || rows.length < perSlice) return tally.figures();
    after = { at: Number(last.requested_at), id: last.id };
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The next `limit` sessions in scope after `after`, in (request time, id) order, with their facts. */
async function slice(
  db: Kysely<Tables>,
  q: Scope,
  after: { at: number; id: string } | undefined,
  limit: number,
): Promise<FactRow[]> {
  const next = after ? sql` and (s.requested_at, s.id) > (${after.at}, ${after.id})` : sql``;
  const { rows } = await sql<FactRow>`
    select s.id, s.requested_at, ${FACT_COLUMNS},
      (select count(*) from session_events e where e.kind = 'offer_timeout' and e.session_id = s.id) as missed
    from sessions s where ${inWindow(q)}${next}
    order by s.requested_at, s.id limit ${limit}`.execute(db);
  return rows;
}
