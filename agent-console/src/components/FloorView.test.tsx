import type { FloorReply, TimeToAnswerReply } from '@lifeline/shared';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { AT } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { FloorView } from './FloorView.js';
import { TimeToAnswerCharts } from './TimeToAnswerCharts.js';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const FLOOR: FloorReply = {
  media: 'livekit',
  waiting: [
    {
      sessionId: 'w1',
      position: 1,
      waitedMs: 75_000,
      name: 'Ana',
      language: 'pt-BR',
      tier: 1,
      callback: false,
      offeredTo: 'Alex',
    },
    { sessionId: 'w2', position: 2, waitedMs: 5_000, tier: 0, callback: true },
  ],
  calls: [{ sessionId: 'c1', agentId: 'a2', agentName: 'Sam', userName: 'Bo', startedAt: null }],
  agents: [
    { id: 'a1', name: 'Alex', team: 'default', presence: 'offered' },
    { id: 'a2', name: 'Sam', team: 'default', presence: 'busy' },
    { id: 'a3', name: 'Kim', team: 'default', presence: 'away', awayReason: 'Lunch' },
  ],
};

test('the queue in order with waits, language, tier and callbacks; live calls; the team with away reasons', () => {
  renderConsole(<FloorView />, { floor: FLOOR });
  const rows = screen
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    );
  expect(rows).toEqual([
    ['1', 'Ana ringing Alex', 'pt-BR', '1', '1:15'],
    ['2', 'Visitor (callback)', '–', '0', '0:05'],
  ]);
  expect(screen.getByRole('heading', { name: 'Live calls (1)' })).toBeTruthy();
  expect(screen.getByText(/Sam with Bo/)).toBeTruthy();
  const team = screen.getAllByRole('listitem').map((li) => li.textContent);
  expect(team).toContain('Kim Away (Lunch)');
  expect(team).toContain('Alex Ringing');
});

test('Monitor asks for a hidden seat in a LiveKit call', async () => {
  const { user, client } = renderConsole(<FloorView />, { floor: FLOOR });
  const monitor = vi.spyOn(client.supervision, 'startMonitoring').mockResolvedValue();
  await user.click(screen.getByRole('button', { name: 'Monitor' }));
  expect(monitor).toHaveBeenCalledWith('c1');
});

test('an empty floor says so; peer-to-peer calls cannot be monitored', () => {
  renderConsole(<FloorView />, { floor: { ...FLOOR, media: 'p2p', waiting: [] } });
  expect(screen.getByText('Nobody is waiting.')).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Monitor' })).toBeNull();
});

test('charts show time to answer per hour and its distribution, with every figure readable', async () => {
  const charts: TimeToAnswerReply = {
    window: { from: AT, to: AT + 7_200_000 },
    byHour: [
      { hourStart: AT, answered: 3, p50: 8_000, p90: 12_000 },
      { hourStart: AT + 3_600_000, answered: 0, p50: null, p90: null },
    ],
    distribution: [
      { upToMs: 5_000, count: 1 },
      { upToMs: 10_000, count: 2 },
      { upToMs: null, count: 1 },
    ],
  };
  vi.stubGlobal('fetch', vi.fn().mockResolvedValue(reply(charts)));
  renderConsole(<TimeToAnswerCharts />);
  const byHour = await screen.findByRole('list', { name: 'Time to answer by hour (p90), values' });
  expect(
    within(byHour)
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/^\d\d: /, '')),
  ).toEqual(['p90 12.0 s, p50 8.0 s, 3 answered', 'no calls']);
  const spread = screen.getByRole('list', { name: 'Time to answer distribution, values' });
  expect(
    within(spread)
      .getAllByRole('listitem')
      .map((li) => li.textContent),
  ).toEqual(['≤5s: 1 call', '≤10s: 2 calls', '>10s: 1 call']);
  // Bar heights follow the counts: the tallest distribution bar is the 2-call bucket.
  const heights = [...document.querySelectorAll('figure:last-of-type rect')].map((r) =>
    Number(r.getAttribute('height')),
  );
  expect(heights[1]).toBeGreaterThan(heights[0] ?? 0);
  expect(heights[0]).toBe(heights[2]);
});
