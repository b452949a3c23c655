import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import {
  agentGoesAvailable,
  agentSignsIn,
  expectPageMirrored,
  USER_AGENT_VIDEO,
  userAsksForHelp,
} from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectAudible, expectBytesGrow, expectFramesAdvance, expectSilent } from '../support/media.js';

// A product of many pages: each link loads the widget afresh, and the call must go on there.
const env = useServerAndBrowser();

/** What this tab keeps for its next page (nothing once the call is over). */
const savedCalls = (page: Page) =>
  page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('lifeline:')).length);

/** An agent answers a user on the demo's first page, the agent's video playing there. */
async function callInProgress(): Promise<{ agent: Page; user: Page }> {
  const agent = await env.page();
  const user = await env.page();
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  return { agent, user };
}

test("in a call, the user follows a link to another page of the product: the call goes on there, the agent's view moves with them, and nothing is lost", async () => {
  const { agent, user } = await callInProgress();
  await expectPageMirrored(agent);
  // The agent notes something and mutes their microphone before the user moves on.
  const context = agent.getByRole('complementary', { name: 'User context' });
  await context.getByRole('textbox').fill('Wants to change the payment terms');
  await context.getByRole('button', { name: 'Add note' }).click();
  await context.getByRole('listitem').filter({ hasText: 'Wants to change the payment terms' }).waitFor();
  await agent.getByRole('button', { name: 'Mute' }).click();

  // A real navigation: a new document, a new widget, no button pressed.
  await user.getByRole('link', { name: 'Settings' }).click();
  await user.getByRole('heading', { name: 'Account settings' }).waitFor();

  // The agent's video plays on the new page, and the agent sees the new page and hears the user.
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await user.getByText('can see this page').waitFor();
  await expectPageMirrored(agent, 'Account settings');
  await expectBytesGrow(agent, 'audio');
  // The console's call is the same call: its note is there, and the agent is still muted.
  await context.getByRole('listitem').filter({ hasText: 'Wants to change the payment terms' }).waitFor();
  await agent.getByRole('button', { name: 'Unmute' }).waitFor();

  // One session throughout, and it ends as any call does.
  await user.getByRole('button', { name: 'End call' }).click();
  await user.getByText('The call has ended').waitFor();
  await agent.getByText('The user ended the call').waitFor();
  const stored = await env.app.store.sessionsRequested(0, Date.now() + 1);
  const ours = stored.filter((s) => s.events.some((e) => e.kind === 'accepted'));
  expect(ours).toHaveLength(1);
  const kinds = ours[0]?.events.map((e) => e.reason ?? e.kind);
  expect(kinds?.filter((k) => k === 'accepted')).toHaveLength(1);
  expect(kinds?.at(-1)).toBe('user_ended');

  // Over, the call is not picked up again on the next page.
  expect(await savedCalls(user)).toBe(0);
  await user.getByRole('link', { name: 'Invoices' }).click();
  await user.getByRole('heading', { name: 'Create an invoice' }).waitFor();
  await user.getByRole('button', { name: /help/i }).waitFor();
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await user.getByRole('button', { name: 'End call' }).count()).toBe(0);
});

test('what the user paused stays paused on the next page: the agent sees nothing of it and hears nothing until the user resumes', async () => {
  const { agent, user } = await callInProgress();
  await expectPageMirrored(agent);
  await user.getByRole('button', { name: 'Pause sharing' }).click();
  await user.getByRole('button', { name: 'Mute' }).click();
  await agent.getByText('The user paused sharing.').waitFor();
  await agent.getByText('The user muted their microphone.').waitFor();

  await user.getByRole('link', { name: 'Settings' }).click();
  await user.getByRole('heading', { name: 'Account settings' }).waitFor();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  // Still paused and muted, on both sides, and nothing of the new page reaches the agent.
  await user.getByRole('button', { name: 'Resume sharing' }).waitFor();
  await user.getByRole('button', { name: 'Unmute' }).waitFor();
  await agent.getByText('The user paused sharing.').waitFor();
  await agent.getByText('The user muted their microphone.').waitFor();
  await expectSilent(agent);
  const mirror = agent.frameLocator('figure[aria-label="User\'s page"] iframe');
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await mirror.getByRole('heading', { name: 'Account settings' }).count()).toBe(0);

  // The user resumes: the agent sees the new page and hears them.
  await user.getByRole('button', { name: 'Resume sharing' }).click();
  await user.getByRole('button', { name: 'Unmute' }).click();
  await expectPageMirrored(agent, 'Account settings');
  await expectAudible(agent);
  await user.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
});

