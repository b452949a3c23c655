import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { contrast, luminance } from '../../widget/src/panel/brand.js';
import { launchChromium, newContext } from '../support/browser.js';
import {
  agentGoesAvailable,
  CONSOLE_SCREEN_VIDEO,
  expectPageMirrored,
  USER_AGENT_VIDEO,
  userSharesScreen,
} from '../support/flows.js';
import { expectFramesAdvance } from '../support/media.js';
import { startServer } from '../support/server.js';

/** A customer's site on its own origin, serving the pages below (built with the Lifeline URL). */
function startCustomerSite(pages: Record<string, (lifeline: string) => string>, lifeline: () => string) {
  const server = createServer((req, res) => {
    const page = pages[req.url ?? '/'];
    res.setHeader('content-type', 'text/html');
    if (!page) return void res.writeHead(404).end();
    res.end(page(lifeline()));
  });
  return new Promise<{ server: Server; origin: string }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

const PAGES = {
  // The npm module, imported as an ES module (the same build a bundler would take from the package).
  '/esm': (url: string) => `<!doctype html><html lang="en"><head><title>ESM app</title></head><body>
    <h1 id="route">Home</h1>
    <script type="module">
      import { init } from '${url}/widget/package/index.js';
      const lifeline = init({ server: '${url}', tenant: 'demo', position: 'bottom-left', label: 'Ask us' });
      window.__events = [];
      for (const e of ['ready', 'open', 'queued', 'connected', 'ended']) lifeline.on(e, () => window.__events.push(e));
      // A single-page app: routes swap the whole body, as some frameworks do.
      window.navigate = (name) => {
        history.pushState({}, '', '/esm/' + name);
        document.body.innerHTML = '<h1 id="route">' + name + '</h1>';
      };
    </script></body></html>`,
  // The script tag configured by data attributes: German, on the left.
  '/tag-de': (url: string) => `<!doctype html><html lang="de"><head><title>Shop</title>
    <script src="${url}/widget.js" data-tenant="demo" data-position="bottom-left" data-theme="dark" async></script>
    </head><body><h1>Shop</h1></body></html>`,
  // A French product: the button speaks French and says, before any press, who is there.
  '/tag-fr': (url: string) => `<!doctype html><html lang="fr"><head><title>Boutique</title>
    <script>
      window.Lifeline = window.Lifeline || function () { (Lifeline.q = Lifeline.q || []).push(arguments); };
      window.__availability = [];
      Lifeline('on', 'availability', (detail) => window.__availability.push(detail));
    </script>
    <script src="${url}/widget.js" data-tenant="demo" async></script>
    </head><body><h1>Boutique</h1></body></html>`,
  // The README's snippet: calls made before the async tag has loaded are queued, then replayed.
  '/snippet': (url: string) => `<!doctype html><html lang="en"><head><title>Snippet</title>
    <script>
      window.Lifeline = window.Lifeline || function () { (Lifeline.q = Lifeline.q || []).push(arguments); };
      window.__events = [];
      Lifeline('init', { tenant: 'demo', label: 'Talk to us' });
      Lifeline('on', 'ready', () => window.__events.push('ready'));
      Lifeline('on', 'open', () => window.__events.push('open'));
    </script>
    <script src="${url}/widget.js" async></script>
    </head><body><h1>Shop</h1></body></html>`,
  // The product's own help link opens help; no floating button.
  '/launcher': (url: string) => `<!doctype html><html lang="en"><head><title>Launcher</title>
    <script src="${url}/widget.js" data-tenant="demo" data-launcher="#help-link" async></script>
    </head><body><nav><a id="help-link" href="/nowhere">Contact support</a></nav><h1>Settings</h1></body></html>`,
  // A branded product: its colour, name and logo.
  '/brand': (url: string) => `<!doctype html><html lang="en"><head><title>Acme Books</title>
    <script src="${url}/widget.js" data-tenant="demo" data-color="#e91e63" data-brand="Acme Books"
      data-logo="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='24' height='24'%3E%3Crect width='24' height='24' fill='%23e91e63'/%3E%3C/svg%3E" async></script>
    </head><body><h1>Books</h1></body></html>`,
  // The widget inside an iframe of the host's own origin, allowed to capture the screen.
  '/frame': () => `<!doctype html><html><head><title>Frame host</title></head><body>
    <iframe src="/tag-de" allow="display-capture; microphone" style="width:900px;height:700px"></iframe></body></html>`,
};

let browser: Browser;
let lifeline: Awaited<ReturnType<typeof startServer>>;
let site: Awaited<ReturnType<typeof startCustomerSite>>;

beforeAll(async () => {
  site = await startCustomerSite(PAGES, () => lifeline.url);
  lifeline = await startServer({ ALLOWED_ORIGINS: site.origin });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await lifeline?.app.close();
  site?.server.close();
});

test("before any press, the button says in the user's language that agents are online, and the host hears it", async () => {
  const agent = await (await newContext(browser, lifeline.url)).newPage();
  await agentGoesAvailable(agent);
  // Asked once the page has loaded: nobody pressed anything, and no call panel was fetched.
  const panelFetched: string[] = [];
  const user = await (await newContext(browser, site.origin)).newPage();
  user.on('request', (request) => request.url().endsWith('/widget/panel.js') && panelFetched.push(request.url()));
  await user.goto('/tag-fr');
  const help = user.getByRole('button', { name: 'Aide', exact: true });
  await help.waitFor();
  expect(await help.textContent()).toBe('? Aide');
  const line = user.locator('#lifeline-help-line');
  await user.getByText('Conseillers en ligne · répondent d’habitude en moins d’une minute').waitFor();
  expect(await line.textContent()).toBe('Conseillers en ligne · répondent d’habitude en moins d’une minute');
  // It sits above the button, and screen readers hear it with the button (its description).
  const [lineBox, buttonBox] = [await line.boundingBox(), await help.boundingBox()];
  if (!lineBox || !buttonBox) throw new Error('line or button not laid out');
  expect(lineBox.y + lineBox.height).toBeLessThanOrEqual(buttonBox.y);
  expect(await help.getAttribute('aria-describedby')).toBe(await line.getAttribute('id'));
  const heard = await user.evaluate(
    () => (window as unknown as { __availability: Array<{ open: boolean; agentsOnline: number }> }).__availability,
  );
  expect(heard).toHaveLength(1);
  expect(heard[0]?.open).toBe(true);
  expect(heard[0]?.agentsOnline).toBeGreaterThanOrEqual(1);
  expect(panelFetched).toEqual([]);
  // Pressed: the panel covers the corner, and the line goes with the button.
  await help.click();
  await user.getByRole('button', { name: 'Démarrer l’appel' }).waitFor();
  expect(await line.isVisible()).toBe(false);
});

test('from an ES module page: configured by init(), events fire, and the call survives SPA navigation', async () => {
  const agent = await (await newContext(browser, lifeline.url)).newPage();
  await agentGoesAvailable(agent);
  const user = await (await newContext(browser, site.origin)).newPage();
  await user.goto('/esm');
  const help = user.getByRole('button', { name: 'Ask us' });
  await help.waitFor();
  const box = await help.boundingBox();
  expect(box?.x).toBeLessThan(100); // bottom-left

  await help.click();
  await user.getByRole('button', { name: /Start/ }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await expectPageMirrored(agent, 'Home');
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);

  await user.evaluate(() => (window as unknown as { navigate(n: string): void }).navigate('billing'));
  expect(user.url()).toMatch(/\/esm\/billing$/);
  // The framework swept the body; the call panel is back and the media never stopped.
  await user.getByText('can see this page').waitFor();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  expect(await user.locator('#lifeline-widget').count()).toBe(1);
  await user.getByRole('button', { name: 'End call' }).click();
  await user.getByRole('button', { name: 'Rate 5 out of 5' }).waitFor();
  const events = await user.evaluate(() => (window as unknown as { __events: string[] }).__events);
  expect(events).toEqual(['ready', 'open', 'queued', 'connected', 'ended']);
});

test('a script tag configured by data attributes speaks German, sits on the left, and works inside an iframe', async () => {
  const agent = await (await newContext(browser, lifeline.url)).newPage();
  await agentGoesAvailable(agent);
  const host = await (await newContext(browser, site.origin)).newPage();
  await host.goto('/frame');
  const frame = host.frameLocator('iframe');
  const help = frame.getByRole('button', { name: 'Hilfe', exact: true });
  expect(await help.textContent()).toBe('? Hilfe');
  // data-position="bottom-left": the button hugs the iframe's bottom-left corner (900×700 at 8,8).
  const iframeBox = await host.locator('iframe').boundingBox();
  const buttonBox = await help.boundingBox();
  if (!iframeBox || !buttonBox) throw new Error('iframe or button not laid out');
  expect(buttonBox.x - iframeBox.x).toBeLessThan(60);
  expect(iframeBox.y + iframeBox.height - (buttonBox.y + buttonBox.height)).toBeLessThan(60);
  expect(await frame.locator('#lifeline-widget').getAttribute('data-theme')).toBe('dark');
  await help.click();
  await frame.getByRole('heading', { name: 'Mit einem Menschen sprechen' }).waitFor();
  await frame.getByRole('button', { name: 'Anruf starten' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await frame.getByText('sieht diese Seite und hört Sie').waitFor();
  await expectPageMirrored(agent, 'Shop');
  await agent.getByRole('button', { name: 'Ask to see screen' }).click();
  await frame.getByRole('button', { name: 'Bildschirm teilen' }).click();
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
});

test('on a phone-sized screen the panel fits and every control is reachable', async () => {
  const context = await newContext(browser, site.origin);
  const user = await context.newPage();
  await user.setViewportSize({ width: 360, height: 640 });
  await user.goto('/tag-de');
  await user.getByRole('button', { name: 'Hilfe', exact: true }).click();
  const panel = user.getByRole('dialog', { name: 'Live-Hilfe' });
  const box = await panel.boundingBox();
  expect(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= 360 && box.y + box.height <= 640).toBe(true);
  for (const name of ['Anruf starten', 'Nicht jetzt', 'Minimieren']) {
    const button = await user.getByRole('button', { name }).boundingBox();
    if (!button) throw new Error(`${name} is not laid out`);
    // Inside the screen on every edge, and big enough to tap.
    expect(button.x).toBeGreaterThanOrEqual(0);
    expect(button.y).toBeGreaterThanOrEqual(0);
    expect(button.x + button.width).toBeLessThanOrEqual(360);
    expect(button.y + button.height).toBeLessThanOrEqual(640);
    expect(button.height).toBeGreaterThanOrEqual(24);
  }
  await context.close();
});

test('the snippet: calls made before the async tag loaded are honoured, ready is heard, the button hides and shows', async () => {
  const user = await (await newContext(browser, site.origin)).newPage();
  await user.goto('/snippet');
  // init() queued before load set the label; the tenant is right (the panel opens for it).
  const help = user.getByRole('button', { name: 'Talk to us' });
  await help.waitFor();
  await user.waitForFunction(() => (window as unknown as { __events: string[] }).__events.includes('ready'));
  // A listener added long after load still hears ready: the tag is async, events are not missed.
  const late = await user.evaluate(
    () =>
      new Promise<string>((resolve) =>
        (window as unknown as { Lifeline(m: string, e: string, f: () => void): void }).Lifeline('on', 'ready', () =>
          resolve('heard'),
        ),
      ),
  );
  expect(late).toBe('heard');
  // The host hides the button (a page where help would be in the way), then shows it again.
  await user.evaluate(() => (window as unknown as { Lifeline: { hide(): void } }).Lifeline.hide());
  await help.waitFor({ state: 'hidden' });
  await user.evaluate(() => (window as unknown as { Lifeline(m: string): void }).Lifeline('show'));
  await help.click();
  await user.getByRole('button', { name: /Start/ }).waitFor();
  expect(await user.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual(['ready', 'open']);
});

test("the product's own help link opens help, and no floating button is shown", async () => {
  const user = await (await newContext(browser, site.origin)).newPage();
  await user.goto('/launcher');
  await user.waitForFunction(
    () => 'Lifeline' in window && 'init' in (window as unknown as { Lifeline: object }).Lifeline,
  );
  expect(await user.getByRole('button', { name: 'Help', exact: true }).isVisible()).toBe(false);
  await user.getByRole('link', { name: 'Contact support' }).click();
  await user.getByRole('button', { name: /Start/ }).waitFor();
  // The link's own navigation did not happen.
  expect(new URL(user.url()).pathname).toBe('/launcher');
  await user.getByRole('button', { name: 'Not now' }).click();
  expect(await user.getByRole('button', { name: 'Help', exact: true }).isVisible()).toBe(false);
});

/** The painted colours of an element (any CSS colour syntax), as sRGB channels. */
function paintedColours(page: import('playwright-core').Page, selector: string) {
  return page.evaluate((sel) => {
    const root = document.querySelector('#lifeline-widget')?.shadowRoot;
    const element = root?.querySelector(sel);
    if (!element) throw new Error(`no ${sel}`);
    const style = getComputedStyle(element);
    const paint = (color: string) => {
      const context = Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d');
      if (!context) throw new Error('no canvas');
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    return { background: paint(style.backgroundColor), text: paint(style.color) };
  }, selector);
}
const ratio = ({ background, text }: { background: number[]; text: number[] }) =>
  contrast(luminance(background), luminance(text));

test('the brand: the button and the panel wear its colour with readable words, its name and logo in the header', async () => {
  const user = await (await newContext(browser, site.origin)).newPage();
  await user.goto('/brand');
  await user.getByRole('button', { name: 'Help', exact: true }).waitFor();
  const button = await paintedColours(user, '.help');
  expect(button.background).toEqual([233, 30, 99]);
  expect(ratio(button)).toBeGreaterThanOrEqual(4.5);

  // Any colour a product might choose, light or dark, keeps the words readable.
  // The hard ones sit where black and white contrast about equally (greys near #767676, mid reds).
  const spread = Array.from({ length: 24 }, (_, i) => {
    const channel = (k: number) => ((i * 97 + k * 61) % 256).toString(16).padStart(2, '0');
    return `#${channel(1)}${channel(2)}${channel(3)}`;
  });
  const hard = ['#767676', '#777777', '#787878', '#8a8a8a', '#e91e63', '#ff0000', '#009688', '#9c27b0'];
  for (const color of ['#ffeb3b', '#1f5eff', '#212121', '#00e5ff', 'rebeccapurple', ...hard, ...spread, '#ff5722']) {
    await user.evaluate(
      (c) => (window as unknown as { Lifeline: { init(o: object): void } }).Lifeline.init({ color: c }),
      color,
    );
    const painted = await paintedColours(user, '.help');
    expect(ratio(painted), `${color}: ${JSON.stringify(painted)}`).toBeGreaterThanOrEqual(4.5);
  }
  // A colour the browser cannot read is ignored: the button keeps the last good one.
  await user.evaluate(() =>
    (window as unknown as { Lifeline: { init(o: object): void } }).Lifeline.init({ color: 'not-a-colour' }),
  );
  expect((await paintedColours(user, '.help')).background).toEqual([255, 87, 34]);

  await user.evaluate(() =>
    (window as unknown as { Lifeline: { init(o: object): void } }).Lifeline.init({ color: '#e91e63' }),
  );
  await user.getByRole('button', { name: 'Help', exact: true }).click();
  const panel = user.getByRole('dialog', { name: 'Live help' });
  await panel.getByText('Acme Books').waitFor();
  expect(await panel.locator('.brand img').getAttribute('src')).toMatch(/^data:image\/svg/);
  const start = await paintedColours(user, 'button.primary');
  expect(start.background).toEqual([233, 30, 99]);
  expect(ratio(start)).toBeGreaterThanOrEqual(4.5);
});
