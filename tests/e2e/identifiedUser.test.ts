import { signIdentity } from '@lifeline/signaling-server/testing/identityToken';
import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { agentGoesAvailable } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';

const SECRET = 'demo-identity-secret-for-tests-0123456789';
const env = useServerAndBrowser({ TENANTS: JSON.stringify({ demo: { identitySecret: SECRET } }) });

test('an identified user with app context reaches the agent, then rates the call', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);

  const user = await env.page();
  await user.goto('/');
  // What the host's backend signs and hands to the page.
  const identity = await signIdentity(SECRET, { sub: 'cust-42', name: 'Dana Scully', plan: 'pro' });
  // What the host page does after its backend signed the user.
  await user.waitForFunction(() => 'Lifeline' in window);
  await user.evaluate((who) => {
    const lifeline = (window as unknown as { Lifeline: { identify(i: unknown): void; setContext(c: unknown): void } })
      .Lifeline;
    lifeline.identify(who);
    lifeline.setContext({ invoiceDraft: 'INV-2031', cartItems: 3 });
  }, identity);
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: /Start/ }).click();

  await agent.getByText('Dana Scully').waitFor();
  await agent.getByRole('button', { name: 'Accept' }).click();
  const context = agent.getByRole('complementary', { name: 'User context' });
  // Who the user is was signed by the product's backend; the page's own data is marked unverified.
  await context.getByRole('heading', { name: 'Dana Scully Verified' }).waitFor();
  await context.getByText('pro', { exact: true }).waitFor();
  await context.getByRole('region', { name: 'Reported by the page' }).getByText('INV-2031').waitFor();

  await user.getByText('can see this page').waitFor();
  await user.getByRole('button', { name: 'End call' }).click();
  await user.getByRole('button', { name: 'Rate 4 out of 5' }).click();
  await user.getByLabel('Anything to add? (optional)').fill('Found the due-date field, thanks');
  await user.getByRole('button', { name: 'Send comment' }).click();
  await user.getByText('Thank you for your feedback: it goes to the team that helped you.', { exact: false }).waitFor();

  const { files } = await env.app.store.searchSessions({ text: 'cust-42', limit: 1, offset: 0 });
  const session = files[0]?.session;
  const rating = await waitFor(
    async () => (session ? (await env.app.store.sessionFile(session.id))?.rating : undefined),
    'the stored rating',
  );
  expect(rating).toMatchObject({ score: 4, comment: 'Found the due-date field, thanks' });
});
