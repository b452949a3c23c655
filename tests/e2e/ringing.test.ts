import { expect, test } from 'vitest';
import { newContext, waitFor } from '../support/browser.js';
import { agentGoesAvailable, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

const env = useServerAndBrowser();

/**
 * Records the notifications the page raises (the real constructor still runs), and lets the
 * test hide the tab: headless Chromium has no other window to switch to.
 */
const OBSERVE = `
  window.__notifications = [];
  const Native = window.Notification;
  window.Notification = class extends Native {
    constructor(title, options) { super(title, options); window.__notifications.push({ title, body: options && options.body }); }
  };
  window.__hidden = false;
  Object.defineProperty(document, 'visibilityState', { get: () => (window.__hidden ? 'hidden' : 'visible') });
`;

/** An available agent whose page allows notifications and is observed; a user's page. */
async function observedAgentAndUser() {
  const agentContext = await newContext(env.browser, env.url);
  await agentContext.grantPermissions(['notifications'], { origin: env.url });
  await agentContext.addInitScript({ content: OBSERVE });
  const agent = await agentContext.newPage();
  const user = await env.page();
  await agentGoesAvailable(agent);
  return { agent, user };
}

test('an offer on a hidden tab raises a notification; A answers from the keyboard', async () => {
  const { agent, user } = await observedAgentAndUser();
  await agent.evaluate(() => {
    (window as unknown as { __hidden: boolean }).__hidden = true;
  });

  await userAsksForHelp(user);
  await agent.getByRole('heading', { name: 'Incoming help request' }).waitFor();
  const notifications = await waitFor(async () => {
    const seen = await agent.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications);
    return seen.length ? seen : null;
  }, 'a notification');
  expect(notifications).toEqual([{ title: 'Incoming help request', body: expect.stringContaining('Acme Invoicing') }]);

  await agent.evaluate(() => {
    (window as unknown as { __hidden: boolean }).__hidden = false;
  });
  await agent.keyboard.press('a');
  await user.getByText('can see this page').waitFor();
  await agent.getByRole('button', { name: 'End call' }).click();
});

test('an offer on a visible tab rings without a notification; D declines', async () => {
  const { agent, user } = await observedAgentAndUser();
  await userAsksForHelp(user);
  await agent.getByRole('heading', { name: 'Incoming help request' }).waitFor();
  await agent.keyboard.press('d');
  await agent.getByRole('heading', { name: 'Incoming help request' }).waitFor({ state: 'hidden' });
  expect(await agent.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications)).toEqual([]);
});
