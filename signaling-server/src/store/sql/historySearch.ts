import type { AgentId } from '@lifeline/shared';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { HistorySearch } from '../types.js';
import type { Dialect, Tables } from './database.js';

type SessionsBuilder = ExpressionBuilder<Tables & { s: Tables['sessions'] }, 's'>;

/** What History's search and filters ask of `sessions as s`: every condition must hold. */
export function historyConditions(eb: SessionsBuilder, search: HistorySearch, dialect: Dialect): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (search.handledBy) conditions.push(handledBy(eb, search.handledBy));
  if (search.agentId) conditions.push(handledBy(eb, search.agentId));
  if (search.text) conditions.push(mentions(eb, search.text, dialect));
  if (search.from !== undefined) conditions.push(eb('s.requested_at', '>=', search.from));
  if (search.to !== undefined) conditions.push(eb('s.requested_at', '<', search.to));
  const { disposition, rating } = search;
  if (disposition)
    conditions.push(
      eb.exists(
        eb
          .selectFrom('dispositions as d')
          .select('d.at')
          .whereRef('d.session_id', '=', 's.id')
          .where('d.code', '=', disposition),
      ),
    );
  if (rating)
    conditions.push(
      eb.exists(
        eb
          .selectFrom('ratings as r')
          .select('r.at')
          .whereRef('r.session_id', '=', 's.id')
          .where('r.score', '=', rating),
      ),
    );
  return eb.and(conditions);
}

/** Sessions the agent answered or took over. */
function handledBy(eb: SessionsBuilder, agentId: AgentId): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom('session_events as e')
      .select('e.seq')
      .whereRef('e.session_id', '=', 's.id')
      .where('e.agent_id', '=', agentId)
      .where('e.kind', 'in', ['accepted', 'transferred']),
  );
}

/** The free-text search of History, in the columns a support agent would search. */
function mentions(eb: SessionsBuilder, text: string, dialect: Dialect): Expression<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const like = (column: Expression<unknown>) => sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
  const contextField = (key: string) =>
    dialect === 'sqlite' ? sql`json_extract(s.context, ${`$.${key}`})` : sql`s.context->>${key}`;
  return eb.or([
    like(sql.ref('s.id')),
    ...['name', 'email', 'userId', 'pageUrl'].map((key) => like(contextField(key))),
    eb.exists(
      eb
        .selectFrom('session_notes as n')
        .select('n.seq')
        .whereRef('n.session_id', '=', 's.id')
        .where(like(sql.ref('n.body'))),
    ),
    eb.exists(
      eb
        .selectFrom('ratings as r')
        .select('r.at')
        .whereRef('r.session_id', '=', 's.id')
        .where(like(sql.ref('r.comment'))),
    ),
    eb.exists(
      eb
        .selectFrom('dispositions as d')
        .select('d.at')
        .whereRef('d.session_id', '=', 's.id')
        .where(like(sql.ref('d.code'))),
    ),
    eb.exists(
      eb
        .selectFrom('session_events as e')
        .innerJoin('agents as a', 'a.id', 'e.agent_id')
        .select('e.seq')
        .whereRef('e.session_id', '=', 's.id')
        .where('e.kind', 'in', ['accepted', 'transferred'])
        .where(like(sql.ref('a.name'))),
    ),
  ]);
}
