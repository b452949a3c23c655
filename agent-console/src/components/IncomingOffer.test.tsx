import { SessionId } from '@lifeline/shared';
import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { SUMMARY } from '../testing/fixtures.js';
import { renderConsole } from '../testing/renderConsole.js';
import { IncomingOffer } from './IncomingOffer.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** The console's clock is frozen here, so the seconds shown do not depend on the machine's speed. */
const NOW = Date.UTC(2026, 0, 5, 12);

const offer = (changes = {}) => ({
  sessionId: SessionId.parse('s-9'),
  user: {
    name: 'Dana',
    plan: 'pro',
    language: 'de',
    pageUrl: 'https://shop.example/cart',
    userAgent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  },
  requestedAt: NOW - 12_000,
  expiresAt: NOW + 20_000,
  callback: false,
  ...changes,
});

test('who, where, with which browser, how long they waited, and the time left to answer, ticking', () => {
  vi.useFakeTimers({ now: NOW });
  renderConsole(<IncomingOffer />, { offer: offer() });
  expect(screen.getByRole('heading', { name: 'Incoming help request' })).toBeTruthy();
  expect(screen.getByText('Dana (pro)')).toBeTruthy();
  expect(screen.getByText('https://shop.example/cart')).toBeTruthy();
  expect(screen.getByText(/^Safari 17 on macOS/)).toBeTruthy();
  expect(screen.getByText('de')).toBeTruthy();
  expect(screen.getByText('12 s')).toBeTruthy();
  expect(screen.getByText('Answer within 20 s')).toBeTruthy();
  act(() => vi.advanceTimersByTime(3_000));
  expect(screen.getByText('15 s')).toBeTruthy();
  expect(screen.getByText('Answer within 17 s')).toBeTruthy();
  act(() => vi.advanceTimersByTime(30_000));
  expect(screen.getByText('Answer within 0 s')).toBeTruthy();
});

test('Accept and Decline work by button and by the A and D keys; nothing rings without an offer', async () => {
  const { user, client, store } = renderConsole(<IncomingOffer />, { offer: offer() });
  const accept = vi.spyOn(client, 'accept').mockImplementation(() => {});
  const decline = vi.spyOn(client, 'decline').mockImplementation(() => {});
  await user.click(screen.getByRole('button', { name: 'Accept' }));
  await user.keyboard('a');
  expect(accept).toHaveBeenCalledTimes(2);
  await user.keyboard('d');
  expect(decline).toHaveBeenCalledTimes(1);
  act(() => store.setState({ offer: null }));
  expect(screen.queryByRole('button', { name: 'Accept' })).toBeNull();
});

test('a transfer shows who hands it over and their note; a callback says so', () => {
  const { store } = renderConsole(<IncomingOffer />, {
    offer: offer({ transfer: { fromAgentName: 'Sam', note: 'Refund approved, needs the form' } }),
  });
  expect(screen.getByRole('heading', { name: 'Transfer from Sam' })).toBeTruthy();
  expect(screen.getByLabelText('Transfer note').textContent).toBe('Refund approved, needs the form');
  act(() => store.setState({ offer: offer({ callback: true }) }));
  expect(screen.getByRole('heading', { name: 'Callback request' })).toBeTruthy();
});

test("a colleague's follow-up shows who promised it, the note, the handoff, and the user's earlier sessions", () => {
  const followUp = {
    callbackId: 'cb-1',
    dueAt: NOW,
    note: 'Check the refund landed',
    ownerName: 'Alex',
    handoffNote: 'Prefers mornings',
    originSessionId: 's-1',
  };
  renderConsole(<IncomingOffer />, {
    offer: offer({ callback: true, followUp }),
    previous: { sessionId: 's-9', sessions: [SUMMARY] },
  });
  const promise = screen.getByRole('group', { name: 'Callback promise' });
  expect(promise.textContent).toMatch(/^Promised by Alex for /);
  expect(screen.getByLabelText('Callback note').textContent).toBe('Check the refund landed');
  expect(screen.getByLabelText('Handoff note').textContent).toBe('Prefers mornings');
  const history = screen.getByRole('region', { name: 'Previous sessions' });
  expect(history.textContent).toContain(SUMMARY.notes[0]?.body ?? 'missing note');
});

test("another session's history is never shown on this offer", () => {
  renderConsole(<IncomingOffer />, { offer: offer(), previous: { sessionId: 's-2', sessions: [SUMMARY] } });
  expect(screen.queryByRole('region', { name: 'Previous sessions' })).toBeNull();
});
