import { signIdentity } from '@lifeline/signaling-server/testing/identityToken';
import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { agentGoesAvailable, agentSignsIn } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

const SECRET = 'demo-identity-secret-for-tests-0123456789';
const env = useServerAndBrowser({ TENANTS: JSON.stringify({ demo: { identitySecret: SECRET } }) });

/** An identified user (Dana) asks for help from the demo page. */
async function danaAsks(user: Page) {
  await user.goto('/');
  // What the host's backend signs and hands to the page.
  const identity = await signIdentity(SECRET, { sub: 'cust-7', name: 'Dana Scully' });
  await user.waitForFunction(() => 'Lifeline' in window);
  await user.evaluate(
    (who) => (window as unknown as { Lifeline: { identify(token: string): void } }).Lifeline.identify(who),
    identity,
  );
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();
}

test('history shows the finished session with its notes, wrap-up, rating and timeline; the next call shows it too', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const user = await env.page();
  await danaAsks(user);
  await agent.getByRole('button', { name: 'Accept' }).click();

  const context = agent.getByRole('complementary', { name: 'User context' });
  await context.getByText('First time this user has called.').waitFor();
  await context.getByRole('textbox').fill('Cannot find the export button');
  await context.getByRole('button', { name: 'Add note' }).click();
  await context.getByRole('listitem').filter({ hasText: 'Cannot find the export button' }).waitFor();
  await user.getByText('can see this page').waitFor();

  // The agent hangs up and wraps up; the user rates.
  await agent.getByRole('button', { name: 'End call' }).click();
  await agent.getByRole('radio', { name: 'Needs follow-up' }).check();
  await agent.getByLabel('Closing note').fill('Send the export guide');
  await agent.getByRole('button', { name: 'Save wrap-up' }).click();
  await agent.getByText('Wrap-up saved.').waitFor();
  await user.getByRole('button', { name: 'Rate 5 out of 5' }).click();
  await user.getByText('Thank you').waitFor();

  // A reload keeps the agent signed in (token refresh), straight to the console.
  await agent.reload();
  await agent.getByRole('button', { name: 'History' }).click();
  const history = agent.getByRole('region', { name: 'History' });
  await history.getByRole('searchbox').fill('export guide');
  await history.getByRole('button', { name: 'Search' }).click();
  await history.getByText('1 session', { exact: true }).waitFor();
  const row = history.getByRole('row').filter({ hasText: 'Dana Scully' });
  expect(await row.textContent()).toMatch(
    /Answered · Needs follow-up.*5 \/ 5.*Cannot find the export button · Send the export guide/,
  );
  await row.getByRole('link').click();

  // The session has its own URL: a reload (or a colleague given the link) opens it directly.
  const detail = agent.getByRole('article', { name: 'Session details' });
  await detail.getByText('5 / 5').waitFor();
  expect(new URL(agent.url()).pathname).toMatch(/^\/console\/history\/[\w-]+$/);
  await agent.reload();
  await detail.getByText('5 / 5').waitFor();
  const timeline = await detail.getByRole('list', { name: 'Timeline' }).getByRole('listitem').allTextContents();
  const steps = timeline.map((line) => line.replace(/^[\d:\s]+(AM|PM)?\s*/, ''));
  expect(steps).toEqual([
    'Asked for help',
    'Joined the queue',
    'Rang at Alex (demo agent)',
    'Answered by Alex (demo agent)',
    'Media connected',
    'Ended (agent ended)',
  ]);
  await history.getByRole('searchbox').fill('no such words anywhere');
  await history.getByRole('button', { name: 'Search' }).click();
  await history.getByText('0 sessions').waitFor();
  // Back and forward move between the console's screens as in any web app.
  const path = () => new URL(agent.url()).pathname;
  await agent.goBack();
  await detail.waitFor({ state: 'hidden' });
  expect(path()).toBe('/console/history');
  await agent.goForward();
  await detail.getByText('5 / 5').waitFor();
  await agent.getByRole('button', { name: 'Desk' }).click();
  await history.waitFor({ state: 'hidden' });
  expect(path()).toMatch(/^\/console\/?$/);
  await agent.goBack();
  await detail.getByText('5 / 5').waitFor();

  // Dana calls again: the agent sees the first call and its notes before saying hello.
  await agent.getByRole('button', { name: 'Desk' }).click();
  await agent.getByRole('button', { name: 'Available' }).click();
  await danaAsks(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  const previous = agent.getByRole('region', { name: 'Previous sessions' });
  await previous.getByText('Send the export guide').waitFor();
  expect(await previous.textContent()).toContain('Needs follow-up');
  expect(await previous.textContent()).toContain('Rated 5 of 5');
});

test('an admin invites an agent from the console; the link signs them in; deactivation signs them out', async () => {
  const admin = await env.page();
  await agentSignsIn(admin);
  await admin.getByRole('button', { name: 'Agents' }).click();
  const invite = admin.getByRole('form', { name: 'Invite an agent' });
  await invite.getByLabel('Name').fill('Sam Lee');
  await invite.getByLabel('Email').fill('sam@example.com');
  await invite.getByLabel('Role').selectOption('supervisor');
  await invite.getByLabel('Areas').fill('billing');
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  const link = await admin.getByLabel('Invitation link').inputValue();
  expect(link).toContain('/console/#invite=');

  const sam = await env.page();
  await sam.goto(link);
  await sam.getByLabel('New password').fill('a long password 1');
  await sam.getByRole('button', { name: 'Set password and sign in' }).click();
  await sam.getByRole('button', { name: 'Floor' }).waitFor(); // a supervisor sees the floor
  expect(await sam.getByRole('list', { name: 'Your skills' }).textContent()).toBe('enbilling');
  expect(await sam.getByRole('button', { name: 'Agents' }).count()).toBe(0);

  await admin.getByRole('button', { name: 'Deactivate Sam Lee' }).click();
  await sam.getByText('You were signed out').waitFor();
  await sam.reload();
  await sam.getByRole('button', { name: 'Sign in' }).waitFor();
  await admin.getByRole('button', { name: 'Reactivate Sam Lee' }).waitFor();
});

test('sign out ends the sign-in: a reload asks for the password again', async () => {
  const agent = await env.page();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Sign out' }).waitFor();
  await agent.reload();
  await agent.getByRole('button', { name: 'Sign out' }).click();
  await agent.getByRole('button', { name: 'Sign in' }).waitFor();
  await agent.reload();
  await agent.getByRole('button', { name: 'Sign in' }).waitFor();
  expect(await agent.evaluate(() => localStorage.getItem('lifeline.console.auth'))).toBeNull();
});
