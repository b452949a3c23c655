import type { AvailabilityReply } from '@lifeline/shared';
import { afterEach, expect, test } from 'vitest';
import { ManualClock } from '../testing/manualClock.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';
import { AVAILABILITY_CACHE_S } from './availabilityRoute.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const TOPICS = [
  { area: 'billing', label: 'Billing and invoices' },
  { area: 'export', label: 'Exporting data' },
];
// Monday 5 January 2026, 12:00 UTC: the team opens at 13:00.
const tenants = JSON.stringify({
  acme: { topics: TOPICS, businessHours: { timeZone: 'UTC', mon: ['13:00', '18:00'], tue: ['09:00', '18:00'] } },
});

async function availability(tenant: string) {
  const response = await fetch(`${server.url}/api/tenants/${tenant}/availability`);
  return { status: response.status, cache: response.headers.get('cache-control'), body: await response.json() };
}

test('before pressing help: open or not, the next opening, who is online, the likely wait and the topics', async () => {
  const clock = new ManualClock();
  server = await startTestServer({ TENANTS: tenants }, clock);
  const closed = await availability('acme');
  expect(closed.status).toBe(200);
  expect(closed.cache).toBe(`public, max-age=${AVAILABILITY_CACHE_S}`);
  expect(closed.body as AvailabilityReply).toEqual({
    open: false,
    nextOpenAt: Date.UTC(2026, 0, 5, 13),
    agentsOnline: 0,
    agentsAvailable: 0,
    etaMs: null,
    topics: TOPICS,
  });

  clock.advance(3_600_000); // 13:00: open
  const agent = await TestClient.connect(server.url, await server.agentToken());
  clients.push(agent);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  await agent.next('agent.state', (f) => f.status === 'available');
  const open = (await availability('acme')).body as AvailabilityReply;
  expect(open).toMatchObject({ open: true, nextOpenAt: null, agentsOnline: 1, agentsAvailable: 1 });
  expect(open.etaMs).toBeGreaterThanOrEqual(0);
  expect(open.etaMs).toBeLessThan(60_000);

  // One answer per tenant for a few seconds, however many pages ask.
  agent.send({ type: 'agent.setStatus', status: 'away' });
  await agent.next('agent.state', (f) => f.status === 'away');
  expect(((await availability('acme')).body as AvailabilityReply).agentsAvailable).toBe(1);
  clock.advance(AVAILABILITY_CACHE_S * 1000);
  expect(((await availability('acme')).body as AvailabilityReply).agentsAvailable).toBe(0);
});

test('outside demo mode an unknown tenant is refused with a stable code', async () => {
  server = await startTestServer({ DEMO: 'false', AUTH_SECRET: 'x'.repeat(32), TENANTS: tenants });
  expect(await availability('nobody')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
});
