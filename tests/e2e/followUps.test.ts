import type { AgentId, StatsReply } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import { signIdentity } from '@lifeline/signaling-server/testing/identityToken';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { newContext } from '../support/browser.js';
import { agentGoesAvailable, agentSignsIn } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { DEMO_AGENT } from '../support/server.js';

const SECRET = 'demo-identity-secret-for-tests-0123456789';
const SAM = { email: 'sam@example.com', password: 'sam-password-1' };
const ALEX = 'Alex (demo agent)';
const env = useServerAndBrowser({
  TENANTS: JSON.stringify({ demo: { identitySecret: SECRET } }),
  // The owner's turn, short enough for a test: then a colleague with the skills takes it.
  CALLBACK_OWNER_WAIT_MS: '3000',
});

beforeAll(async () => {
  env.app.store.addAgent({
    id: 'sam' as AgentId,
    email: SAM.email,
    name: 'Sam',
    passwordHash: await hashPassword(SAM.password),
    skills: { languages: ['en'], areas: ['billing'] },
    team: 'default',
    role: 'agent',
  });
});

/** A page of the product, its user identified by the product's backend. */
async function identifiedUser(sub: string, name: string): Promise<Page> {
  const page = await (await newContext(env.browser, env.url)).newPage();
  await page.goto('/');
  await page.waitForFunction(() => 'Lifeline' in window);
  const token = await signIdentity(SECRET, { sub, name });
  await page.evaluate(
    (t) => (window as unknown as { Lifeline: { identify(i: string): void } }).Lifeline.identify(t),
    token,
  );
  return page;
}

/** The next whole minute at least 15 s away: the console's time field counts in minutes. */
const nextMinute = () => Math.ceil((Date.now() + 15_000) / 60_000) * 60_000;

/** "I'll call you back at …": the agent fills the promise form (in the call, or in wrap-up). */
async function promiseCallback(agent: Page, note: string, at = nextMinute()): Promise<number> {
  const form = agent.getByRole('form', { name: 'Promise a callback' });
  const local = await agent.evaluate(
    (t) => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16),
    at,
  );
  await form.getByLabel('Call back at').fill(local);
  await form.getByLabel('Callback note').fill(note);
  await form.getByRole('button', { name: 'Promise callback' }).click();
  await agent.getByText(/^Callback promised for/).waitFor();
  return at;
}

async function endAndWrapUp(agent: Page): Promise<void> {
  await agent.getByRole('button', { name: 'End call' }).click();
  await agent.getByLabel('Needs follow-up').check();
  await agent.getByRole('button', { name: 'Save wrap-up' }).click();
  await agent.getByText('Wrap-up saved.').waitFor();
}

