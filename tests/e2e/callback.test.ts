import { test } from 'vitest';
import { videoProgress, waitFor } from '../support/browser.js';
import { agentSignsIn, USER_AGENT_VIDEO, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

const env = useServerAndBrowser();

test('no one online: the user asks to be called back, and the call rings in place when an agent frees up', async () => {
  const user = await env.page();
  await userAsksForHelp(user);
  await user.getByText('No one is available right now').waitFor();
  await user.getByRole('button', { name: 'Call me back here' }).click();
  await user.getByText('The next person free will call you back here').waitFor();

  const agent = await env.page();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Available' }).click();
  // The callback rings as soon as the agent is available.
  await agent.getByRole('heading', { name: 'Callback request' }).waitFor();
  await agent.getByRole('button', { name: 'Accept' }).click();

  await user.getByText('can see this page').waitFor();
  await waitFor(async () => (await videoProgress(user, USER_AGENT_VIDEO)).frames > 5, 'agent video on the user page');
  await user.getByRole('button', { name: 'End call' }).click();
});
