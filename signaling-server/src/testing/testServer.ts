import pino from 'pino';
import { createApp } from '../app.js';
import type { Clock } from '../clock.js';
import { loadConfig } from '../config.js';

export const DEMO = { email: 'agent@example.com', password: 'lifeline-demo' };

/**
 * A real server on a free port, without the built front ends (API and WebSocket only). Pass a
 * `ManualClock` to move its time (timeouts, grace periods, token expiry) without sleeping.
 */
export async function startTestServer(env: Record<string, string> = {}, clock?: Clock) {
  // Tests take call after call: no wrap-up time unless a test sets one.
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: ':memory:',
    DEMO: 'true',
    WRAP_UP_MS: '0',
    ...env,
  });
  const app = await createApp({
    config,
    log: pino({ level: 'silent' }),
    serveStatic: false,
    ...(clock ? { clock } : {}),
  });
  const url = await app.listen();

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply fields
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  /** Any API call, as an agent when `token` is given. */
  const call = async (method: string, path: string, token?: string, body?: unknown) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${url}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply fields
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> };
  };
  const helpRequest = async () =>
    (await post('/api/help-requests', { tenant: 'demo' })).body as { sessionId: string; token: string };
  const agentToken = async () => (await post('/api/agents/login', DEMO)).body.token as string;
  let reader: Promise<string> | undefined;
  /** `/api/stats` (with `query`), read as the signed-in demo agent (an admin). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary reply fields
  const stats = async (query = ''): Promise<Record<string, any>> => {
    reader ??= agentToken();
    const res = await call('GET', `/api/stats${query}`, await reader);
    if (res.status !== 200) throw new Error(`/api/stats${query} answered ${res.status}`);
    return res.body;
  };

  return { app, url, config, post, call, helpRequest, agentToken, stats };
}