test('a follow-up promised in wrap-up rings its owner with the note; promised again with the owner signed out, a colleague gets it after the wait, briefed', async () => {
  const alex = await env.page();
  await agentGoesAvailable(alex);
  const user = await identifiedUser('cust-7', 'Dana Scully');
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();
  await alex.getByRole('button', { name: 'Accept' }).click();
  await user.getByText(`${ALEX} can see this page`).waitFor();
  // A note in the call: the history a colleague reads before taking a follow-up.
  await alex.getByRole('form', { name: 'Call notes' }).getByRole('textbox').fill('Export button hidden in the menu');
  await alex.getByRole('button', { name: 'Add note' }).click();
  await alex
    .getByRole('form', { name: 'Call notes' })
    .getByRole('listitem')
    .filter({ hasText: 'Export button hidden in the menu' })
    .waitFor();
  await alex.getByRole('button', { name: 'End call' }).click();

  // In wrap-up: "I'll call you back at …", with a note.
  const firstDue = await promiseCallback(alex, 'Check the export works now');
  await alex.getByLabel('Needs follow-up').check();
  await alex.getByRole('button', { name: 'Save wrap-up' }).click();
  await alex.getByRole('region', { name: 'My callbacks' }).getByText('Check the export works now').waitFor();

  // The user, opening help again, is told who will call and when; then leaves the panel.
  await user.getByRole('button', { name: 'Close' }).click();
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByText(`${ALEX} will call you back on`).waitFor();
  await user.getByRole('button', { name: 'Close' }).click();

  // Due: the owner's console rings with the promise and its note, and the user's page rings.
  await alex.getByRole('heading', { name: 'Callback request' }).waitFor({ timeout: 90_000 });
  const promise = alex.getByRole('group', { name: 'Callback promise' });
  expect(await promise.textContent()).toContain(`Promised by ${ALEX}`);
  expect(await promise.getByLabel('Callback note').textContent()).toBe('Check the export works now');
  expect(Date.now()).toBeGreaterThanOrEqual(firstDue - 1_000);
  await alex.getByRole('button', { name: 'Accept' }).click();
  const ringing = user.getByRole('button', { name: `Answer help callback from ${ALEX}` });
  await ringing.click();
  await user.getByRole('button', { name: /Start/ }).click();
  await user.getByText(`${ALEX} can see this page`).waitFor();

  // In this call the owner promises again, then ends the shift: signing out with it still open.
  const secondDue = await promiseCallback(alex, 'Confirm the invoice arrived');
  await endAndWrapUp(alex);
  await user.getByText(`${ALEX} will call you back on`).waitFor();
  await user.getByRole('button', { name: 'Close' }).click();
  await alex.getByRole('button', { name: 'Sign out' }).click();
  const dialog = alex.getByRole('dialog', { name: 'Before you sign out' });
  await dialog.getByText('Confirm the invoice arrived').waitFor();
  await dialog.getByRole('button', { name: 'Sign out anyway' }).click();
  await alex.getByRole('button', { name: 'Sign in' }).waitFor();

  // The owner is gone: after the owner's turn a colleague's console rings, with who promised
  // what and the user's earlier sessions and notes, before accepting.
  const sam = await env.page();
  await agentGoesAvailable(sam, SAM);
  await sam
    .getByRole('heading', { name: 'Callback request' })
    .waitFor({ timeout: 90_000 })
    .catch(async (err) => {
      // What the server holds, for whoever reads a failure.
      const open = await env.app.store.callbacks.openForUser('demo', 'cust-7');
      const session = open[0]?.sessionId ? await env.app.store.getSession(open[0].sessionId) : undefined;
      const { queue, agents } = env.app.hub.engine.state;
      const held = { queue, agents: [...agents.values()], events: session?.events };
      throw new Error(
        `no ring at Sam's console by ${Date.now()} (due ${secondDue}): ${JSON.stringify(open)} ${JSON.stringify(held)}`,
        { cause: err },
      );
    });
  expect(Date.now()).toBeGreaterThanOrEqual(secondDue - 1_000);
  const briefing = sam.getByRole('group', { name: 'Callback promise' });
  expect(await briefing.textContent()).toContain(`Promised by ${ALEX}`);
  expect(await briefing.getByLabel('Callback note').textContent()).toBe('Confirm the invoice arrived');
  await sam.getByRole('region', { name: 'Previous sessions' }).getByText('Export button hidden in the menu').waitFor();
  await sam.getByRole('button', { name: 'Accept' }).click();
  await user.getByRole('button', { name: /Answer help callback/ }).click();
  await user.getByRole('button', { name: /Start/ }).click();
  await user.getByText('Sam can see this page').waitFor();
  await user.getByRole('button', { name: 'End call' }).click();
  await sam.getByRole('button', { name: 'Sign out' }).click();
  await sam.getByRole('button', { name: 'Sign in' }).waitFor();

  // The figures: two promised, one served by the agent who promised it, none missed.
  const login = await fetch(`${env.url}/api/agents/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_AGENT),
  });
  const { token } = (await login.json()) as { token: string };
  const stats = (await (
    await fetch(`${env.url}/api/stats`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as StatsReply;
  expect(stats.callbacks).toMatchObject({ requested: 2, sameAgent: 1, missed: 0 });
}, 240_000);

test("signing out with a follow-up open: handed over with a note, it shows on the colleague's console at once, and the user's panel says who will call", async () => {
  const alex = await env.page();
  await agentGoesAvailable(alex);
  const user = await identifiedUser('cust-8', 'Walter Skinner');
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();
  await alex.getByRole('button', { name: 'Accept' }).click();
  await user.getByText(`${ALEX} can see this page`).waitFor();

  // The colleague is signed in (away) with nothing to call back yet.
  const sam = await env.page();
  await agentSignsIn(sam, SAM);
  const samsCallbacks = sam.getByRole('region', { name: 'My callbacks' });
  await samsCallbacks.getByText('No callbacks open.').waitFor();

  await promiseCallback(alex, 'Send the signed contract', Date.now() + 3_600_000);
  await endAndWrapUp(alex);
  await alex.getByRole('button', { name: 'Sign out' }).click();
  const dialog = alex.getByRole('dialog', { name: 'Before you sign out' });
  const handOver = dialog.getByRole('form', { name: 'Hand over the callback for Walter Skinner' });
  await handOver.getByLabel('Hand over to').selectOption({ label: 'Sam' });
  await handOver.getByLabel('Handoff note').fill('He prefers mornings');
  await handOver.getByRole('button', { name: 'Hand over' }).click();
  // Nothing left to hand over: signing out is the plain next step.
  await dialog.getByText('No callbacks open.').waitFor();
  await dialog.getByRole('button', { name: 'Sign out', exact: true }).click();
  await alex.getByRole('button', { name: 'Sign in' }).waitFor();

  // The colleague's console shows it without a reload: whose it was, the note and the handoff.
  const item = samsCallbacks.getByRole('listitem', { name: 'Callback for Walter Skinner' });
  await item.getByLabel('Handoff note').getByText(`From ${ALEX}: He prefers mornings`).waitFor();
  expect(await item.getByLabel('Callback note').textContent()).toBe('Send the signed contract');

  // The user's panel says who will call now.
  await user.getByRole('button', { name: 'Close' }).click();
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByText('Sam will call you back on').waitFor();
});
