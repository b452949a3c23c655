import type { AvailabilityReply } from '@lifeline/shared';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { ButtonHost } from '../loader/contract.js';

const NOW = Date.UTC(2026, 10, 23, 15, 0);
const online: AvailabilityReply = {
  open: true,
  nextOpenAt: null,
  agentsOnline: 2,
  agentsAvailable: 1,
  etaMs: 20_000,
  topics: [],
};
/** What the server answers next (the last one again once they run out), and how often it was asked. */
let replies: unknown[] = [];
let asked = 0;

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  vi.resetModules();
  asked = 0;
  replies = [online];
  vi.stubGlobal('fetch', async (url: string) => {
    asked++;
    expect(url).toBe('https://help.example/api/tenants/demo/availability');
    const reply = replies.length > 1 ? replies.shift() : replies[0];
    return new Response(JSON.stringify(reply), { status: reply === 'down' ? 503 : 200 });
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

async function showing(locale = 'en') {
  const { showAvailability } = await import('./availability.js');
  const element = document.createElement('div');
  document.body.append(element);
  const root = element.attachShadow({ mode: 'open' });
  const button = Object.assign(document.createElement('button'), { className: 'help', textContent: '? Help' });
  root.append(button);
  element.lang = locale;
  const config = { server: 'https://help.example', tenant: 'demo', locale };
  const heard: unknown[] = [];
  const host = {
    config: () => config,
    identity: null,
    button,
    emit: (event: string, detail: unknown) => heard.push([event, detail]),
  } as unknown as ButtonHost;
  showAvailability(host);
  await vi.advanceTimersByTimeAsync(0);
  const line = () => root.querySelector<HTMLElement>('.help-line');
  return { button, line, heard, config, element, root };
}

test('before any press, the button says agents are online and how soon they answer, and the host hears it', async () => {
  const { button, line, heard } = await showing();
  expect(line()?.textContent).toBe('Agents online · usually answers in under a minute');
  expect(line()?.classList.contains('online')).toBe(true);
  // Read with the button by screen readers: its description.
  expect(button.getAttribute('aria-describedby')).toBe(line()?.id);
  expect(heard).toEqual([['availability', online]]);
});

test('a longer wait is said as a bound in minutes; nobody online and closed say so, with the next opening', async () => {
  replies = [{ ...online, etaMs: 4 * 60_000 + 1 }];
  const first = await showing();
  expect(first.line()?.textContent).toBe('Agents online · usually answers within 5 minutes');
  document.body.replaceChildren();
  vi.resetModules();
  replies = [{ ...online, agentsOnline: 0, agentsAvailable: 0, etaMs: null }];
  const nobody = await showing();
  expect(nobody.line()?.textContent).toBe('No one is online right now');
  expect(nobody.line()?.classList.contains('online')).toBe(false);
  document.body.replaceChildren();
  vi.resetModules();
  replies = [{ ...online, open: false, nextOpenAt: Date.UTC(2026, 10, 30, 8), agentsOnline: 0, etaMs: null }];
  const closed = await showing();
  expect(closed.line()?.textContent).toMatch(/^We're closed now\. We open again Mon, Nov 30, .+\.$/);
});

test("in the user's language, right to left for Arabic, and again when the host changes it", async () => {
  const { line, config, element } = await showing('fr');
  // Each language's sentences are a chunk of their own, fetched when needed.
  await vi.waitFor(() =>
    expect(line()?.textContent).toBe('Conseillers en ligne · répondent d’habitude en moins d’une minute'),
  );
  expect(line()?.lang).toBe('fr');
  config.locale = 'ar';
  element.lang = 'ar';
  await vi.waitFor(() => expect(line()?.textContent).toBe('الموظفون متصلون · يردّون عادةً في أقل من دقيقة'));
  expect(line()?.dir).toBe('rtl');
  // The language changed, not the team: nothing more was asked.
  expect(asked).toBe(1);
});

test('asked again only when the user comes near the button after 30 s, or when the team opens: never polled', async () => {
  replies = [{ ...online, open: false, nextOpenAt: NOW + 3_600_000, agentsOnline: 0, etaMs: null }, online];
  const { button, line, heard } = await showing();
  await vi.advanceTimersByTimeAsync(20_000);
  button.dispatchEvent(new Event('pointerenter'));
  await vi.advanceTimersByTimeAsync(0);
  expect(asked).toBe(1);
  await vi.advanceTimersByTimeAsync(20 * 60_000);
  expect(asked).toBe(1);
  // The opening hour: asked once, and now open.
  await vi.advanceTimersByTimeAsync(40 * 60_000 + 1_000);
  expect(asked).toBe(2);
  expect(line()?.textContent).toBe('Agents online · usually answers in under a minute');
  expect(heard).toHaveLength(2);
  button.dispatchEvent(new Event('focus'));
  await vi.advanceTimersByTimeAsync(0);
  expect(asked).toBe(2);
  await vi.advanceTimersByTimeAsync(31_000);
  button.dispatchEvent(new Event('focus'));
  await vi.advanceTimersByTimeAsync(0);
  expect(asked).toBe(3);
  // The same answer again is not news for the host.
  expect(heard).toHaveLength(2);
});

test('a server that is down or answers nonsense leaves the button as it was, with nothing said', async () => {
  replies = ['down'];
  const down = await showing();
  expect(down.line()?.textContent).toBe('');
  expect(down.heard).toEqual([]);
  document.body.replaceChildren();
  vi.resetModules();
  replies = [{ open: 'yes' }];
  const nonsense = await showing();
  expect(nonsense.line()?.textContent).toBe('');
  expect(nonsense.heard).toEqual([]);
});
