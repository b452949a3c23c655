import type { SessionSummary } from '@lifeline/shared';
import { stringify } from 'csv-stringify/sync';

/** The most rows one export holds; narrow the filters for more. */
export const CSV_EXPORT_LIMIT = 10_000;

const seconds = (ms: number | null) => (ms === null ? '' : (ms / 1000).toFixed(1));

/**
 * A spreadsheet opens `=`, `+`, `-` and `@` as a formula: a user's name such as `=HYPERLINK(…)`
 * must stay text (OWASP's CSV injection advice), so such a cell starts with an apostrophe.
 */
const asText = (value: string | undefined) => (value && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? ''));

/** History as the supervisor's spreadsheet: one row per session, in the order shown. */
export function sessionsCsv(sessions: SessionSummary[]): string {
  return stringify(
    sessions.map((s) => [
      s.id,
      new Date(s.requestedAt).toISOString(),
      asText(s.user.name),
      asText(s.user.email),
      asText(s.user.userId),
      asText(s.agentName),
      s.outcome,
      s.endReason ?? '',
      s.disposition ?? '',
      seconds(s.timeToAnswerMs),
      seconds(s.durationMs),
      s.rating?.score ?? '',
      asText(s.rating?.comment),
      asText(s.notes.map((n) => `${n.agentName}: ${n.body}`).join('\n')),
    ]),
    {
      header: true,
      columns: [
        'session',
        'requested_at',
        'user_name',
        'user_email',
        'user_id',
        'agent',
        'outcome',
        'end_reason',
        'disposition',
        'time_to_answer_s',
        'duration_s',
        'rating',
        'rating_comment',
        'notes',
      ],
    },
  );
}
