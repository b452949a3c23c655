import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateFromBase64 } from '@lifeline/shared/pageCompression';
import { parsePageMessage } from '@lifeline/shared/pageView';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { useServerAndBrowser } from './harness.js';

/**
 * A customer's checkout page. It has ordinary fields, private ones, a menu, a long body to
 * scroll, and in-page navigation as a single-page app does.
 */
export function shopPage(lifeline: string, scriptAttributes = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" /><title>Shop</title>
  <script src="${lifeline}/widget.js" data-tenant="demo" ${scriptAttributes} async></script>
  <style>body { font: 16px system-ui; margin: 0; padding: 16px; } #pay { margin: 8px; padding: 12px 24px; }</style>
  </head><body>
  <nav><button id="menu-button" type="button" onclick="document.getElementById('menu').hidden = false">Account</button>
    <ul id="menu" hidden><li>Billing settings</li></ul></nav>
  <main id="route"><h1>Checkout</h1>
    <img id="logo" src="/logo.svg" alt="Shop logo" width="40" height="40" />
    <p><label>Name <input id="name" name="name" /></label></p>
    <p><label>Password <input id="password" type="password" name="password" /></label></p>
    <p><label>Card number <input id="card" name="card" autocomplete="cc-number" /></label></p>
    <p><label>Member code <input id="code" name="code" data-lifeline-private /></label></p>
    <p><label>Saved card <input id="saved" name="saved" autocomplete="cc-number" value="5555444433331111" /></label></p>
    <p id="iban" data-lifeline-private>DE89 3704 0044 0532 0130 00</p>
    <p id="status">Not paid</p>
    <button id="pay" type="button" onclick="document.getElementById('status').textContent = 'Paid by ' + document.getElementById('name').value">Pay now</button>
    <div style="height: 1600px"></div>
    <p>End of page</p>
  </main>
  <script>
    window.go = (name) => {
      history.pushState({}, '', '/shop/' + name);
      document.getElementById('route').innerHTML = '<h1>' + name + '</h1>';
    };
  </script></body></html>`;
}

const LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18" fill="#1f5eff"/></svg>';

/** The customer's site on its own origin: `/shop` embeds the widget as is, `/shop-control` with `data-allow-control`. */
export async function startShopSite(lifeline: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const site = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/logo.svg') {
      res.setHeader('content-type', 'image/svg+xml');
      return void res.end(LOGO);
    }
    if (!path.startsWith('/shop')) return void res.writeHead(404).end();
    res.setHeader('content-type', 'text/html');
    res.end(shopPage(lifeline(), path.startsWith('/shop-control') ? 'data-allow-control' : ''));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => site.close(() => resolve())),
  };
}

/** A Lifeline server and Chromium (as `useServerAndBrowser`), and the customer's shop beside them. */
export function useShopAndServer() {
  const env: Record<string, string> = {};
  let site: Awaited<ReturnType<typeof startShopSite>> | undefined;
  let lifeline = '';
  beforeAll(async () => {
    site = await startShopSite(() => lifeline);
    env.ALLOWED_ORIGINS = site.origin;
  });
  afterAll(() => site?.close());
  const server = useServerAndBrowser(env);
  beforeAll(() => {
    lifeline = server.url;
  });
  return Object.assign(server, {
    /** The shop's address: `shop('/shop')`. */
    shop: (path: string) => `${env.ALLOWED_ORIGINS}${path}`,
  });
}

/** The user's page as the agent's console mirrors it. */
export function mirrorOf(agent: Page): FrameLocator {
  return agent.frameLocator('figure[aria-label="User\'s page"] iframe');
}

/**
 * Records every byte the page sends out: data channel messages, WebSocket frames, fetch and
 * XHR bodies, beacons. Strings as they are; binary data decoded as UTF-8.
 */
export const CAPTURE_OUTGOING = `(() => {
  const sent = (window.__sent = []);
  const keep = (data) => {
    try {
      if (typeof data === 'string') sent.push(data);
      else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) sent.push(new TextDecoder().decode(data));
      else if (data instanceof Blob) data.text().then((t) => sent.push(t));
      else if (data != null) sent.push(String(data));
    } catch { sent.push('<unreadable>'); }
  };
  const wrap = (proto, name, pick) => {
    const original = proto[name];
    proto[name] = function (...args) { keep(pick(args)); return original.apply(this, args); };
  };
  wrap(RTCDataChannel.prototype, 'send', (a) => a[0]);
  wrap(WebSocket.prototype, 'send', (a) => a[0]);
  wrap(XMLHttpRequest.prototype, 'send', (a) => a[0]);
  wrap(Navigator.prototype, 'sendBeacon', (a) => a[1]);
  const fetch0 = window.fetch;
  window.fetch = function (input, init) { keep(init && init.body); keep(String(input)); return fetch0.apply(this, arguments); };
})();`;

/**
 * Everything captured by CAPTURE_OUTGOING so far, with the page view's deflated batches put
 * back together and inflated, so a search sees the plain text of every byte that left.
 */
export async function outgoing(page: Page): Promise<string[]> {
  const sent = await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent.slice());
  const deflated = new Map<number, string[]>();
  const plain: string[] = [];
  for (const raw of sent) {
    const piece = parsePageMessage(raw);
    if (piece?.t === 'pv' && piece.z === 1) {
      const pieces = deflated.get(piece.b) ?? [];
      pieces[piece.i] = piece.d;
      deflated.set(piece.b, pieces);
    } else plain.push(raw);
  }
  for (const pieces of deflated.values()) plain.push(await inflateFromBase64(pieces.join('')));
  return plain;
}

/** The user on the shop (`path`) presses help and starts the call; the agent accepts. */
export async function callFromShop(
  shop: (path: string) => string,
  agent: Page,
  user: Page,
  path = '/shop',
): Promise<void> {
  await user.goto(shop(path));
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: 'Start call' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
}
