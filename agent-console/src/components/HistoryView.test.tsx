import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { UrlSync } from '../routing/UrlSync.js';
import { DETAIL, SUMMARY } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { NO_FILTERS } from '../transport/historyQuery.js';
import { HistoryView } from './HistoryView.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  history.replaceState(null, '', '/');
});

test('lists sessions with time to answer, duration, outcome, rating and notes; searching asks the server', async () => {
  const fetch = vi.fn().mockResolvedValue(reply({ sessions: [], total: 0 }));
  vi.stubGlobal('fetch', fetch);
  const { user } = renderConsole(<HistoryView />, {
    history: {
      query: '',
      filters: NO_FILTERS,
      sessions: [SUMMARY],
      total: 1,
      loading: false,
      error: null,
      selected: null,
    },
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

test('opening a session shows its figures, notes and the whole timeline in order, at its own URL', async () => {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => reply(url.startsWith('/api/sessions?') ? { sessions: [SUMMARY], total: 1 } : DETAIL)),
  );
  history.replaceState(null, '', '/history');
  const { user } = renderConsole(
    <>
      <UrlSync />
      <HistoryView />
    </>,
    {
      history: {
        query: '',
        filters: NO_FILTERS,
        sessions: [SUMMARY],
        total: 1,
        loading: false,
        error: null,
        selected: null,
      },
    },
  );
  await user.click(within(screen.getByRole('row', { name: /Dana Scully/ })).getByRole('link'));
  expect(location.pathname).toBe(`/history/${SUMMARY.id}`);
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
  expect(location.pathname).toBe('/history');
  await waitFor(() => expect(screen.queryByRole('article', { name: 'Session details' })).toBeNull());
  // Back reopens it, as a browser's back button would.
  act(() => history.back());
  await screen.findByRole('article', { name: 'Session details' });
});

test('a failed search says why and keeps the last results', async () => {
  vi.stubGlobal(
    'fetch',
    vi
      .fn()
      .mockResolvedValue(reply({ error: { code: 'unauthorized', message: 'missing or invalid credentials' } }, 401)),
  );
  const { user } = renderConsole(<HistoryView />, {
    history: {
      query: '',
      filters: NO_FILTERS,
      sessions: [SUMMARY],
      total: 1,
      loading: false,
      error: null,
      selected: null,
    },
  });
  await user.click(screen.getByRole('button', { name: 'Search' }));
  expect((await screen.findByRole('alert')).textContent).toBe('missing or invalid credentials');
  expect(screen.getByRole('row', { name: /Dana Scully/ })).toBeTruthy();
});

test('filters go to the server with the search; Export CSV saves what they match', async () => {
  const fetch = vi.fn(async (url: string) =>
    url.includes('format=csv')
      ? new Response('session\ns1\n', { headers: { 'content-type': 'text/csv' } })
      : url === '/api/team'
        ? reply({ agents: [{ id: 'a2', name: 'Sam', presence: 'available', languages: [], areas: [] }] })
        : reply({ sessions: [], total: 0 }),
  );
  vi.stubGlobal('fetch', fetch);
  const saved: string[] = [];
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:csv', revokeObjectURL: () => {} }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push(this.download);
  });
  const { user, store } = renderConsole(<HistoryView />);
  const auth = store.getState().auth;
  act(() => store.setState({ auth: auth && { ...auth, agent: { ...auth.agent, role: 'supervisor' } } }));
  await user.type(screen.getByLabelText('From'), '2026-03-01');
  await user.type(screen.getByLabelText('To'), '2026-03-02');
  await user.selectOptions(
    await screen.findByRole('combobox', { name: 'Agent' }),
    await screen.findByRole('option', { name: 'Sam' }),
  );
  await user.selectOptions(screen.getByLabelText('Disposition'), 'Needs follow-up');
  await user.selectOptions(screen.getByLabelText('Rating'), '5 / 5');
  await user.click(screen.getByRole('button', { name: 'Search' }));
  const asked = new URL(
    String(fetch.mock.calls.find(([u]) => String(u).startsWith('/api/sessions?'))?.[0]),
    'http://x',
  );
  expect(Object.fromEntries(asked.searchParams)).toEqual({
    limit: '100',
    from: String(new Date(2026, 2, 1).getTime()),
    to: String(new Date(2026, 2, 3).getTime()),
    agent: 'a2',
    disposition: 'follow_up',
    rating: '5',
  });
  await user.click(screen.getByRole('button', { name: 'Export CSV' }));
  await waitFor(() => expect(saved).toEqual([expect.stringMatching(/^lifeline-sessions-.*\.csv$/)]));
  const exported = String(fetch.mock.calls.find(([u]) => String(u).includes('format=csv'))?.[0]);
  expect(exported).toContain('disposition=follow_up');
  expect(exported).toContain('agent=a2');
});

test('an agent, who sees only their own sessions, is not offered the agent filter', () => {
  vi.stubGlobal('fetch', vi.fn().mockResolvedValue(reply({ sessions: [], total: 0 })));
  renderConsole(<HistoryView />);
  expect(screen.queryByRole('combobox', { name: 'Agent' })).toBeNull();
  expect(screen.getByLabelText('Disposition')).toBeTruthy();
});
