import type { FloorReply, StatsReply, TimeToAnswerReply } from '@lifeline/shared';
import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, expect, test, vi } from 'vitest';
import { AT } from '../testing/fixtures.js';
import { renderConsole, reply } from '../testing/renderConsole.js';
import { applyStoreFrame } from '../transport/storeFrames.js';
import { FloorFigures } from './FloorFigures.js';
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
  waitingCount: 2,
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

test('a long queue: the heading counts everyone, and says only its head is listed', () => {
  renderConsole(<FloorView />, { floor: { ...FLOOR, waitingCount: 10_000 } });
  expect(screen.getByRole('heading', { name: 'Queue (10,000)' })).toBeTruthy();
  expect(screen.getByText('The first 2 of 10,000 are listed.')).toBeTruthy();
  expect(screen.getAllByRole('row')).toHaveLength(3);
});

test('Monitor asks for a hidden seat in a LiveKit call', async () => {
  const { user, client } = renderConsole(<FloorView />, { floor: FLOOR });
  const monitor = vi.spyOn(client.supervision, 'startMonitoring').mockResolvedValue();
  await user.click(screen.getByRole('button', { name: 'Monitor' }));
  expect(monitor).toHaveBeenCalledWith('c1');
});

test('an empty floor says so; peer-to-peer calls cannot be monitored', () => {
  renderConsole(<FloorView />, { floor: { ...FLOOR, media: 'p2p', waiting: [], waitingCount: 0 } });
  expect(screen.getByText('Nobody is waiting.')).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Monitor' })).toBeNull();
});

test('charts show time to answer per hour, its distribution and the service level against its goal, every figure readable', async () => {
  const charts: TimeToAnswerReply = {
    window: { from: AT, to: AT + 7_200_000 },
    serviceLevel: { targetMs: 20_000, goal: 0.8 },
    byHour: [
      { hourStart: AT, answered: 3, p50: 8_000, p90: 12_000, serviceLevel: 2 / 3 },
      { hourStart: AT + 3_600_000, answered: 0, p50: null, p90: null, serviceLevel: null },
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
  const level = screen.getByRole('list', { name: 'Service level by hour (answered within 20 s), goal 80%, values' });
  expect(
    within(level)
      .getAllByRole('listitem')
      .map((li) => li.textContent?.replace(/^\d\d: /, '')),
  ).toEqual(['66.7%', 'no calls']);
  // Drawn by the chart library: axes with their ticks, and a bar per bucket sized by its count.
  const figures = document.querySelectorAll('figure.chart');
  expect(figures).toHaveLength(3);
  const distribution = figures[1] as Element;
  const labels = [...distribution.querySelectorAll('svg text')].map((t) => t.textContent);
  expect(labels).toEqual(expect.arrayContaining(['≤5s', '≤10s', '>10s', '0', '2']));
  const heights = [...distribution.querySelectorAll('.recharts-bar-rectangle path')].map((p) =>
    Number(p.getAttribute('height')),
  );
  expect(heights).toHaveLength(3);
  expect(heights[1]).toBeGreaterThan(heights[0] ?? 0);
  expect(heights[0]).toBe(heights[2]);
  expect(figures[2]?.textContent).toContain('Goal 80%');
});

test('the charts are read again when the server pushes new figures, not on a timer', async () => {
  const fetch = vi.fn().mockResolvedValue(
    reply({
      window: { from: AT, to: AT + 1 },
      serviceLevel: { targetMs: 20_000, goal: 0.8 },
      byHour: [],
      distribution: [],
    }),
  );
  vi.stubGlobal('fetch', fetch);
  const { store } = renderConsole(<TimeToAnswerCharts />);
  await screen.findByRole('region', { name: 'Time to answer charts' });
  expect(fetch).toHaveBeenCalledTimes(1);
  act(() => applyStoreFrame(store, { type: 'figures', stats: STATS }));
  await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
});

const percentiles = { mean: 4_000, p50: 3_000, p90: 9_000, p99: 12_000 };
const STATS: StatsReply = {
  window: { from: AT, to: AT + 3_600_000, serviceLevelTargetMs: 20_000 },
  requests: 10,
  answered: 8,
  abandoned: 2,
  timeToAnswerMs: percentiles,
  timeToMediaMs: percentiles,
  serviceLevel: 0.75,
  abandonmentRate: 0.2,
  averageHandleMs: 180_000,
  missedOffers: 1,
  waiting: 0,
  inCall: 1,
  agentsAvailable: 2,
  agentsOnline: 3,
  callbacks: { requested: 0, keptOnTime: 0, late: 0, missed: 0, sameAgent: 0 },
};

test('figures are read once, then follow what the server pushes over the socket, and the floor with them', async () => {
  const fetch = vi.fn().mockResolvedValue(reply(STATS));
  vi.stubGlobal('fetch', fetch);
  const { store } = renderConsole(
    <>
      <FloorFigures />
      <FloorView />
    </>,
  );
  const figures = await screen.findByRole('region', { name: 'Floor figures' });
  const value = (label: string) => within(figures).getByText(label).nextElementSibling?.textContent;
  expect(value('Waiting')).toBe('0');
  expect(value('Service level (20 s)')).toBe('75%');
  act(() => applyStoreFrame(store, { type: 'figures', stats: { ...STATS, waiting: 2, answered: 9 }, floor: FLOOR }));
  expect(value('Waiting')).toBe('2');
  expect(value('Answered today')).toBe('9');
  expect(screen.getByText(/Sam with Bo/)).toBeTruthy();
  expect(fetch).toHaveBeenCalledTimes(1);
});
