import type { FloorReply } from '@lifeline/shared';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { signIdentity } from '../testing/identityToken.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
const SECRET = 'demo-identity-secret-0123456789-abcdef';
beforeEach(async () => {
  server = await startTestServer({ TENANTS: JSON.stringify({ demo: { identitySecret: SECRET } }) });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const join = async (token: string) => {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
};
const floor = async (token: string) => {
  const res = await fetch(`${server.url}/api/floor`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as FloorReply & { error?: { code: string } } };
};

test('a supervisor sees who waits (in order, with their wait and language), who is in a call, and every agent', async () => {
  const token = await server.agentToken(); // the demo agent is an admin
  const first = await server.post('/api/help-requests', {
    tenant: 'demo',
    context: { language: 'pt-BR' },
    identity: await signIdentity(SECRET, { sub: 'u-ana', name: 'Ana' }),
  });
  await join(first.body.token);
  const second = await server.post('/api/help-requests', {
    tenant: 'demo',
    identity: await signIdentity(SECRET, { sub: 'u-bo', name: 'Bo' }),
  });
  await join(second.body.token);
  await expect.poll(() => server.app.hub.engine.state.queue.length).toBe(2);

  const waiting = await floor(token);
  expect(waiting.status).toBe(200);
  expect(waiting.body.media).toBe('p2p');
  expect(waiting.body.waiting.map((w) => [w.position, w.name, w.language])).toEqual([
    [1, 'Ana', 'pt-BR'],
    [2, 'Bo', undefined],
  ]);
  expect(waiting.body.waiting[0]?.waitedMs).toBeGreaterThanOrEqual(0);
  expect(waiting.body.agents).toEqual([
    { id: 'demo-agent', name: 'Alex (demo agent)', team: 'default', presence: 'offline' },
  ]);

  const agent = await join(token);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const offer = await agent.next('offer.incoming');
  agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
  await agent.next('session.live');
  const busy = await floor(token);
  expect(busy.body.calls).toEqual([
    expect.objectContaining({ sessionId: first.body.sessionId, agentName: 'Alex (demo agent)', userName: 'Ana' }),
  ]);
  expect(busy.body.calls[0]?.startedAt).toEqual(expect.any(Number));
  expect(busy.body.waiting.map((w) => w.name)).toEqual(['Bo']);
  expect(busy.body.agents[0]?.presence).toBe('busy');
});

test('the floor needs a supervisor: no token is 401', async () => {
  expect((await floor('nope')).status).toBe(401);
});
