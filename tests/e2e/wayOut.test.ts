import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { agentGoesAvailable } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

const env = useServerAndBrowser();

test('leaving while the call is still getting ready leaves nothing behind: nobody answers, no session waits', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const user = await env.page();
  await user.goto('/');
  // The help request is slow to arrive (a busy network): the user changes their mind meanwhile.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await user.route('**/api/help-requests', async (route) => {
    await held;
    await route.continue();
  });
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();
  await user.getByText('Getting ready…').waitFor();
  await user.getByRole('button', { name: 'Not now' }).click();
  await user.getByText('You left the queue.').waitFor();
  release();

  // The request reached the server, and the session it made was ended at once, unanswered.
  const headers = { authorization: `Bearer ${await agentToken()}` };
  const ended = await waitFor(async () => {
    const { sessions } = (await (await fetch(`${env.url}/api/sessions`, { headers })).json()) as {
      sessions: Array<{ id: string; outcome: string }>;
    };
    return sessions.find((s) => s.outcome === 'abandoned');
  }, 'the withdrawn session, ended');
  const { timeline } = (await (await fetch(`${env.url}/api/sessions/${ended.id}`, { headers })).json()) as {
    timeline: Array<{ kind: string; reason?: string }>;
  };
  expect(timeline.at(-1)).toMatchObject({ kind: 'abandoned', reason: 'user_cancelled' });
  // (Queued the moment it arrived, it may have rung for an instant; it was never answered.)
  expect(timeline.map((e) => e.kind)).not.toContain('accepted');
  expect(env.app.hub.engine.state.queue).toHaveLength(0);
  expect(await agent.getByRole('button', { name: 'Accept' }).count()).toBe(0);
  expect(await user.getByText('Getting ready…').count()).toBe(0);
});

async function agentToken(): Promise<string> {
  const response = await fetch(`${env.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'agent@example.com', password: 'lifeline-demo' }),
  });
  return ((await response.json()) as { token: string }).token;
}