test('waiting in line, the user reloads the page: they keep their place, and are answered there', async () => {
  const agent = await env.page();
  await agentSignsIn(agent);
  // Away (the agent went Available in an earlier test, and that choice stands): nobody rings yet.
  await agent.getByRole('button', { name: 'Away', exact: true }).click();
  await agent.getByText('You are away.').waitFor();
  const first = await env.page();
  const second = await env.page();
  await userAsksForHelp(first);
  await first.getByText("You're next in line.").waitFor();
  await userAsksForHelp(second);
  await second.getByText("You're number 2 in line.").waitFor();

  // Had the reload asked again, the first user would now be behind the second.
  await first.reload();
  await first.getByText("You're next in line.").waitFor();
  await second.getByText("You're number 2 in line.").waitFor();

  await agent.getByRole('button', { name: 'Available' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesAdvance(first, USER_AGENT_VIDEO);
  await expectPageMirrored(agent);
  await agent.getByRole('button', { name: 'End call' }).click();
  await first.getByText('The agent ended the call').waitFor();
  await second.getByRole('button', { name: 'Leave the queue' }).click();
});

test('answered just as the page changed (the old page never heard it): the next page finds the call and connects', async () => {
  const agent = await env.page();
  const user = await env.page();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Away', exact: true }).click();
  await agent.getByText('You are away.').waitFor();
  // The first page loses the one frame that says the agent answered, as a page unloading would.
  let lost = false;
  await user.routeWebSocket(/\/ws$/, (page) => {
    const server = page.connectToServer();
    server.onMessage((frame) => {
      if (!lost && String(frame).includes('"type":"session.live"')) lost = true;
      else page.send(frame);
    });
  });
  await userAsksForHelp(user);
  await user.getByText("You're next in line.").waitFor();
  await agent.getByRole('button', { name: 'Available' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await waitFor(async () => lost, 'the answer lost on the way');
  await user.getByText("You're next in line.").waitFor();

  await user.getByRole('link', { name: 'Settings' }).click();
  await user.getByRole('heading', { name: 'Account settings' }).waitFor();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await expectPageMirrored(agent, 'Account settings');
  await user.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
});

test('a call that ended while the user was on another site is not brought back: the page stays quiet', async () => {
  const { agent, user } = await callInProgress();

  // The user leaves the product; meanwhile the agent ends the call.
  await user.goto('about:blank');
  await agent.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('You ended the call.').waitFor();

  // Back on the product, the widget asks once, hears the call is over, and forgets it.
  await user.goBack();
  await user.getByRole('heading', { name: 'Create an invoice' }).waitFor();
  await waitFor(async () => (await savedCalls(user)) === 0, 'the ended call forgotten');
  await user.getByRole('button', { name: /help/i }).waitFor();
  expect(await user.getByText('The connection to the help service was lost').count()).toBe(0);
  expect(await user.getByRole('button', { name: 'End call' }).count()).toBe(0);
});

test('the user duplicates the tab mid-call (the browser copies what the tab kept): the call moves to the new tab, and the old one says where it went', async () => {
  const { agent, user } = await callInProgress();
  await expectPageMirrored(agent);
  // A duplicated tab starts with a copy of the tab's session storage, and loads the same page.
  const saved = await user.evaluate(() =>
    Object.entries(sessionStorage).filter(([key]) => key.startsWith('lifeline:')),
  );
  expect(saved).toHaveLength(1);
  const copy = await user.context().newPage();
  await copy.addInitScript((entries) => {
    for (const [key, value] of entries) sessionStorage.setItem(key, value);
  }, saved);
  await copy.goto(user.url());

  // The new tab has the call; the old one lets it go and says why, with nothing to retry.
  await expectFramesAdvance(copy, USER_AGENT_VIDEO);
  await user.getByText('This call continues in another tab or window.').waitFor();
  expect(await user.getByRole('button', { name: 'Try again' }).count()).toBe(0);
  expect(await user.getByText('The connection to the help service was lost').count()).toBe(0);
  expect(await savedCalls(user)).toBe(0);
  await expectBytesGrow(agent, 'audio');

  await copy.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
});
