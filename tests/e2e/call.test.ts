import type { StatsReply } from '@lifeline/shared';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { newContext, videoBrightness, waitFor } from '../support/browser.js';
import {
  agentGoesAvailable,
  CONSOLE_SCREEN_VIDEO,
  expectPageMirrored,
  USER_AGENT_VIDEO,
  userAsksForHelp,
  userSharesScreen,
} from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectAudible, expectBytesGrow, expectFramesAdvance, expectSilent, sendingTracks } from '../support/media.js';
import { DEMO_AGENT } from '../support/server.js';

const env = useServerAndBrowser();

/** An agent is available, a user asks for help, and the agent accepts. */
async function callAccepted(): Promise<{ agent: Page; user: Page }> {
  const agent = await env.page();
  const user = await env.page();
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  return { agent, user };
}

test('a user presses help and talks to a live agent, media flowing both ways', async () => {
  const { agent, user } = await callAccepted();

  // The agent sees the user's page, then (asked and accepted) their screen; the user sees the agent's camera.
  await expectPageMirrored(agent);
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  // Voice both ways, and video bytes too.
  await expectBytesGrow(agent, 'audio');
  await expectBytesGrow(user, 'audio');
  await expectBytesGrow(agent, 'video');
  await expectBytesGrow(user, 'video');

  // A live call has "End call" on both sides; the user hangs up and both see the end.
  await agent.getByRole('button', { name: 'End call' }).waitFor();
  await user.getByRole('button', { name: 'End call' }).click();
  await user.getByText('The call has ended').waitFor();
  await agent.getByText('The user ended the call').waitFor();
  await agent.getByText('You are available').waitFor();

  // The figures, as a signed-in agent reads them.
  const signIn = await fetch(`${env.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_AGENT),
  });
  const { token } = (await signIn.json()) as { token: string };
  const stats = (await (
    await fetch(`${env.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as StatsReply;
  expect(stats.answered).toBe(1);
  expect(stats.abandoned).toBe(0);
  expect(stats.waiting).toBe(0);
  expect(stats.timeToAnswerMs.p50).toBeGreaterThan(0);
  expect(stats.timeToMediaMs.p50).toBeGreaterThanOrEqual(stats.timeToAnswerMs.p50 ?? 0);
  // The agent's console shows the same figure.
  await agent.getByRole('region', { name: 'Floor figures' }).getByText('Answered today').waitFor();
  await waitFor(
    async () => (await agent.getByRole('region', { name: 'Floor figures' }).textContent())?.includes('Answered today1'),
    'the console figures to count the answered call',
  );
});

test('the agent can end the call, and the user is told', async () => {
  const { agent, user } = await callAccepted();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await agent.getByRole('button', { name: 'End call' }).click();
  await user.getByText('The agent ended the call').waitFor();
  await agent.getByText('You ended the call').waitFor();
});

test('call after call, every one connects media both ways (no stalled negotiation)', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const users = await newContext(env.browser, env.url);
  for (let i = 0; i < 6; i++) {
    const user = await users.newPage();
    await userAsksForHelp(user);
    await agent.getByRole('button', { name: 'Accept' }).click();
    await user.getByText('can see this page').waitFor({ timeout: 15_000 });
    // This call's own media, each way: the user's page at the agent, the agent's camera at the user.
    await expectPageMirrored(agent);
    await expectFramesAdvance(user, USER_AGENT_VIDEO);
    await user.getByRole('button', { name: 'End call' }).click();
    await agent.getByText('You are available').waitFor();
    await user.close();
  }
});

test('the user pauses sharing: the agent is told and sees nothing new, page or screen, until resume', async () => {
  const { agent, user } = await callAccepted();
  await user.getByText('can see this page').waitFor();
  await expectPageMirrored(agent);
  await userSharesScreen(agent, user);
  await waitFor(
    async () => (await videoBrightness(agent, CONSOLE_SCREEN_VIDEO)) > 20,
    'the screen visible to the agent',
  );

  await user.getByRole('button', { name: 'Pause sharing' }).click();
  await agent.getByText('The user paused sharing.').waitFor();
  await waitFor(async () => {
    const b = await videoBrightness(agent, CONSOLE_SCREEN_VIDEO);
    return b >= 0 && b < 5;
  }, 'black frames at the agent');
  // Typed while paused: not in the agent's page view...
  await user.locator('input[name=customer]').fill('Initech while paused');
  await agent.getByRole('button', { name: 'Page' }).click();
  const customer = agent.frameLocator('figure[aria-label="User\'s page"] iframe').locator('input[name=customer]');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await customer.inputValue()).toBe('Globex Corporation');

  // ...until the user resumes: then it shows, and so does the screen.
  await user.getByRole('button', { name: 'Resume sharing' }).click();
  await agent.getByText('The user paused sharing.').waitFor({ state: 'hidden' });
  await waitFor(
    async () => (await customer.inputValue()) === 'Initech while paused',
    'the page view back at the agent',
  );
  await agent.getByRole('button', { name: 'Screen', exact: true }).click();
  await waitFor(async () => (await videoBrightness(agent, CONSOLE_SCREEN_VIDEO)) > 20, 'the screen back at the agent');

  await user.getByRole('button', { name: 'Mute' }).click();
  await agent.getByText('The user muted their microphone.').waitFor();
  await user.getByRole('button', { name: 'End call' }).click();
});

test('mute and camera off stop what the other side receives, on both sides, and come back', async () => {
  const { agent, user } = await callAccepted();
  await user.getByText('can see this page').waitFor();
  await expectAudible(agent);
  await expectAudible(user);

  // The user mutes: their microphone track stops, and the agent hears silence.
  await user.getByRole('button', { name: 'Mute' }).click();
  expect((await sendingTracks(user)).filter((t) => t.kind === 'audio')).toEqual([{ kind: 'audio', enabled: false }]);
  await expectSilent(agent);
  await agent.getByText('The user muted their microphone.').waitFor();
  await user.getByRole('button', { name: 'Unmute' }).click();
  await expectAudible(agent);

  // The agent mutes and turns the camera off: silence and black frames at the user.
  await agent.getByRole('button', { name: 'Mute' }).click();
  await agent.getByRole('button', { name: 'Camera off' }).click();
  expect(await sendingTracks(agent)).toEqual(
    expect.arrayContaining([
      { kind: 'audio', enabled: false },
      { kind: 'video', enabled: false },
    ]),
  );
  await expectSilent(user);
  await waitFor(async () => {
    const b = await videoBrightness(user, USER_AGENT_VIDEO);
    return b >= 0 && b < 5;
  }, 'black frames from the agent camera');

  await agent.getByRole('button', { name: 'Camera on' }).click();
  await agent.getByRole('button', { name: 'Unmute' }).click();
  await waitFor(async () => (await videoBrightness(user, USER_AGENT_VIDEO)) > 20, 'the agent camera back');
  await expectAudible(user);
  await user.getByRole('button', { name: 'End call' }).click();
});
