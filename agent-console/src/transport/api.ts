import {
  AgentCallbacksReply,
  AgentCallbackView,
  type AgentChangesBody,
  AgentProfile,
  AgentsReply,
  ErrorCode,
  FloorReply,
  HistoryReply,
  type InviteBody,
  InviteReply,
  LifelineError,
  LoginReply,
  MonitorReply,
  SessionDetail,
  SessionSummary,
  StatsReply,
  TeamReply,
  TimeToAnswerReply,
  type WrapUpBody,
} from '@lifeline/shared';
import { z } from 'zod';

/** The shape of every refusal: `{ error: { code, message } }`. */
const Refusal = z.object({ error: z.object({ code: z.enum(ErrorCode), message: z.string() }) });

/**
 * Reads a reply with the shared schema it must match: a refusal becomes the one error class
 * with its stable code, and a reply that does not fit is an error too, never cast.
 */
async function readReply<S extends z.ZodType>(response: Response, schema: S): Promise<z.infer<S>> {
  const body: unknown = response.status === 204 ? undefined : await response.json().catch(() => null);
  if (!response.ok) {
    const refusal = Refusal.safeParse(body);
    if (refusal.success) throw new LifelineError(refusal.data.error.code, refusal.data.error.message);
    throw new LifelineError(ErrorCode.Internal, `HTTP ${response.status}`);
  }
  const reply = schema.safeParse(body);
  if (!reply.success) throw new LifelineError(ErrorCode.Internal, 'the server sent a reply this console cannot read');
  return reply.data;
}

/** One API call; signed in when `token` is given. */
async function request<S extends z.ZodType>(
  schema: S,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<z.infer<S>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  return readReply(await fetch(`/api${path}`, init), schema);
}

const id = (value: string) => encodeURIComponent(value);

export const login = (email: string, password: string) =>
  request(LoginReply, 'POST', '/agents/login', undefined, { email, password });
export const refreshSignIn = (token: string) => request(LoginReply, 'POST', '/agents/refresh', token);
export const signOutEverywhere = (token: string) => request(z.undefined(), 'POST', '/agents/logout', token);
export const acceptInvite = (token: string, password: string) =>
  request(LoginReply, 'POST', '/agents/invites/accept', undefined, { token, password });

export const fetchFloor = (token: string) => request(FloorReply, 'GET', '/floor', token);
export const fetchTeam = (token: string) => request(TeamReply, 'GET', '/team', token);
export const requestMonitor = (token: string, sessionId: string) =>
  request(MonitorReply, 'POST', `/sessions/${id(sessionId)}/monitor`, token);
export const fetchStats = (token: string) => request(StatsReply, 'GET', '/stats?window=today', token);
export const fetchTimeToAnswer = (token: string) =>
  request(TimeToAnswerReply, 'GET', '/stats/time-to-answer?window=today', token);

export const fetchHistory = (token: string, params: URLSearchParams) =>
  request(HistoryReply, 'GET', `/sessions?limit=100&${params}`, token);
/** Every session matching the filters, as a CSV file to save. */
export async function exportHistory(token: string, params: URLSearchParams): Promise<Blob> {
  const response = await fetch(`/api/sessions?format=csv&${params}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) await readReply(response, z.unknown());
  return response.blob();
}
export const fetchSession = (token: string, sessionId: string) =>
  request(SessionDetail, 'GET', `/sessions/${id(sessionId)}`, token);
export const fetchPrevious = (token: string, sessionId: string) =>
  request(HistoryReply, 'GET', `/sessions/${id(sessionId)}/previous`, token);
export const postNote = (token: string, sessionId: string, body: string) =>
  request(SessionSummary, 'POST', `/sessions/${id(sessionId)}/notes`, token, { body });
export const postWrapUp = (token: string, sessionId: string, wrapUp: WrapUpBody) =>
  request(SessionSummary, 'POST', `/sessions/${id(sessionId)}/wrap-up`, token, wrapUp);

export const fetchAgents = (token: string) => request(AgentsReply, 'GET', '/agents', token);
export const inviteAgent = (token: string, invite: InviteBody) =>
  request(InviteReply, 'POST', '/agents/invites', token, invite);
export const changeAgent = (token: string, agentId: string, changes: AgentChangesBody) =>
  request(AgentProfile, 'PATCH', `/agents/${id(agentId)}`, token, changes);

export const fetchMyCallbacks = (token: string) => request(AgentCallbacksReply, 'GET', '/agent/callbacks', token);
export const promiseFollowUp = (token: string, sessionId: string, at: number, note: string) =>
  request(AgentCallbackView, 'POST', '/callbacks/follow-ups', token, { sessionId, at, note });
export const handOverCallback = (token: string, callbackId: string, to: string | null, note: string) =>
  request(AgentCallbackView, 'POST', `/callbacks/${id(callbackId)}/handover`, token, { to, note });
