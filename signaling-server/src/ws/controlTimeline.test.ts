import type { SessionDetail } from '@lifeline/shared';
import { afterEach, expect, test, vi } from 'vitest';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.app.close();
});

test("the page's report of the agent's control joins the session's timeline, labels and all, never outside a call", async () => {
  server = await startTestServer();
  const agentToken = await server.agentToken();
  const agent = await TestClient.connect(server.url, agentToken);
  clients.push(agent);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const req = await server.helpRequest();
  const user = await TestClient.connect(server.url, req.token);
  clients.push(user);

  // Before any call there is no control to report.
  user.send({ type: 'control.event', action: 'granted' });
  expect((await user.next('error')).code).toBe('invalid_state');

  await agent.next('offer.incoming');
  agent.send({ type: 'offer.accept', sessionId: req.sessionId });
  await user.next('session.live');
  user.send({ type: 'control.event', action: 'granted' });
  user.send({ type: 'control.event', action: 'input', target: 'field “Name”' });
  user.send({ type: 'control.event', action: 'dance' });
  expect((await user.next('error', (f) => f.code === 'bad_message')).code).toBe('bad_message');
  user.send({ type: 'control.event', action: 'ended_by_user' });
  await user.barrier();

  const timeline = async () => {
    const response = await fetch(`${server?.url}/api/sessions/${req.sessionId}`, {
      headers: { authorization: `Bearer ${agentToken}` },
    });
    return ((await response.json()) as SessionDetail).timeline.filter((e) => e.kind === 'control');
  };
  await vi.waitFor(async () => expect(await timeline()).toHaveLength(3));
  expect((await timeline()).map((e) => [e.reason, e.agentName])).toEqual([
    ['granted', 'Alex (demo agent)'],
    ['input: field “Name”', 'Alex (demo agent)'],
    ['ended_by_user', 'Alex (demo agent)'],
  ]);
});
