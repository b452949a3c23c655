import type { AgentId } from '@lifeline/shared';
import { hashPassword } from '@lifeline/signaling-server/auth/passwords';
import type { Page } from 'playwright-core';
import { beforeAll, expect, test } from 'vitest';
import { agentGoesAvailable, expectPageMirrored, USER_AGENT_VIDEO, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectBytesGrow, expectFramesAdvance } from '../support/media.js';

const env = useServerAndBrowser();
const SAM = { email: 'sam@example.com', password: 'sam-password-1' };

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

async function samGoesAvailable(page: Page): Promise<void> {
  await page.goto('/console');
  await page.getByLabel('Email').fill(SAM.email);
  await page.getByLabel('Password').fill(SAM.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Available' }).click();
  await page.getByText('You are available').waitFor();
}

/** Alex and Sam are available; a user asks for help and Alex (longest idle) answers. */
async function alexAnswers(): Promise<{ alex: Page; sam: Page; user: Page }> {
  const alex = await env.page();
  const sam = await env.page();
  const user = await env.page();
  await agentGoesAvailable(alex);
  await samGoesAvailable(sam);
  await userAsksForHelp(user);
  await alex.getByRole('button', { name: 'Accept' }).click();
  return { alex, sam, user };
}

test('a warm transfer: the user stays with the first agent until the second accepts, who reads the note', async () => {
  const alex = await env.page();
  const sam = await env.page();
  const user = await env.page();
  await agentGoesAvailable(alex); // longest idle: the user rings Alex first
  await samGoesAvailable(sam);
  await userAsksForHelp(user);
  await alex.getByRole('button', { name: 'Accept' }).click();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);

  await alex.getByRole('button', { name: 'Transfer' }).click();
  await alex.getByLabel('Transfer to').selectOption({ label: 'Sam (available)' });
  await alex.getByLabel('Note for your colleague').fill('Invoice INV-2031 was charged twice; refund one.');
  await alex.getByRole('button', { name: 'Send transfer' }).click();
  await alex.getByText('Transferring to Sam…').waitFor();

  // Sam's console rings with who hands over and the note; the user is still with Alex.
  await sam.getByRole('heading', { name: 'Transfer from Alex (demo agent)' }).waitFor();
  await sam.getByText('Invoice INV-2031 was charged twice; refund one.').waitFor();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await user.getByText('Alex (demo agent) can see this page').waitFor();

  await sam.getByRole('button', { name: 'Accept' }).click();
  await alex.getByText('Your colleague took over the call.').waitFor();
  await user.getByText('Sam can see this page').waitFor({ timeout: 20_000 });
  // Media now flows between the user and Sam, both ways.
  await expectPageMirrored(sam);
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await expectBytesGrow(user, 'video');
  await expectBytesGrow(sam, 'audio');
  await sam
    .getByRole('complementary', { name: 'User context' })
    .getByText('Handed over by Alex (demo agent)')
    .waitFor();
  await sam
    .getByRole('complementary', { name: 'User context' })
    .getByText('Invoice INV-2031 was charged twice')
    .waitFor();

  await user.getByRole('button', { name: 'End call' }).click();
  await sam.getByText('The user ended the call').waitFor();
});

test('a declined transfer leaves the user with the first agent, who is told', async () => {
  const { alex, sam, user } = await alexAnswers();
  await user.getByText('can see this page').waitFor();
  await alex.getByRole('button', { name: 'Transfer' }).click();
  await alex.getByLabel('Transfer to').selectOption({ label: 'Anyone free in billing' });
  await alex.getByRole('button', { name: 'Send transfer' }).click();
  await sam.getByRole('button', { name: 'Decline' }).click();
  await alex.getByText('Your colleague declined the transfer. The user is still with you.').waitFor();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await alex.getByRole('button', { name: 'End call' }).click();
  await user.getByText('The agent ended the call').waitFor();
});

test('sharing paused before a transfer stays paused: the new agent is told, and sees the page only once the user resumes', async () => {
  const { alex, sam, user } = await alexAnswers();
  await expectPageMirrored(alex);
  await user.getByRole('button', { name: 'Pause sharing' }).click();
  await alex.getByText('The user paused sharing.').waitFor();

  await alex.getByRole('button', { name: 'Transfer' }).click();
  await alex.getByLabel('Transfer to').selectOption({ label: 'Sam (available)' });
  await alex.getByRole('button', { name: 'Send transfer' }).click();
  await sam.getByRole('button', { name: 'Accept' }).click();
  await alex.getByText('Your colleague took over the call.').waitFor();
  await sam.getByRole('button', { name: 'End call' }).waitFor();
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await user.getByText('Sharing is paused').waitFor();
  await user.getByRole('button', { name: 'Resume sharing' }).waitFor();
  await sam.getByText('The user paused sharing.').waitFor();
  const mirror = sam.frameLocator('figure[aria-label="User\'s page"] iframe');
  await new Promise((r) => setTimeout(r, 1_500));
  expect(await mirror.getByRole('heading', { name: 'Create an invoice' }).count()).toBe(0);

  await user.getByRole('button', { name: 'Resume sharing' }).click();
  await expectPageMirrored(sam);
  await user.getByRole('button', { name: 'End call' }).click();
  await sam.getByText('The user ended the call').waitFor();
});
