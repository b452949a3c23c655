import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { agentGoesAvailable, expectPageMirrored, USER_AGENT_VIDEO, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectFramesAdvance } from '../support/media.js';

// The user on a phone: the call must leave their page in sight, and nothing the agent asks may
// hide behind a minimised panel.
const env = useServerAndBrowser();
const PHONE = { width: 375, height: 667 };

/** An agent answers a user on a phone-sized screen; the agent's video plays on the phone. */
async function phoneCall(screen = PHONE): Promise<{ agent: Page; user: Page }> {
  const agent = await env.page();
  const user = await env.page();
  await user.setViewportSize(screen);
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await expectPageMirrored(agent);
  return { agent, user };
}

/** Whether a tap at the centre of the page's Save draft button reaches it (nothing covers it). */
const saveDraftInReach = (user: Page) =>
  user.evaluate(() => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Save draft');
    const r = button?.getBoundingClientRect();
    if (!r || r.bottom > innerHeight || r.top < 0) return false;
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === button;
  });

/**
 * Whether the agent's mirror shows the help panel where it sits on the phone (the user cannot
 * see what lies under it): the same box, as fractions of the user's screen, within 2 %.
 */
async function mirrorShowsPanel(agent: Page, user: Page): Promise<boolean> {
  const onPhone = await user.getByRole('dialog', { name: 'Live help' }).boundingBox();
  const figure = await agent.getByRole('figure', { name: "User's page" }).boundingBox();
  const shown = await agent.getByRole('img', { name: "The help panel on the user's screen" }).boundingBox();
  if (!onPhone || !figure || !shown) return false;
  const near = (a: number, b: number) => Math.abs(a - b) < 0.02;
  return (
    near((shown.x - figure.x) / figure.width, onPhone.x / PHONE.width) &&
    near((shown.y - figure.y) / figure.height, onPhone.y / PHONE.height) &&
    near(shown.width / figure.width, onPhone.width / PHONE.width) &&
    near(shown.height / figure.height, onPhone.height / PHONE.height)
  );
}

test('on a phone, the call leaves the page in sight, the agent sees where the panel covers it, and when the agent highlights what it covers the panel moves out of the way', async () => {
  const { agent, user } = await phoneCall();
  const panel = user.getByRole('dialog', { name: 'Live help' });
  const box = await panel.boundingBox();
  // The agent's face still plays, beside the words, and the page keeps most of the screen.
  expect(box?.height).toBeLessThan(PHONE.height / 2);
  const face = await user.locator(USER_AGENT_VIDEO).boundingBox();
  expect(face?.width).toBeGreaterThanOrEqual(80);
  await user.getByRole('button', { name: 'End call' }).waitFor();
  await user.getByRole('button', { name: 'Mute' }).waitFor();
  // The agent sees where the panel covers the user's page.
  await waitFor(() => mirrorShowsPanel(agent, user), 'the panel shown in the mirror');

  // The panel sits on the page's Save draft button; the agent highlights that button.
  expect(await saveDraftInReach(user)).toBe(false);
  await agent.getByRole('button', { name: 'Highlight' }).click();
  const saveDraft = await agent
    .frameLocator('figure[aria-label="User\'s page"] iframe')
    .getByRole('button', { name: 'Save draft' })
    .boundingBox();
  if (!saveDraft) throw new Error('no Save draft button in the mirror');
  await agent.mouse.click(saveDraft.x + saveDraft.width / 2, saveDraft.y + saveDraft.height / 2);
  // The panel goes to the top of the screen: the user sees, and can tap, what the agent shows.
  await waitFor(() => saveDraftInReach(user), 'the Save draft button uncovered');
  expect((await panel.boundingBox())?.y).toBeLessThan(PHONE.height / 4);
  await waitFor(() => mirrorShowsPanel(agent, user), 'the panel shown at the top in the mirror');

  await user.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
});

test('on a phone, the user minimises the call; when the agent asks for control, the panel opens with the question', async () => {
  const { agent, user } = await phoneCall();
  await user.getByRole('button', { name: 'Minimise' }).click();
  await user.getByRole('button', { name: 'Show the call' }).waitFor();
  expect(await user.getByRole('button', { name: 'End call' }).isVisible()).toBe(false);
  // Minimised, the panel still says the agent sees the page.
  await user.getByText('You are sharing this page', { exact: true }).waitFor();
  await waitFor(() => mirrorShowsPanel(agent, user), 'the minimised panel shown in the mirror');

  await agent.getByRole('button', { name: 'Ask for control' }).click();
  await user.getByText('asks to click and type on this page for you').waitFor();
  await user.getByRole('button', { name: 'No thanks' }).click();
  await agent.getByText('The user declined control.').waitFor();

  // Minimised again, it stays so while nothing is asked; the end of the call opens it.
  await user.getByRole('button', { name: 'Minimise' }).click();
  await new Promise((r) => setTimeout(r, 1_000));
  expect(await user.getByRole('button', { name: 'End call' }).isVisible()).toBe(false);
  await agent.getByRole('button', { name: 'End call' }).click();
  await user.getByText('The agent ended the call').waitFor({ state: 'visible' });
});

test('on a phone held sideways, the whole call panel fits on the screen: its title, Minimise and End call are in reach', async () => {
  const sideways = { width: PHONE.height, height: PHONE.width };
  const { agent, user } = await phoneCall(sideways);
  const panel = user.getByRole('dialog', { name: 'Live help' });
  const box = await panel.boundingBox();
  expect(box?.y).toBeGreaterThanOrEqual(0);
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(sideways.height);
  // Beside the page, not over all of it: there is room to the side.
  expect(box?.width).toBeLessThan(sideways.width * 0.6);
  await user.getByRole('button', { name: 'Minimise' }).click();
  await user.getByRole('button', { name: 'Show the call' }).click();
  await user.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
});
