import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { overlayPixel } from '../support/drawing.js';
import { agentGoesAvailable } from '../support/flows.js';
import { callFromShop, mirrorOf, useShopAndServer } from '../support/pageView.js';

const env = useShopAndServer();

/** A call from the shop, with the page in the agent's mirror. */
async function callWithMirror(agent: Page, user: Page, path: string) {
  await callFromShop(env.shop, agent, user, path);
  await mirrorOf(agent).getByRole('heading', { name: 'Checkout' }).waitFor();
}

/** The agent clicks an element of the mirrored page (where it is on the agent's screen). */
async function pickInMirror(agent: Page, selector: string, at: [number, number] = [0.5, 0.5]): Promise<void> {
  const box = await mirrorOf(agent).locator(selector).boundingBox();
  if (!box) throw new Error(`${selector} is not in the mirror`);
  await agent.mouse.click(box.x + box.width * at[0], box.y + box.height * at[1]);
}

/** Where #pay's centre is on the user's screen, as fractions of their viewport. */
function payCentre(user: Page): Promise<[number, number]> {
  return user.evaluate(() => {
    const r = document.getElementById('pay')?.getBoundingClientRect() as DOMRect;
    return [(r.left + r.width / 2) / innerWidth, (r.top + r.height / 2) / innerHeight] as [number, number];
  });
}

/** The spotlight leaves #pay clear and dims the page elsewhere. */
async function spotlightOnPay(user: Page): Promise<boolean> {
  const [x, y] = await payCentre(user);
  const onPay = (await overlayPixel(user, x, y))[3] ?? 255;
  const corner = (await overlayPixel(user, 0.02, 0.02))[3] ?? 0;
  return onPay === 0 && corner > 100;
}

test('marks on an element stay on it when the user scrolls and resizes, at two window sizes; Scroll to brings it into view', async () => {
  const agent = await env.page();
  const user = await env.page();
  await user.setViewportSize({ width: 1000, height: 700 });
  await agentGoesAvailable(agent);
  await callWithMirror(agent, user, '/shop');

  // A pen stroke across the Pay button, drawn in the mirror.
  await agent.getByRole('button', { name: 'Pen', exact: true }).click();
  const pay = await mirrorOf(agent).locator('#pay').boundingBox();
  if (!pay) throw new Error('no Pay button in the mirror');
  await agent.mouse.move(pay.x + pay.width * 0.1, pay.y + pay.height / 2);
  await agent.mouse.down();
  await agent.mouse.move(pay.x + pay.width * 0.9, pay.y + pay.height / 2, { steps: 10 });
  await agent.mouse.up();
  const red = async () => {
    const [x, y] = await payCentre(user);
    const [r, g, b, a] = await overlayPixel(user, x, y);
    return r === 255 && g === 59 && b === 48 && a === 255;
  };
  await waitFor(red, 'the stroke on the Pay button');
  await user.evaluate(() => scrollBy(0, 120));
  await waitFor(red, 'the stroke still on the button after a scroll');

  // The spotlight on the Pay button follows it through a scroll and a resize.
  await agent.getByRole('button', { name: 'Highlight' }).click();
  await pickInMirror(agent, '#pay');
  await waitFor(() => spotlightOnPay(user), 'the spotlight on the Pay button');
  await user.evaluate(() => scrollTo(0, 0));
  await waitFor(() => spotlightOnPay(user), 'the spotlight after a scroll');
  await user.setViewportSize({ width: 600, height: 900 });
  await waitFor(() => spotlightOnPay(user), 'the spotlight at another window size');
  await agent.getByRole('button', { name: 'Clear drawings' }).click();
  await waitFor(async () => (await overlayPixel(user, 0.02, 0.02))[3] === 0, 'the spotlight cleared');

  // Scroll to: the agent brings the end of the page into the user's view.
  await user.evaluate(() => scrollTo(0, 0));
  await agent.getByRole('button', { name: 'Scroll to' }).click();
  // The agent looks further down the page with the mouse wheel, then picks the end of it.
  const frame = await agent.getByRole('figure', { name: "User's page" }).boundingBox();
  if (!frame) throw new Error('no mirror');
  await agent.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
  await agent.mouse.wheel(0, 5_000);
  await mirrorOf(agent).locator('main > p:last-child').waitFor();
  await waitFor(
    () =>
      mirrorOf(agent)
        .locator('html')
        .evaluate((el) => (el.ownerDocument.defaultView?.scrollY ?? 0) > 500),
    'the mirror scrolled by the agent',
  );
  await pickInMirror(agent, 'main > p:last-child');
  await waitFor(
    () =>
      user.evaluate(
        () => (document.querySelector('main > p:last-child') as HTMLElement).getBoundingClientRect().top < innerHeight,
      ),
    'the end of the page in the user view',
  );
  await user.getByRole('button', { name: 'End call' }).click();
});

test('control only where the host allows it and the user accepts: the agent types and clicks, never in a private field, and the user takes over by typing', async () => {
  // Without the host's flag the agent is not offered control.
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const first = await env.page();
  await callWithMirror(agent, first, '/shop');
  await agent.getByRole('button', { name: 'Ask to see screen' }).waitFor();
  expect(await agent.getByRole('button', { name: 'Ask for control' }).count()).toBe(0);
  await first.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call').waitFor();
  await agent
    .getByRole('button', { name: 'Available' })
    .click()
    .catch(() => undefined);

  const user = await env.page();
  await callWithMirror(agent, user, '/shop-control');
  await agent.getByRole('button', { name: 'Ask for control' }).click();
  await user.getByText('asks to click and type on this page for you').waitFor();
  await user.getByRole('button', { name: 'Allow' }).click();
  await user.getByText('is controlling this page').waitFor();

  await agent.getByRole('button', { name: 'Control', exact: true }).click();
  await pickInMirror(agent, '#name');
  const typing = agent.getByRole('form', { name: "Type on the user's page" });
  await typing.getByRole('textbox').fill('Ada');
  await typing.getByRole('button', { name: 'Send' }).click();
  await waitFor(async () => (await user.locator('#name').inputValue()) === 'Ada', 'the agent typing in the user page');
  await pickInMirror(agent, '#pay');
  await user.getByText('Paid by Ada').waitFor();

  // A private field cannot be typed into.
  await pickInMirror(agent, '#password');
  await typing.getByRole('textbox').fill('guess');
  await typing.getByRole('button', { name: 'Send' }).click();
  await new Promise((r) => setTimeout(r, 800));
  expect(await user.locator('#password').inputValue()).toBe('');

  // The user types: control is theirs again at once.
  await user.locator('#name').press('End');
  await user.getByText('is controlling this page').waitFor({ state: 'hidden' });
  await agent.getByRole('button', { name: 'Ask for control' }).waitFor();
  await user.getByRole('button', { name: 'End call' }).click();

  // Every control action is on the session's timeline.
  await agent.getByRole('button', { name: 'History' }).click();
  const history = agent.getByRole('region', { name: 'History' });
  await history.getByRole('row').nth(1).getByRole('link').click();
  const detail = agent.getByRole('article', { name: 'Session details' });
  const timeline = (await detail.getByRole('list', { name: 'Timeline' }).getByRole('listitem').allTextContents()).join(
    '\n',
  );
  for (const step of [
    '(granted)',
    '(input: field “Name”)',
    '(click: button “Pay now”)',
    '(refused: field “Password”)',
    '(ended by user)',
  ])
    expect(timeline).toContain(step);
});
