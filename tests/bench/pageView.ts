import type { Page } from 'playwright-core';
import { launchChromium, newContext } from '../support/browser.js';
import { agentGoesAvailable, userSharesScreen } from '../support/flows.js';
import { callFromShop, startShopSite } from '../support/pageView.js';
import { startServer } from '../support/server.js';

const MIRROR = 'figure[aria-label="User\'s page"] iframe';
const SAMPLE_MS = 10_000;

// Scripts run in the pages as strings: tsx would wrap named functions in a helper the page lacks.

/** When (Date.now, the same clock for both pages on this machine) the agent's mirror shows `text` in #status. */
function mirrorShows(agent: Page, text: string): Promise<number> {
  return agent.evaluate(`new Promise((resolve) => {
    const check = () => {
      const frame = document.querySelector(${JSON.stringify(MIRROR)});
      if (frame?.contentDocument?.getElementById('status')?.textContent === ${JSON.stringify(text)}) resolve(Date.now());
      else requestAnimationFrame(check);
    };
    check();
  })`);
}

/** When the agent's pointer dot shows on the user's page at fraction `fx` of the #pay button (overlay pixel). */
function pointerShows(user: Page, fx: number): Promise<number> {
  return user.evaluate(`new Promise((resolve) => {
    const check = () => {
      const canvas = document.getElementById('lifeline-widget')?.shadowRoot?.querySelector('canvas.annotations');
      const r = document.getElementById('pay').getBoundingClientRect();
      const ratio = canvas && canvas.width ? canvas.width / innerWidth : 1;
      const x = Math.round((r.left + r.width * ${fx}) * ratio);
      const y = Math.round((r.top + r.height / 2) * ratio);
      const pixel = canvas && canvas.width ? canvas.getContext('2d').getImageData(x, y, 1, 1).data : [0, 0, 0, 0];
      if (pixel[0] === 255 && pixel[3] > 200) resolve(Date.now());
      else requestAnimationFrame(check);
    };
    check();
  })`);
}

/** Bytes the user's page has sent, by kind: the page view's data channel, the screen share's video. */
function bytesSent(user: Page): Promise<{ data: number; video: number }> {
  return user.evaluate(async () => {
    const totals = { data: 0, video: 0 };
    for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesSent?: number }) => {
        if (s.type === 'data-channel') totals.data += s.bytesSent ?? 0;
        if (s.type === 'outbound-rtp' && s.kind === 'video') totals.video += s.bytesSent ?? 0;
      });
    }
    return totals;
  });
}

/** A busy page: 30 rows of figures rewritten ten times a second, as a live dashboard does. */
const BUSY = `(() => {
  const list = document.createElement('ol');
  document.getElementById('route').prepend(list);
  let n = 0;
  window.__busy = setInterval(() => {
    n++;
    list.innerHTML = Array.from({ length: 30 }, (_, i) => '<li>Order ' + (i + 1) + ': ' + ((n * 7919 + i * 104729) % 100000) + ' EUR</li>').join('');
  }, 100);
})()`;

/**
 * A call from the shop page in headless Chromium on loopback: how long a change on the user's
 * page takes to show in the agent's mirror, beside one message the other way on the same data
 * path (the agent's pointer on the user's page), and what the page view and a screen share
 * cost in bytes on a busy page. (Headless Chromium's screen capture is a synthetic picture, so
 * the screen share's own latency to a page change cannot be measured here.)
 */
export async function measurePageView(changes: number) {
  let lifeline = '';
  const site = await startShopSite(() => lifeline);
  const { app, url } = await startServer({ RATE_LIMITS: 'off', ACCESS_LOG: 'false', ALLOWED_ORIGINS: site.origin });
  lifeline = url;
  const browser = await launchChromium();
  const changeToMirror: number[] = [];
  const pointerToUser: number[] = [];
  try {
    const agent = await (await newContext(browser, url)).newPage();
    await agentGoesAvailable(agent);
    const user = await (await newContext(browser, url)).newPage();
    await callFromShop((path) => `${site.origin}${path}`, agent, user);
    await agent.frameLocator(MIRROR).getByRole('heading', { name: 'Checkout' }).waitFor();

    for (let i = 0; i < changes; i++) {
      const seen = mirrorShows(agent, `change ${i}`);
      const changedAt = await user.evaluate((n) => {
        (document.getElementById('status') as HTMLElement).textContent = `change ${n}`;
        return Date.now();
      }, i);
      changeToMirror.push((await seen) - changedAt);
    }

    await user.evaluate(BUSY);
    const before = await bytesSent(user);
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    const pageView = await bytesSent(user);

    await userSharesScreen(agent, user);
    await agent
      .locator('video[aria-label="User\'s screen"]')
      .evaluate((v) => new Promise((resolve) => (v as HTMLVideoElement).requestVideoFrameCallback(resolve)));
    await new Promise((r) => setTimeout(r, 3_000));
    const screenBefore = await bytesSent(user);
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    const screenAfter = await bytesSent(user);
    await user.evaluate("clearInterval(window.__busy); document.querySelector('#route > ol').remove(); scrollTo(0, 0)");

    // The baseline: one message the other way on the same data path, the agent's pointer
    // reaching the user's page, alternating between the two ends of the Pay button.
    await agent.getByRole('button', { name: 'Page', exact: true }).click();
    await agent.getByRole('button', { name: 'Pointer', exact: true }).click();
    const pay = await agent.frameLocator(MIRROR).locator('#pay').boundingBox();
    if (!pay) throw new Error('no Pay button in the mirror');
    for (let i = 0; i < changes; i++) {
      const fx = i % 2 === 0 ? 0.15 : 0.85;
      await agent.mouse.move(pay.x + pay.width * (1 - fx), pay.y + pay.height / 2);
      await new Promise((r) => setTimeout(r, 2_600));
      const seen = pointerShows(user, fx);
      const movedAt = Date.now();
      await agent.mouse.move(pay.x + pay.width * fx, pay.y + pay.height / 2);
      pointerToUser.push((await seen) - movedAt);
    }
    await user.getByRole('button', { name: 'End call' }).click();
    const perMinute = (bytes: number) => (bytes * 60_000) / SAMPLE_MS;
    return {
      changeToMirror,
      pointerToUser,
      pageViewBytesPerMin: perMinute(pageView.data - before.data),
      screenBytesPerMin: perMinute(screenAfter.video - screenBefore.video),
    };
  } finally {
    await browser.close();
    await app.close();
    await site.close();
  }
}
