import type { Page } from 'playwright-core';
import { launchChromium, newContext, waitFor } from '../support/browser.js';
import { agentGoesAvailable, userAsksForHelp } from '../support/flows.js';
import { startServer } from '../support/server.js';

/** Marks, in page time, when a click happened and when the first remote frame was shown. */
const MARKS = `
  window.__marks = {};
  document.addEventListener('click', () => { window.__marks.click = Date.now(); }, true);
  new MutationObserver(() => {
    const accept = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Accept');
    if (accept && !window.__marks.ring) window.__marks.ring = Date.now();
    if (!accept) window.__marks.ring = undefined;
  }).observe(document, { subtree: true, childList: true });
`;

/** The widget's public 'connected' event (the agent's first decoded frame), heard on every page through the snippet's queue. */
const CONNECTED = `
  window.Lifeline = window.Lifeline || function () { (window.Lifeline.q = window.Lifeline.q || []).push(arguments); };
  window.Lifeline('on', 'connected', () => { window.__marks.frame = Date.now(); });
`;

const marks = (page: Page) => page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);

/**
 * Runs `calls` full calls in headless Chromium on loopback and times the moments that matter:
 * the console ringing, the agent's video on the user's page, and that video again on the next
 * page of the product once the user follows a link mid-call.
 */
export async function measureCalls(calls: number) {
  const { app, url } = await startServer({ RATE_LIMITS: 'off', ACCESS_LOG: 'false' });
  const browser = await launchChromium();
  const pressToRing: number[] = [];
  const acceptToFrame: number[] = [];
  const linkToFrame: number[] = [];
  try {
    const agentContext = await newContext(browser, url);
    await agentContext.addInitScript({ content: MARKS });
    const agent = await agentContext.newPage();
    await agentGoesAvailable(agent);
    const userContext = await newContext(browser, url);
    await userContext.addInitScript({ content: MARKS });
    await userContext.addInitScript({ content: CONNECTED });

    for (let i = 0; i < calls; i++) {
      const user = await userContext.newPage();
      await userAsksForHelp(user);
      const pressedAt = (await marks(user)).click as number;
      await agent.getByRole('button', { name: 'Accept' }).waitFor();
      pressToRing.push(((await marks(agent)).ring as number) - pressedAt);
      await agent.getByRole('button', { name: 'Accept' }).click();
      const acceptedAt = (await marks(agent)).click as number;
      await user.getByRole('button', { name: 'End call' }).waitFor();
      const frameAt = await waitFor(async () => (await marks(user)).frame, 'first remote frame');
      acceptToFrame.push(frameAt - acceptedAt);
      // A link to another page of the product, mid-call: a new document, the call picked up there.
      const followedAt = Date.now();
      await user.getByRole('link', { name: 'Settings' }).click();
      await user.getByRole('heading', { name: 'Account settings' }).waitFor();
      const againAt = await waitFor(async () => (await marks(user)).frame, 'first remote frame on the next page');
      linkToFrame.push(againAt - followedAt);
      await user.getByRole('button', { name: 'End call' }).click();
      await agent.getByText('You are available').waitFor();
      await user.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return { pressToRing, acceptToFrame, linkToFrame };
}
