import type { AgentId } from '@lifeline/shared';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});
const connect = async (token: string) => {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
};
async function plainAgent(id: string) {
  server.app.store.addAgent({
    id: id as AgentId,
    email: `${id}@example.com`,
    name: id,
    passwordHash: await hashPassword('password-123'),
    skills: { languages: ['en'], areas: [] },
    team: 'default',
    role: 'agent',
  });
  return (await server.post('/api/agents/login', { email: `${id}@example.com`, password: 'password-123' })).body
    .token as string;
}

/** Sam (a plain agent) is in a call with a user; another user waits; Kim is another plain agent. */
async function scene() {
  const sam = await plainAgent('sam');
  const kim = await plainAgent('kim');
  const samSocket = await connect(sam);
  samSocket.send({ type: 'agent.setStatus', status: 'available' });
  const inCall = await server.helpRequest();
  const userSocket = await connect(inCall.token);
  await samSocket.next('offer.incoming');
  samSocket.send({ type: 'offer.accept', sessionId: inCall.sessionId });
  await userSocket.next('session.live');
  const other = await server.helpRequest();
  return { sam, kim, samSocket, inCall, other, userSocket };
}

test("a user's token reaches its own session only: no reads, notes, monitoring or figures", async () => {
  const { inCall, other } = await scene();
  for (const [method, path, body] of [
    ['GET', `/api/sessions/${inCall.sessionId}`],
    ['GET', `/api/sessions/${other.sessionId}`],
    ['GET', '/api/sessions'],
    ['POST', `/api/sessions/${inCall.sessionId}/notes`, { body: 'hi' }],
    ['POST', `/api/sessions/${inCall.sessionId}/monitor`],
    ['GET', '/api/floor'],
    ['GET', '/api/stats'],
  ] as const) {
    expect([method, path, (await server.call(method, path, inCall.token, body)).status]).toEqual([method, path, 401]);
  }
  // Its own rating only, and only once over.
  const rate = (id: string) =>
    fetch(`${server.url}/api/sessions/${id}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${inCall.token}` },
      body: JSON.stringify({ score: 1 }),
    });
  expect((await rate(other.sessionId)).status).toBe(401);
});

test('an agent cannot act on a call they are not in, nor reach supervisor or admin doors', async () => {
  const { kim, inCall } = await scene();
  const kimSocket = await connect(kim);
  for (const frame of [
    { type: 'session.end', sessionId: inCall.sessionId },
    { type: 'call.transfer', sessionId: inCall.sessionId, to: { agentId: 'kim' }, note: '' },
    { type: 'signal.description', sessionId: inCall.sessionId, description: { type: 'offer', sdp: 'v=0' } },
    { type: 'offer.accept', sessionId: inCall.sessionId },
  ]) {
    const errors = kimSocket.frames.filter((f) => f.type === 'error').length;
    kimSocket.send(frame);
    await kimSocket.next('error', () => kimSocket.frames.filter((f) => f.type === 'error').length > errors);
  }
  expect(kimSocket.frames.filter((f) => f.type === 'error').map((f) => f.code)).toEqual([
    'invalid_state',
    'invalid_state',
    'invalid_state',
    'invalid_state',
  ]);
  expect(server.app.hub.engine.state.calls.get(inCall.sessionId)).toBe('sam');
  expect((await server.call('POST', `/api/sessions/${inCall.sessionId}/notes`, kim, { body: 'x' })).status).toBe(403);
  for (const [method, path] of [
    ['GET', '/api/floor'],
    ['GET', '/api/agents'],
    ['POST', '/api/agents/invites'],
    ['PATCH', '/api/agents/sam'],
    ['POST', `/api/sessions/${inCall.sessionId}/monitor`],
    ['GET', '/api/stats?groupBy=agent'],
    ['DELETE', '/api/users/u-1?tenant=demo'],
  ] as const) {
    const body = method === 'GET' || method === 'DELETE' ? undefined : {};
    expect([method, path, (await server.call(method, path, kim, body)).status]).toEqual([method, path, 403]);
  }
});
