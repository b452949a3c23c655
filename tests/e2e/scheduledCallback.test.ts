import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatsReply } from '@lifeline/shared';
import { signIdentity } from '@lifeline/signaling-server/testing/identityToken';
import { verifyWebhook } from '@lifeline/signaling-server/webhooks/signature';
import type { Browser, Page } from 'playwright-core';
import { afterAll, expect, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import { agentSignsIn, expectPageMirrored, USER_AGENT_VIDEO } from '../support/flows.js';
import { expectBytesGrow, expectFramesAdvance } from '../support/media.js';
import { freePort, killHard, startServerProcess } from '../support/process.js';
import { DEMO_AGENT } from '../support/server.js';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhookReceiver.js';

const IDENTITY_SECRET = 'demo-identity-secret-for-tests-0123456789';
const WEBHOOK_SECRET = 'whsec-demo-0123456789abcdef0123456789ab';
const dir = mkdtempSync(join(tmpdir(), 'lifeline-scheduled-'));
let server: ChildProcess | undefined;
let receiver: WebhookReceiver | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) await killHard(server);
  await receiver?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const identify = (page: Page, identity: string) =>
  page.evaluate(
    (who) => (window as unknown as { Lifeline: { identify(i: string): void } }).Lifeline.identify(who),
    identity,
  );

test('a user books a callback, closes the page, the server restarts; when due another page rings and the call connects both ways', async () => {
  receiver = new WebhookReceiver(await freePort());
  await receiver.start();
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PORT: port,
    DEMO: 'true',
    DATABASE_PATH: join(dir, 'lifeline.sqlite'),
    TENANTS: JSON.stringify({
      demo: {
        identitySecret: IDENTITY_SECRET,
        webhook: { url: receiver.url, secret: WEBHOOK_SECRET },
        // One-minute slots from now, so the test's callback is due within a minute.
        callbacks: { slotMinutes: 1, leadMinutes: 0 },
      },
    }),
    WEBHOOK_RETRY_BASE_MS: '300',
  };
  server = await startServerProcess(env);
  browser = await launchChromium();
  const identity = await signIdentity(IDENTITY_SECRET, { sub: 'cust-7', name: 'Fox Mulder' });

  // Nobody is online: the user books the first free time and closes the page.
  const userContext = await newContext(browser, url);
  const first = await userContext.newPage();
  await first.goto('/');
  await first.waitForFunction(() => 'Lifeline' in window);
  await identify(first, identity);
  await first.getByRole('button', { name: /help/i }).click();
  await first.getByRole('button', { name: /Start/ }).click();
  await first.getByText('No one is available right now').waitFor();
  await first.getByRole('button', { name: 'Call me back later' }).click();
  const time = first.getByLabel('Time');
  await time.locator('option').nth(1).waitFor({ state: 'attached' });
  await time.selectOption({ index: 1 });
  const dueAt = Number(await time.inputValue());
  receiver.failNext = 1; // the backend's first answer to callback.scheduled is a 500
  await first.getByRole('button', { name: 'Book callback' }).click();
  await first.getByText(/will call you back on .+ You can close this page/).waitFor();
  await first.close();
  await receiver.waitFor('callback.scheduled', 1); // the backend's 500 has been answered

  // A deploy: the server is killed outright and started again on the same database.
  await killHard(server);
  server = await startServerProcess(env);

  const agent = await (await newContext(browser, url)).newPage();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Available' }).click();
  // The first slot can be due already (it starts at the next whole minute): the console then
  // rings at once rather than saying it is available.
  await agent
    .getByText('You are available')
    .or(agent.getByRole('heading', { name: 'Callback request' }))
    .waitFor();

  // Later, another page of the product: its help button rings when the callback is due.
  const second = await userContext.newPage();
  await second.goto('/?page=billing');
  await second.waitForFunction(() => 'Lifeline' in window);
  await identify(second, identity);
  const ringing = second.getByRole('button', { name: /Answer help callback from Support/ });
  await ringing.waitFor({ timeout: 90_000 });
  expect(Date.now()).toBeGreaterThanOrEqual(dueAt - 1_000);

  // The agent's console rings for it too, saying it was booked by the user.
  await agent.getByRole('heading', { name: 'Callback request' }).waitFor();
  await agent.getByText('Booked by the user').waitFor();
  await agent.getByRole('button', { name: 'Accept' }).click();

  await ringing.click();
  await second.getByRole('button', { name: /Start/ }).click();
  await second.getByText('can see this page').waitFor();
  // Media both ways: the agent's video decoded on the user's page, the user's voice and page at the agent.
  await expectFramesAdvance(second, USER_AGENT_VIDEO);
  await expectBytesGrow(agent, 'audio');
  await expectPageMirrored(agent);
  await second.getByRole('button', { name: 'End call' }).click();

  // The tenant's backend heard of it, signed: scheduled (a 500, then delivered again with the same
  // id) and due. Delivery is at least once: killed before it wrote down the failed attempt, the
  // server sends attempt 1 again after the restart; otherwise the retry is attempt 2.
  const verified = (hook: ReceivedWebhook) =>
    verifyWebhook(WEBHOOK_SECRET, hook.headers['lifeline-signature'] as string, hook.body, Date.now());
  const scheduled = await receiver.waitFor('callback.scheduled', 2);
  expect(scheduled[0]?.headers['lifeline-attempt']).toBe('1');
  expect(['1', '2']).toContain(scheduled[1]?.headers['lifeline-attempt']);
  expect(new Set(scheduled.map((h) => h.json.id)).size).toBe(1);
  expect(scheduled[0]?.json.data).toMatchObject({ kind: 'requested', dueAt, user: { userId: 'cust-7' } });
  const [due] = await receiver.waitFor('callback.due');
  expect(due?.json.data).toMatchObject({ dueAt, user: { userId: 'cust-7', name: 'Fox Mulder' } });
  const [closed] = await receiver.waitFor('callback.closed');
  expect(closed?.json.data).toMatchObject({ status: 'done', servedBy: { name: expect.any(String) } });
  expect([...scheduled, due, closed].every((h) => verified(h as ReceivedWebhook))).toBe(true);

  // The figures count it as requested and kept on time.
  const login = await fetch(`${url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_AGENT),
  });
  const { token } = (await login.json()) as { token: string };
  const stats = (await (
    await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as StatsReply;
  expect(stats.callbacks).toMatchObject({ requested: 1, keptOnTime: 1, late: 0, missed: 0 });
}, 240_000);
