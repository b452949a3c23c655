import { expect, test } from 'vitest';
import { agentGoesAvailable, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

// The product's default: a minute of wrap-up after each call.
const env = useServerAndBrowser({ WRAP_UP_MS: '60000' });

test('no new call rings while the wrap-up is open; saving it lets the next one ring at once', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const first = await env.page();
  await userAsksForHelp(first);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await first.getByText('can see this page').waitFor();
  await first.getByRole('button', { name: 'End call' }).click();

  // Wrap-up: the header counts it down, and the desk says the same thing.
  const status = agent.getByRole('banner').locator('[aria-live=polite]');
  await agent.getByRole('heading', { name: 'Wrap-up' }).waitFor();
  await expect.poll(() => status.textContent()).toMatch(/^Wrap-up, 0:[0-5]\d left$/);
  await agent.getByText('Wrap-up: no new call rings until you save it').waitFor();

  // Another user asks for help meanwhile: queued, and nothing rings at the agent writing up.
  const second = await env.page();
  await userAsksForHelp(second);
  await second.getByText("You're next in line.").waitFor();
  expect(env.app.hub.engine.state.queue.map((w) => w.sessionId)).toHaveLength(1);
  expect(await agent.getByRole('heading', { name: 'Incoming help request' }).count()).toBe(0);
  expect(await status.textContent()).toMatch(/^Wrap-up/);

  // Saved: the agent is available again and the waiting user rings, header and desk alike.
  await agent.getByLabel('Resolved', { exact: true }).check();
  await agent.getByRole('button', { name: 'Save wrap-up' }).click();
  await agent.getByRole('heading', { name: 'Incoming help request' }).waitFor();
  await expect.poll(() => status.textContent()).toBe('Ringing');
  await agent.getByText('A user is ringing').waitFor();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await second.getByText('can see this page').waitFor();
  await expect.poll(() => status.textContent()).toBe('In a call');
});
