import { z } from 'zod';
import { EndReason, UserContext } from './common.js';

/** How an agent closes a session at wrap-up; stable codes, labelled by the console. */
export const Disposition = z.enum(['resolved', 'follow_up', 'escalated', 'not_resolved', 'no_user']);
export type Disposition = z.infer<typeof Disposition>;

export const NoteBody = z.object({ body: z.string().trim().min(1).max(4_000) });
export type NoteBody = z.infer<typeof NoteBody>;

/** The wrap-up after a call: a disposition code and, optionally, a last note. */
export const WrapUpBody = z.object({
  disposition: Disposition,
  note: z.string().trim().max(4_000).optional(),
});
export type WrapUpBody = z.infer<typeof WrapUpBody>;

export const HistoryQuery = z.object({
  /** Matches the user's name, e-mail or id, the page, the agent, notes and the rating comment. */
  q: z.string().trim().max(200).optional(),
  /** Requested at or after (ms since the epoch). */
  from: z.coerce.number().int().min(0).optional(),
  /** Requested before (ms since the epoch). */
  to: z.coerce.number().int().min(0).optional(),
  /** Answered or taken over by this agent. */
  agent: z.string().max(64).optional(),
  disposition: Disposition.optional(),
  /** The user's rating, 1 to 5. */
  rating: z.coerce.number().int().min(1).max(5).optional(),
  /** `csv`: every matching session (up to 10,000, newest first) as a spreadsheet; `limit` is ignored. */
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;

export const SessionNoteView = z.object({ agentName: z.string(), body: z.string(), at: z.number() });
export type SessionNoteView = z.infer<typeof SessionNoteView>;

/** One line of the history: who, who answered, how long it took, how it went. */
export const SessionSummary = z.object({
  id: z.string(),
  requestedAt: z.number(),
  user: z.object({
    name: z.string().optional(),
    email: z.string().optional(),
    userId: z.string().optional(),
    plan: z.string().optional(),
  }),
  agentName: z.string().optional(),
  outcome: z.enum(['waiting', 'live', 'answered', 'abandoned']),
  endReason: z.optional(EndReason),
  timeToAnswerMs: z.number().nullable(),
  durationMs: z.number().nullable(),
  rating: z.object({ score: z.number(), comment: z.string().optional() }).optional(),
  disposition: Disposition.optional(),
  notes: z.array(SessionNoteView),
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const HistoryReply = z.object({ sessions: z.array(SessionSummary), total: z.number() });
export type HistoryReply = z.infer<typeof HistoryReply>;

/** One session in full: its context and every event, in order. */
export const SessionDetail = SessionSummary.extend({
  context: UserContext,
  timeline: z.array(
    z.object({
      kind: z.string(),
      at: z.number(),
      agentName: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
});
export type SessionDetail = z.infer<typeof SessionDetail>;
