import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import { agentGoesAvailable } from '../support/flows.js';
import { startServer } from '../support/server.js';

/** A customer's app on its own origin, embedding the widget under a strict Content-Security-Policy. */
function startCustomerSite(lifeline: () => string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_req, res) => {
    const url = lifeline();
    const ws = url.replace(/^http/, 'ws');
    res.setHeader(
      'content-security-policy',
      `default-src 'none'; script-src ${url}; connect-src ${url} ${ws}; style-src 'self'; base-uri 'none'`,
    );
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html><head><title>Customer app</title>
      <script src="${url}/widget.js" data-tenant="demo" async></script></head>
      <body><h1>Customer app</h1></body></html>`);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

let browser: Browser;
let lifeline: Awaited<ReturnType<typeof startServer>>;
let allowed: Awaited<ReturnType<typeof startCustomerSite>>;
let intruder: Awaited<ReturnType<typeof startCustomerSite>>;

beforeAll(async () => {
  allowed = await startCustomerSite(() => lifeline.url);
  intruder = await startCustomerSite(() => lifeline.url);
  lifeline = await startServer({ ALLOWED_ORIGINS: allowed.origin });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await lifeline?.app.close();
  allowed?.server.close();
  intruder?.server.close();
});

test('embedded on another origin under a strict CSP: no violation, only one global, and the call connects', async () => {
  const agent = await (await newContext(browser, lifeline.url)).newPage();
  await agentGoesAvailable(agent);

  const user = await (await newContext(browser, allowed.origin)).newPage();
  await user.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await user.goto('/');
  const globalsBefore = await user.evaluate(() => Object.keys(window));
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();

  expect(await user.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  const added = (await user.evaluate(() => Object.keys(window))).filter((k) => !globalsBefore.includes(k));
  expect(added.filter((k) => k !== '__violations')).toEqual([]);
  expect(globalsBefore).toContain('Lifeline');
});

test('a page on an origin not on the allowlist cannot start a session: the server refuses it', async () => {
  const user = await (await newContext(browser, intruder.origin)).newPage();
  const blocked: string[] = [];
  user.on('requestfailed', (r) => blocked.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await user.goto('/');
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();
  await user.getByText("We couldn't reach the help service").waitFor();
  // The browser never got to send the request: the server's CORS preflight named no allowed origin.
  expect(blocked).toContain('POST /api/help-requests');
  const preflight = await fetch(`${lifeline.url}/api/help-requests`, {
    method: 'OPTIONS',
    headers: {
      origin: intruder.origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    },
  });
  expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  // The same request from the allowed origin is let through.
  const allowedPreflight = await fetch(`${lifeline.url}/api/help-requests`, {
    method: 'OPTIONS',
    headers: { origin: allowed.origin, 'access-control-request-method': 'POST' },
  });
  expect(allowedPreflight.headers.get('access-control-allow-origin')).toBe(allowed.origin);
  // And a request sent anyway (not from a browser) is refused with a stable code, nothing queued.
  const forced = await fetch(`${lifeline.url}/api/help-requests`, {
    method: 'POST',
    headers: { origin: intruder.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo' }),
  });
  expect(forced.status).toBe(403);
  expect(await forced.json()).toMatchObject({ error: { code: 'forbidden' } });
  expect(lifeline.app.hub.engine.state.queue).toHaveLength(0);
});
