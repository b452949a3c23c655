import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { agentGoesAvailable, USER_AGENT_VIDEO } from '../support/flows.js';
import { expectBytesGrow, expectFramesAdvance } from '../support/media.js';
import { CAPTURE_OUTGOING, callFromShop, mirrorOf, outgoing, useShopAndServer } from '../support/pageView.js';

const env = useShopAndServer();

test("the agent's mirror shows the user's page and follows what they do: typing, a menu, in-page navigation, scrolling", async () => {
  const agent = await env.page();
  const user = await env.page();
  await agentGoesAvailable(agent);
  await callFromShop(env.shop, agent, user);

  const mirror = mirrorOf(agent);
  await mirror.getByRole('heading', { name: 'Checkout' }).waitFor();
  await agent.getByText("User's window: 1280 × 800").waitFor();
  // The page's own images load in the mirror, from the customer's site.
  await waitFor(
    () => mirror.locator('#logo').evaluate((img) => (img as HTMLImageElement).naturalWidth > 0),
    'the logo in the mirror',
  );
  // The user sees that their private fields are hidden: password, card and the marked code.
  await user.getByText('4 private fields on this page are hidden from the agent.').waitFor();

  await user.locator('#name').fill('Ada Lovelace');
  await waitFor(async () => (await mirror.locator('#name').inputValue()) === 'Ada Lovelace', 'typing in the mirror');

  await user.getByRole('button', { name: 'Account' }).click();
  await mirror.getByText('Billing settings').waitFor();

  await user.evaluate(() => scrollTo(0, 900));
  await waitFor(
    async () => (await mirror.locator('html').evaluate((el) => el.ownerDocument.defaultView?.scrollY ?? 0)) > 800,
    'the mirror scrolled with the user',
  );

  await user.evaluate(() => (window as unknown as { go: (n: string) => void }).go('Receipt'));
  await mirror.getByRole('heading', { name: 'Receipt' }).waitFor();
  await user.getByRole('button', { name: 'End call' }).click();
});

test('nothing typed into a private field ever leaves the page: not on the data channel, the socket or any request', async () => {
  const agent = await env.page();
  const user = await env.page();
  await user.addInitScript({ content: CAPTURE_OUTGOING });
  await agentGoesAvailable(agent);
  await callFromShop(env.shop, agent, user);
  const mirror = mirrorOf(agent);
  await mirror.getByRole('heading', { name: 'Checkout' }).waitFor();

  const secret = 'Hunter2-Secret-9931';
  await user.locator('#password').pressSequentially(secret);
  await user.locator('#code').pressSequentially(`${secret}-code`);
  await user.locator('#card').pressSequentially('4242424242424242');
  // An ordinary field typed after them: once it shows in the mirror, the private ones were sent too.
  await user.locator('#name').pressSequentially('Grace Hopper');
  await waitFor(
    async () => (await mirror.locator('#name').inputValue()) === 'Grace Hopper',
    'the ordinary field mirrored',
  );

  const sent = (await outgoing(user)).join('\n');
  expect(sent).toContain('Grace Hopper'); // the capture sees the page view's traffic
  expect(sent).not.toContain('Hunter2');
  expect(sent).not.toContain('4242424242424242');
  expect(sent).not.toContain('DE89 3704');
  expect(sent).not.toContain('5555444433331111'); // filled in by the page itself, in the first snapshot
  expect(sent).toContain('Checkout'); // the first snapshot (deflated) was read too
  // The agent sees the fields, masked.
  expect(await mirror.locator('#password').inputValue()).toMatch(/^\*+$/);
  expect(await mirror.locator('#code').inputValue()).toMatch(/^\*+$/);
  expect(await mirror.locator('#iban').textContent()).toMatch(/^[*\s]+$/);
  await user.getByRole('button', { name: 'End call' }).click();
});

test('on a phone without screen capture the user gets the agent on video and voice, and the agent sees the page', async () => {
  const agent = await env.page();
  const context = await env.browser.newContext({
    baseURL: env.url,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  // As in mobile browsers: no getDisplayMedia at all.
  await context.addInitScript({ content: 'delete MediaDevices.prototype.getDisplayMedia;' });
  await context.addInitScript({
    content: `window.__peerConnections = []; const P = RTCPeerConnection;
      window.RTCPeerConnection = function (...a) { const pc = new P(...a); window.__peerConnections.push(pc); return pc; };
      window.RTCPeerConnection.prototype = P.prototype;`,
  });
  const user = await context.newPage();
  await agentGoesAvailable(agent);
  await callFromShop(env.shop, agent, user);

  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await expectBytesGrow(user, 'audio');
  await mirrorOf(agent).getByRole('heading', { name: 'Checkout' }).waitFor();
  await agent.getByText("User's window: 390 × 844").waitFor();
  // The phone cannot share a screen, so the agent is not offered to ask for it.
  expect(await agent.getByRole('button', { name: 'Ask to see screen' }).count()).toBe(0);
  await user.getByRole('button', { name: 'End call' }).click();
  await context.close();
});
