import type { ChildProcess } from 'node:child_process';
import type { AgentId } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import { openStore } from '@lifeline/signaling-server/store/openStore';
import { freePort, startServerProcess } from './process.js';

export const AGENT_PASSWORD = 'load-password';

/**
 * The compiled server as its own process, for benchmarks and the soak: `agents` accounts are
 * written into its database first (e-mails `agent-<i>@example.com`, the first a supervisor), and limits are off since
 * every client comes from loopback.
 */
export async function startLoadServer(
  databasePath: string,
  agents: number,
  env: Record<string, string> = {},
): Promise<{ server: ChildProcess; url: string; emails: string[] }> {
  const store = await openStore({ databasePath });
  const passwordHash = await hashPassword(AGENT_PASSWORD);
  const emails: string[] = [];
  for (let i = 0; i < agents; i++) {
    const email = `agent-${i}@example.com`;
    await store.addAgent({
      id: `load-${i}` as AgentId,
      email,
      name: `Agent ${i}`,
      passwordHash,
      skills: { languages: ['en'], areas: [] },
      team: `team-${i % 10}`,
      // One supervisor (the first) watches the floor, as on a real team: the floor, pushed to
      // every supervisor, lists the whole queue, and 200 of them held gigabytes of it at 10,000.
      role: i === 0 ? 'supervisor' : 'agent',
    });
    emails.push(email);
  }
  await store.close();
  const port = String(await freePort());
  const server = await startServerProcess({
    PORT: port,
    DATABASE_PATH: databasePath,
    LOG_LEVEL: 'error',
    RATE_LIMITS: 'off',
    ACCESS_LOG: 'false',
    ...env,
  });
  return { server, url: `http://127.0.0.1:${port}`, emails };
}

/** A JSON POST to the load server: a sign-in or a help request, both of which carry a token. */
export async function postJson(
  url: string,
  path: string,
  body: unknown,
): Promise<{ token: string; sessionId?: string }> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as { token: string; sessionId?: string };
}
