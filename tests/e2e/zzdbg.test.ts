import { test } from 'vitest';
import { agentGoesAvailable } from '../support/flows.js';
import { CAPTURE_OUTGOING, mirrorOf, outgoing, useShopAndServer } from '../support/pageView.js';

const env = useShopAndServer();
test('dbg', async () => {
  const agent = await env.page();
  const user = await env.page();
  await user.addInitScript({ content: CAPTURE_OUTGOING });
  agent.on('console', (m) => console.log('AGENT', m.type(), m.text()));
  await agentGoesAvailable(agent);
  await user.goto(env.shop('/shop'));
  await user.getByRole('button', { name: /help/i }).click();
  await user.getByRole('button', { name: 'Start call' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await mirrorOf(agent).getByRole('heading', { name: 'Checkout' }).waitFor();
  await user.locator('#name').fill('Ada Lovelace');
  await new Promise((r) => setTimeout(r, 2000));
  console.log('VALUE', await mirrorOf(agent).locator('#name').inputValue());
  const sent = await outgoing(user);
  console.log(sent.filter((s) => s.includes('Ada')).map((s) => s.slice(0, 600)));
  console.log(sent.slice(-5).map((s) => s.slice(0, 300)));
}, 60000);
