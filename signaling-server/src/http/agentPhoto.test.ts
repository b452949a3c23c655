import type { AgentProfile, AgentsReply } from '@lifeline/shared';
import { afterEach, expect, test } from 'vitest';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const PHOTO = 'https://cdn.example/agents/alex.jpg';

test("an admin sets an agent's photo; the user's panel gets it the moment the agent answers", async () => {
  server = await startTestServer();
  const token = await server.agentToken();
  const { agents } = (await server.call('GET', '/api/agents', token)).body as AgentsReply;
  const alex = agents[0] as AgentProfile;
  expect(alex.avatarUrl).toBeNull();

  // Only a web address: no script, no file path.
  for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'not a url'])
    expect((await server.call('PATCH', `/api/agents/${alex.id}`, token, { avatarUrl: bad })).body.error.code).toBe(
      'bad_request',
    );
  const changed = await server.call('PATCH', `/api/agents/${alex.id}`, token, { avatarUrl: PHOTO });
  expect((changed.body as AgentProfile).avatarUrl).toBe(PHOTO);
  expect((await server.app.store.agent(alex.id as never))?.avatarUrl).toBe(PHOTO);

  const agent = await TestClient.connect(server.url, await server.agentToken());
  clients.push(agent);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const { sessionId, token: userToken } = await server.helpRequest();
  const user = await TestClient.connect(server.url, userToken);
  clients.push(user);
  await agent.next('offer.incoming', (f) => f.sessionId === sessionId);
  agent.send({ type: 'offer.accept', sessionId });
  const live = await user.next('session.live');
  expect(live.agent).toEqual({ name: 'Alex (demo agent)', avatarUrl: PHOTO });

  // Removed, the next user sees the name alone.
  await server.call('PATCH', `/api/agents/${alex.id}`, token, { avatarUrl: null });
  agent.send({ type: 'session.end', sessionId });
  const next = await server.helpRequest();
  const second = await TestClient.connect(server.url, next.token);
  clients.push(second);
  await agent.next('offer.incoming', (f) => f.sessionId === next.sessionId);
  agent.send({ type: 'offer.accept', sessionId: next.sessionId });
  expect((await second.next('session.live')).agent).toEqual({ name: 'Alex (demo agent)' });
});
