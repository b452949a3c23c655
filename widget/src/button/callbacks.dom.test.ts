import type { UserCallbackView } from '@lifeline/shared';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';

const NOW = Date.UTC(2026, 10, 23, 15, 0);
/** What the server's lookup answers next, in order. */
let replies: UserCallbackView[][] = [];
let lookups = 0;

const callback = (changes: Partial<UserCallbackView> = {}): UserCallbackView => ({
  id: 'cb-1',
  status: 'scheduled',
  dueAt: NOW + 60_000,
  agentName: 'Alex',
  ...changes,
});

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  vi.resetModules();
  lookups = 0;
  vi.stubGlobal('fetch', async () => {
    lookups++;
    return new Response(JSON.stringify({ callbacks: replies.shift() ?? [] }));
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

async function watching(panelOpen = false) {
  const { watch } = await import('./callbacks.js');
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const button = document.createElement('button');
  button.className = 'help';
  button.textContent = '? Help';
  button.setAttribute('aria-label', 'Get help');
  button.hidden = panelOpen;
  root.append(button);
  const heard: UserCallbackView[] = [];
  await watch({
    server: 'https://help.example',
    tenant: 'demo',
    identity: 'signed',
    locale: 'en',
    button,
    emit: (_event, detail) => heard.push(detail),
  });
  return { button, heard };
}

test('one lookup, then silence until the callback is due; asked once more then, the button rings with who calls', async () => {
  replies = [[callback()], [callback({ agentName: 'Sam' })]];
  const { button, heard } = await watching();
  expect(heard.map((c) => c.agentName)).toEqual(['Alex']);
  await vi.advanceTimersByTimeAsync(59_000);
  expect(button.classList.contains('ringing')).toBe(false);
  expect(lookups).toBe(1);
  // Handed over meanwhile: the colleague is the one calling.
  await vi.advanceTimersByTimeAsync(1_000);
  expect(lookups).toBe(2);
  expect(button.getAttribute('aria-label')).toBe('Answer help callback from Sam');
  expect(button.dataset.callback).toBe('cb-1');
  expect(heard.map((c) => c.agentName)).toEqual(['Alex', 'Sam']);
});

test('a callback cancelled on another page never rings this one', async () => {
  replies = [[callback()], []];
  const { button } = await watching();
  await vi.advanceTimersByTimeAsync(60_000);
  expect(lookups).toBe(2);
  expect(button.classList.contains('ringing')).toBe(false);
});

test('a ring the server gave up on (no answer, retried later) stops, and rings again at the new time', async () => {
  replies = [[callback({ status: 'due', dueAt: NOW })], [callback({ dueAt: NOW + 600_000 })]];
  const { button } = await watching();
  await vi.advanceTimersByTimeAsync(0);
  expect(button.classList.contains('ringing')).toBe(true);
  await vi.advanceTimersByTimeAsync(30_000);
  expect(button.classList.contains('ringing')).toBe(false);
  expect(button.getAttribute('aria-label')).toBe('Get help');
  expect(button.textContent).toBe('? Help');
  expect(button.dataset.callback).toBeUndefined();
  replies = [[callback({ status: 'due', dueAt: NOW + 600_000 })]];
  await vi.advanceTimersByTimeAsync(570_000);
  expect(button.getAttribute('aria-label')).toBe('Answer help callback from Alex');
});

test('a callback closed while ringing (missed, cancelled) stops the ring, and nothing more is asked', async () => {
  replies = [[callback({ status: 'due', dueAt: NOW })], []];
  const { button } = await watching();
  await vi.advanceTimersByTimeAsync(30_000);
  expect(button.classList.contains('ringing')).toBe(false);
  await vi.advanceTimersByTimeAsync(600_000);
  expect(lookups).toBe(2);
});

test('with the panel open (answering, or already talking) the button does not ring', async () => {
  replies = [[callback({ status: 'due', dueAt: NOW })]];
  const { button } = await watching(true);
  expect(button.classList.contains('ringing')).toBe(false);
  // Closed while the callback is still due: the next look rings it.
  replies = [[callback({ status: 'due', dueAt: NOW })]];
  button.hidden = false;
  await vi.advanceTimersByTimeAsync(30_000);
  expect(button.classList.contains('ringing')).toBe(true);
});
