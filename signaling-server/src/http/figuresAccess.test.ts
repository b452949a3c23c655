import type { AgentId } from '@lifeline/shared';
import { afterEach, expect, test } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { startTestServer } from '../testing/testServer.js';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await server?.app.close();
});

async function signedIn(role: 'agent' | 'supervisor') {
  const s = server as NonNullable<typeof server>;
  s.app.store.addAgent({
    id: `${role}-1` as AgentId,
    email: `${role}@example.com`,
    name: role,
    passwordHash: await hashPassword('password-123'),
    skills: { languages: ['en'], areas: [] },
    team: 'north',
    role,
  });
  return (await s.post('/api/agents/login', { email: `${role}@example.com`, password: 'password-123' })).body
    .token as string;
}

test('figures need a sign-in; splits per agent or team need a supervisor; unknown tenants are refused', async () => {
  server = await startTestServer({
    DEMO: 'false',
    AUTH_SECRET: 'x'.repeat(32),
    TENANTS: JSON.stringify({ acme: {} }),
  });
  for (const path of ['/api/stats', '/api/stats/time-to-answer']) {
    expect(await server.call('GET', path)).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  }
  const agent = await signedIn('agent');
  const supervisor = await signedIn('supervisor');
  expect((await server.call('GET', '/api/stats', agent)).status).toBe(200);
  expect((await server.call('GET', '/api/stats?agent=agent-1', agent)).status).toBe(200);
  expect((await server.call('GET', '/api/stats/time-to-answer', agent)).status).toBe(200);
  for (const query of ['?groupBy=agent', '?groupBy=team', '?agent=supervisor-1']) {
    expect(await server.call('GET', `/api/stats${query}`, agent)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect((await server.call('GET', `/api/stats${query}`, supervisor)).status).toBe(200);
  }
  expect((await server.call('GET', '/api/stats?groupBy=tenant&tenant=acme', supervisor)).status).toBe(200);
  expect(await server.call('GET', '/api/stats?tenant=invented', supervisor)).toMatchObject({
    status: 404,
    body: { error: { code: 'not_found' } },
  });
});

test('/metrics is served only to the scraper holding METRICS_TOKEN', async () => {
  server = await startTestServer();
  expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  await server.app.close();
  server = await startTestServer({ METRICS_TOKEN: 'scrape-me-0123456789' });
  const scrape = (authorization?: string) =>
    fetch(`${server?.url}/metrics`, authorization ? { headers: { authorization } } : {});
  expect((await scrape()).status).toBe(401);
  expect((await scrape('Bearer scrape-me-012345678X')).status).toBe(401);
  const ok = await scrape('Bearer scrape-me-0123456789');
  expect(ok.status).toBe(200);
  const text = await ok.text();
  expect(text).toContain('lifeline_waiting_users 0');
  expect(text).toContain('process_resident_memory_bytes');
});
