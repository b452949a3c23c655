import type { LoginReply, StatsReply } from '@lifeline/shared';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function login(email: string, password: string): Promise<LoginReply> {
  const response = await fetch('/api/agents/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await response.json().catch(() => null)) as
    | LoginReply
    | { error: { code: string; message: string } }
    | null;
  if (!response.ok || !body || 'error' in body) {
    const error = body && 'error' in body ? body.error : { code: 'internal', message: 'sign-in failed' };
    throw new ApiError(error.code, error.message);
  }
  return body;
}

export async function fetchStats(): Promise<StatsReply> {
  const response = await fetch('/api/stats?window=today');
  if (!response.ok) throw new ApiError('internal', `stats: HTTP ${response.status}`);
  return (await response.json()) as StatsReply;
}
