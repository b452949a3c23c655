import { afterEach, beforeEach, expect, test } from 'vitest';
import { identitySignature } from '../tenants.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

const SECRET = 'acme-identity-secret-0123456789';
const TENANTS = JSON.stringify({ acme: { identitySecret: SECRET, planTiers: { premium: 1 } } });
let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];

beforeEach(async () => {
  server = await startTestServer({ TENANTS, TIER_BOOST_MS: '60000' });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const identity = (userId: string, plan?: string, expires = Math.floor(Date.now() / 1000) + 300) => ({
  userId,
  expires,
  ...(plan ? { plan } : {}),
  signature: identitySignature(SECRET, userId, expires),
});
const ask = (body: Record<string, unknown>) => server.post('/api/help-requests', { tenant: 'acme', ...body });
const join = async (token: string) => {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
};

test('a signed identity reaches the agent; a wrong, expired or unsigned one is refused', async () => {
  expect((await ask({ identity: identity('u-1', 'premium') })).status).toBe(201);
  const forged = { ...identity('u-1'), userId: 'u-2' };
  expect(await ask({ identity: forged })).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  const expired = identity('u-1', undefined, Math.floor(Date.now() / 1000) - 1);
  expect((await ask({ identity: expired })).body.error.message).toContain('expired');
  expect((await server.post('/api/help-requests', { tenant: 'other', identity: identity('u-1') })).status).toBe(401);
  // A user id claimed in the page context, without a signature, is dropped.
  const unsigned = await ask({ context: { userId: 'ceo' } });
  const agent = await join(await server.agentToken());
  agent.send({ type: 'agent.setStatus', status: 'available' });
  await join(unsigned.body.token);
  const offer = await agent.next('offer.incoming');
  expect(offer.user).not.toHaveProperty('userId');
});

test("a premium plan is served first, within the tenant's tiers", async () => {
  const standard = await ask({});
  const premium = await ask({ identity: identity('vip', 'premium') });
  await join(standard.body.token);
  const vip = await join(premium.body.token);
  expect((await vip.next('session.queued', (f) => f.position === 1)).position).toBe(1);
  const agent = await join(await server.agentToken());
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const offer = await agent.next('offer.incoming');
  expect(offer.sessionId).toBe(premium.body.sessionId);
  expect(offer.user).toMatchObject({ userId: 'vip', plan: 'premium' });
});

test('a returning user is offered to the agent who helped them last', async () => {
  const agent = await join(await server.agentToken());
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const first = await ask({ identity: identity('returning') });
  const user = await join(first.body.token);
  await agent.next('offer.incoming');
  agent.send({ type: 'offer.accept', sessionId: first.body.sessionId });
  await user.next('session.live');
  user.send({ type: 'session.end' });
  await agent.next('session.ended');

  const again = await ask({ identity: identity('returning') });
  const session = server.app.store.getSession(again.body.sessionId);
  expect(session?.traits.lastAgentId).toBe('demo-agent');
});
