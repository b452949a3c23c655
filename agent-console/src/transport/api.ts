import type {
  AgentChangesBody,
  AgentProfile,
  AgentsReply,
  FloorReply,
  HistoryReply,
  InviteBody,
  InviteReply,
  LoginReply,
  MonitorReply,
  SessionDetail,
  SessionSummary,
  StatsReply,
  TeamReply,
  TimeToAnswerReply,
  WrapUpBody,
} from '@lifeline/shared';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Throws an ApiError with the server's stable code for any refusal. */
async function readJson<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as T | { error: { code: string; message: string } } | null;
  if (!response.ok || !body || (typeof body === 'object' && 'error' in body)) {
    const error =
      body && typeof body === 'object' && 'error' in body
        ? body.error
        : { code: 'internal', message: `HTTP ${response.status}` };
    throw new ApiError(error.code, error.message);
  }
  return body;
}

/** One API call; signed in when `token` is given. */
async function request<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init: RequestInit = { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
  return readJson<T>(await fetch(`/api${path}`, init));
}

const id = (value: string) => encodeURIComponent(value);

export const login = (email: string, password: string) =>
  request<LoginReply>('POST', '/agents/login', undefined, { email, password });
export const refreshSignIn = (token: string) => request<LoginReply>('POST', '/agents/refresh', token);
export const signOutEverywhere = (token: string) => request<void>('POST', '/agents/logout', token);
export const acceptInvite = (token: string, password: string) =>
  request<LoginReply>('POST', '/agents/invites/accept', undefined, { token, password });

export const fetchFloor = (token: string) => request<FloorReply>('GET', '/floor', token);
export const fetchTeam = (token: string) => request<TeamReply>('GET', '/team', token);
export const requestMonitor = (token: string, sessionId: string) =>
  request<MonitorReply>('POST', `/sessions/${id(sessionId)}/monitor`, token);
export const fetchStats = (token: string) => request<StatsReply>('GET', '/stats?window=today', token);
export const fetchTimeToAnswer = (token: string) =>
  request<TimeToAnswerReply>('GET', '/stats/time-to-answer?window=today', token);

export const fetchHistory = (token: string, query: string) =>
  request<HistoryReply>('GET', `/sessions?limit=100${query ? `&q=${encodeURIComponent(query)}` : ''}`, token);
export const fetchSession = (token: string, sessionId: string) =>
  request<SessionDetail>('GET', `/sessions/${id(sessionId)}`, token);
export const fetchPrevious = (token: string, sessionId: string) =>
  request<HistoryReply>('GET', `/sessions/${id(sessionId)}/previous`, token);
export const postNote = (token: string, sessionId: string, body: string) =>
  request<SessionSummary>('POST', `/sessions/${id(sessionId)}/notes`, token, { body });
export const postWrapUp = (token: string, sessionId: string, wrapUp: WrapUpBody) =>
  request<SessionSummary>('POST', `/sessions/${id(sessionId)}/wrap-up`, token, wrapUp);

export const fetchAgents = (token: string) => request<AgentsReply>('GET', '/agents', token);
export const inviteAgent = (token: string, invite: InviteBody) =>
  request<InviteReply>('POST', '/agents/invites', token, invite);
export const changeAgent = (token: string, agentId: string, changes: AgentChangesBody) =>
  request<AgentProfile>('PATCH', `/agents/${id(agentId)}`, token, changes);
