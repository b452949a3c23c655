import type { FloorReply, LoginReply, MonitorReply, StatsReply, TeamReply } from '@lifeline/shared';

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

export async function fetchFloor(token: string): Promise<FloorReply> {
  return readJson<FloorReply>(await fetch('/api/floor', { headers: { authorization: `Bearer ${token}` } }));
}

export async function fetchTeam(token: string): Promise<TeamReply> {
  return readJson<TeamReply>(await fetch('/api/team', { headers: { authorization: `Bearer ${token}` } }));
}

export async function requestMonitor(token: string, sessionId: string): Promise<MonitorReply> {
  const response = await fetch(`/api/sessions/${encodeURIComponent(sessionId)}/monitor`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  return readJson<MonitorReply>(response);
}

export async function login(email: string, password: string): Promise<LoginReply> {
  const response = await fetch('/api/agents/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return readJson<LoginReply>(response);
}

export async function fetchStats(): Promise<StatsReply> {
  const response = await fetch('/api/stats?window=today');
  if (!response.ok) throw new ApiError('internal', `stats: HTTP ${response.status}`);
  return (await response.json()) as StatsReply;
}
