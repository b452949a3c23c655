import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { DETAIL, SUMMARY } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { HistoryView } from './HistoryView.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

test('lists sessions with time to answer, duration, outcome, rating and notes; searching asks the server', async () => {
  const fetch = vi.fn().mockResolvedValue(reply({ sessions: [], total: 0 }));
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<HistoryView />, {
    history: { query: '', sessions: [SUMMARY], total: 1, loading: false, error: null, selected: null },
  });
  const row = screen.getByRole('row', { name: /Dana Scully/ });
  const cells = within(row)
    .getAllByRole('cell')
    .map((c) => c.textContent);
  expect(cells.slice(1)).toEqual([
    'Dana Scully',
    'Alex',
    'Answered · Needs follow-up',
    '4.2 s',
    '95.0 s',
    '4 / 5',
    'Export button hidden',
  ]);
  expect(screen.getByText('1 session')).toBeTruthy();

  await user.type(screen.getByRole('searchbox'), ' export ');
  await user.click(screen.getByRole('button', { name: 'Search' }));
  expect(fetch).toHaveBeenCalledWith('/api/sessions?limit=100&q=export', expect.anything());
  expect(await screen.findByText('0 sessions')).toBeTruthy();
  expect(screen.queryByRole('row', { name: /Dana Scully/ })).toBeNull();
});

test('opening a session shows its figures, notes and the whole timeline in order', async () => {
  vi.stubGlobal('fetch', vi.fn().mockResolvedValue(reply(DETAIL)));
  const { user } = renderConsole(<HistoryView />, {
    history: { query: '', sessions: [SUMMARY], total: 1, loading: false, error: null, selected: null },
  });
  await user.click(within(screen.getByRole('row', { name: /Dana Scully/ })).getByRole('button'));
  const detail = await screen.findByRole('article', { name: 'Session details' });
  expect(within(detail).getByText('4 / 5 — “quick”')).toBeTruthy();
  expect(within(detail).getByText('Chrome 140 on Linux')).toBeTruthy();
  const steps = within(within(detail).getByRole('list', { name: 'Timeline' }))
    .getAllByRole('listitem')
    .map((li) => li.textContent?.replace(/^\S+\s*(AM|PM)?\s*/, ''));
  expect(steps).toEqual([
    'Asked for help',
    'Joined the queue',
    'Rang at Alex',
    'Answered by Alex',
    'Ended (agent ended)',
  ]);
  await user.click(within(detail).getByRole('button', { name: 'Close' }));
  expect(screen.queryByRole('article', { name: 'Session details' })).toBeNull();
});

test('a failed search says why and keeps the last results', async () => {
  vi.stubGlobal(
    'fetch',
    vi
      .fn()
      .mockResolvedValue(reply({ error: { code: 'unauthorized', message: 'missing or invalid credentials' } }, 401)),
  );
  const { user } = renderConsole(<HistoryView />, {
    history: { query: '', sessions: [SUMMARY], total: 1, loading: false, error: null, selected: null },
  });
  await user.click(screen.getByRole('button', { name: 'Search' }));
  expect((await screen.findByRole('alert')).textContent).toBe('missing or invalid credentials');
  expect(screen.getByRole('row', { name: /Dana Scully/ })).toBeTruthy();
});
