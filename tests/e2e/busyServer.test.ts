import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { expect, test } from 'vitest';
import { agentSignsIn, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

// The node counts itself behind as soon as one user it answered has not signed their socket in.
const env = useServerAndBrowser({ LOAD_SHEDDING: 'on', SHED_MIN_AWAITED: '1' });

test('a node too busy to take a help request refuses it; the widget asks again by itself and the user is queued and answered', async () => {
  // Someone ahead was answered, and their socket is still on its way (a full accept queue).
  const ahead = await fetch(`${env.url}/api/help-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', context: {} }),
  });
  expect(ahead.status).toBe(201);
  const { token } = (await ahead.json()) as { token: string };

  const user = await env.page();
  const refusals: number[] = [];
  user.on('response', (r) => {
    if (r.url().endsWith('/api/help-requests') && r.status() === 429) refusals.push(Date.now());
  });
  await userAsksForHelp(user);
  await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
  // Refused, the panel says why the wait and that the place is kept: no error, no second press needed.
  await user.getByText('Lots of people are asking for help right now. Your place in line is kept').waitFor();
  expect(await user.getByText("We couldn't reach the help service", { exact: false }).count()).toBe(0);

  // The node catches up (the socket ahead signs in); the widget's next try is taken.
  const aheadSocket = await TestClient.connect(env.url, token);
  await aheadSocket.next('session.queued');
  await user.getByText("You're number 2 in line.").waitFor({ timeout: 15_000 });

  // The agent answers them in the order they asked: the one ahead first, then the user is next.
  const agent = await env.page();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Available' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText("You're next in line.").waitFor({ timeout: 10_000 });
  aheadSocket.close();
});
