import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

// The node counts itself behind as soon as one user it answered has not signed their socket in.
// That user is awaited for the whole test, however slow the machine (the page's clock runs a
// minute forward, the server's does not).
const env = useServerAndBrowser({ LOAD_SHEDDING: 'on', SHED_MIN_AWAITED: '1', SHED_FORGET_AFTER_MS: '120000' });

const pressHelp = async () => {
  const res = await fetch(`${env.url}/api/help-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'demo', context: {} }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
};

test('a user refused in a flash crowd keeps their place: someone who pressed help after them and got in first does not go ahead', async () => {
  const user = await env.page();
  const refusals: Array<{ ticket?: string }> = [];
  user.on('response', async (r) => {
    if (r.url().endsWith('/api/help-requests') && r.status() === 429) refusals.push(await r.json());
  });
  // Someone ahead was answered, and their socket is still on its way (a full accept queue).
  const aheadToken = await pressHelp();
  await userAsksForHelp(user);
  await expect.poll(() => refusals.length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect(refusals[0]?.ticket).toBeTruthy();

  // The node catches up, and before the widget asks again (2 to 4 s after its refusal) someone
  // else presses help and gets through.
  const ahead = await TestClient.connect(env.url, aheadToken);
  expect((await ahead.next('session.queued')).position).toBe(1);
  const later = await TestClient.connect(env.url, await pressHelp());
  expect((await later.next('session.queued')).position).toBe(2);

  // The widget asks again with its ticket: the user is second, where they were when refused.
  await user.getByText("You're number 2 in line.").waitFor({ timeout: 15_000 });
  await later.next('session.queued', (f) => f.position === 3, 5_000);
  await leave(user, ahead, later);
});

test('refused for a whole minute, the user is told the service is too busy, and Try again keeps their place', async () => {
  const user = await env.page();
  // The page's clock is run forward through the minute; every try still goes to the server.
  await user.clock.install();
  let refusals = 0;
  user.on('response', (r) => {
    if (r.url().endsWith('/api/help-requests') && r.status() === 429) refusals++;
  });
  const aheadToken = await pressHelp();
  await userAsksForHelp(user);
  const busy = user.getByText('So many people are asking for help right now');
  await expect.poll(() => refusals, { timeout: 10_000 }).toBeGreaterThan(0);
  while (!(await busy.isVisible())) {
    const before = refusals;
    await user.clock.runFor(5_000);
    await expect.poll(async () => refusals > before || (await busy.isVisible()), { timeout: 10_000 }).toBe(true);
  }
  expect(refusals).toBeGreaterThan(10);
  await user.getByRole('button', { name: 'Try again' }).waitFor();

  // The node catches up; someone who pressed after the user gets in first.
  const ahead = await TestClient.connect(env.url, aheadToken);
  expect((await ahead.next('session.queued')).position).toBe(1);
  const later = await TestClient.connect(env.url, await pressHelp());
  expect((await later.next('session.queued')).position).toBe(2);

  // Try again: the user's place, from their first refusal, is still theirs.
  await user.getByRole('button', { name: 'Try again' }).click();
  await user.getByText("You're number 2 in line.").waitFor({ timeout: 15_000 });
  await later.next('session.queued', (f) => f.position === 3, 5_000);
  await leave(user, ahead, later);
});

/** Everyone leaves the queue, so the next test starts with it empty and the node's pace at rest. */
async function leave(user: Page, ...clients: TestClient[]): Promise<void> {
  await user.getByRole('button', { name: 'Leave the queue' }).click();
  for (const client of clients) {
    client.send({ type: 'session.cancel' });
    await client.next('session.ended');
    client.close();
  }
  // The node judges the pace sockets sign in over half-second windows, and this test's sign-ins
  // raise how many awaited users count as behind in the next one: let them age out.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
}
