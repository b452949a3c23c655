import type { AgentId } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import { expect, test } from 'vitest';
import { agentGoesAvailable } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

const SAM = { email: 'sam@example.com', password: 'sam-password-1' };
const JONAS = { email: 'jonas@example.com', password: 'jonas-password-1' };
const env = useServerAndBrowser({
  TENANTS: JSON.stringify({
    demo: {
      topics: [
        { area: 'billing', label: 'Billing and invoices' },
        { area: 'export', label: 'Exporting data' },
      ],
    },
  }),
});

async function addAgent(id: string, account: typeof SAM, name: string, languages: string[], areas: string[]) {
  env.app.store.addAgent({
    id: id as AgentId,
    email: account.email,
    name,
    passwordHash: await hashPassword(account.password),
    skills: { languages, areas },
    team: 'default',
    role: 'agent',
  });
}

type LifelinePage = { Lifeline: { init(o: object): void; on(e: string, fn: (d: unknown) => void): void } };

test('the user sees who is online, picks a topic, and the agent for that topic rings, not the first one free', async () => {
  await addAgent('sam', SAM, 'Sam', ['en'], ['billing']);
  const alex = await env.page();
  await agentGoesAvailable(alex);
  const sam = await env.page();
  await agentGoesAvailable(sam, SAM);

  const user = await env.page();
  await user.goto('/');
  await user.evaluate(() => {
    (window as unknown as { heard: unknown[] }).heard = [];
    (window as unknown as LifelinePage).Lifeline.on('availability', (d) =>
      (window as unknown as { heard: unknown[] }).heard.push(d),
    );
  });
  await user.getByRole('button', { name: /help/i }).click();
  await user
    .getByRole('dialog', { name: 'Live help' })
    .getByText('Agents online · usually answers in under a minute')
    .waitFor();
  const topics = user.getByRole('group', { name: 'What do you need help with?' });
  await topics.getByLabel('Billing and invoices').check();
  await user.getByRole('button', { name: /Start/ }).click();

  await sam.getByRole('button', { name: 'Accept' }).waitFor();
  expect(await alex.getByRole('button', { name: 'Accept' }).count()).toBe(0);
  await sam.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('Sam can see this page').waitFor();
  // The host heard the same availability the panel showed.
  const heard = await user.evaluate(() => (window as unknown as { heard: Array<{ agentsOnline: number }> }).heard);
  expect(heard.at(-1)?.agentsOnline).toBe(2);
  await user.getByRole('button', { name: 'End call' }).click();
});

test('the language the product set for its user is what routing matches: a German page rings the German-speaking agent', async () => {
  await addAgent('jonas', JONAS, 'Jonas', ['de'], []);
  const alex = await env.page();
  await agentGoesAvailable(alex);
  const jonas = await env.page();
  await agentGoesAvailable(jonas, JONAS);

  const user = await env.page(); // the browser itself speaks English
  await user.goto('/');
  await user.evaluate(() => (window as unknown as LifelinePage).Lifeline.init({ locale: 'de' }));
  await user.getByRole('button', { name: 'Hilfe', exact: true }).click();
  await user.getByRole('button', { name: 'Anruf starten' }).click();
  await jonas.getByRole('button', { name: 'Accept' }).waitFor();
  expect(await alex.getByRole('button', { name: 'Accept' }).count()).toBe(0);
});
