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

const marks = (page: Page) => page.evaluate(() => (window as unknown as { __marks: Record<string, number> }).__marks);

/** Runs `calls` full calls in headless Chromium on loopback and times the two moments that matter. */
export async function measureCalls(calls: number) {
  const { app, url } = await startServer({ RATE_LIMITS: 'off', ACCESS_LOG: 'false' });
  const browser = await launchChromium();
  const pressToRing: number[] = [];
  const acceptToFrame: number[] = [];
  try {
    const agentContext = await newContext(browser, url);
    await agentContext.addInitScript({ content: MARKS });
    const agent = await agentContext.newPage();
    await agentGoesAvailable(agent);
    const userContext = await newContext(browser, url);
    await userContext.addInitScript({ content: MARKS });

    for (let i = 0; i < calls; i++) {
      const user = await userContext.newPage();
      await userAsksForHelp(user);
      const pressedAt = (await marks(user)).click as number;
      await agent.getByRole('button', { name: 'Accept' }).waitFor();
      pressToRing.push(((await marks(agent)).ring as number) - pressedAt);
      // The widget's public 'connected' event fires on the agent's first decoded frame.
      await user.evaluate(() => {
        const w = window as unknown as {
          Lifeline: { on(e: string, fn: () => void): void };
          __marks: Record<string, number>;
        };
        w.Lifeline.on('connected', () => {
          w.__marks.frame = Date.now();
        });
      });
      await agent.getByRole('button', { name: 'Accept' }).click();
      const acceptedAt = (await marks(agent)).click as number;
      await user.getByRole('button', { name: 'End call' }).waitFor();
      const frameAt = await waitFor(async () => (await marks(user)).frame, 'first remote frame');
      acceptToFrame.push(frameAt - acceptedAt);
      await user.getByRole('button', { name: 'End call' }).click();
      await agent.getByText('You are available').waitFor();
      await user.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  return { pressToRing, acceptToFrame };
}
