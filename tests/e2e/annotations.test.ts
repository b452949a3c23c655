import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { drawOnAgentScreen, inked, onAgentScreen, overlayPixel } from '../support/drawing.js';
import { agentGoesAvailable, CONSOLE_SCREEN_VIDEO, userAsksForHelp, userSharesScreen } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectFramesAdvance } from '../support/media.js';

const env = useServerAndBrowser();

test('the agent draws on the user screen; the stroke lands on the same spot at two window sizes; clicks pass through', async () => {
  const agent = await env.page();
  const user = await env.page();
  await user.setViewportSize({ width: 1000, height: 700 });
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);

  // A horizontal stroke across the middle of the shared picture.
  await agent.getByRole('button', { name: 'Pen', exact: true }).click();
  await drawOnAgentScreen(agent, [0.2, 0.5], [0.6, 0.5]);
  await waitFor(() => inked(user, 0.4, 0.5), 'the stroke on the user page');
  expect(await inked(user, 0.3, 0.5)).toBe(true);
  expect(await inked(user, 0.4, 0.2)).toBe(false);
  expect(await inked(user, 0.8, 0.5)).toBe(false);
  const [r, g, b] = await overlayPixel(user, 0.4, 0.5);
  expect([r, g, b]).toEqual([255, 59, 48]); // the red pen

  // The overlay never takes a click: the page under it gets it.
  const hit = await user.evaluate(() => document.elementFromPoint(innerWidth * 0.4, innerHeight * 0.5)?.id ?? '');
  expect(hit).not.toBe('lifeline-widget');

  // Another window size; a vertical stroke near the right edge lands there too.
  await user.setViewportSize({ width: 700, height: 900 });
  await agent.getByRole('button', { name: 'Blue pen' }).click();
  await drawOnAgentScreen(agent, [0.8, 0.2], [0.8, 0.7]);
  await waitFor(() => inked(user, 0.8, 0.45), 'the second stroke at the new size');
  expect(await inked(user, 0.5, 0.45)).toBe(false);
  const [, , blue] = await overlayPixel(user, 0.8, 0.45);
  expect(blue).toBe(255);

  // The user clears the drawings themselves.
  await user.getByRole('button', { name: 'Clear drawings' }).click();
  await waitFor(async () => !(await inked(user, 0.8, 0.45)), 'the drawings cleared');

  // The laser pointer follows the agent's cursor.
  await agent.getByRole('button', { name: 'Pointer', exact: true }).click();
  const p = await onAgentScreen(agent, 0.3, 0.3);
  await agent.mouse.move(p.x - 20, p.y);
  await agent.mouse.move(p.x, p.y, { steps: 4 });
  await waitFor(() => inked(user, 0.3, 0.3), 'the pointer on the user page');

  // The agent points where the panel sits: it moves to the other side of the screen, out of the way.
  const panel = user.getByRole('dialog', { name: 'Live help' });
  const viewport = user.viewportSize() ?? { width: 700, height: 900 };
  const before = (await panel.boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
  const onLeft = (box: { x: number; width: number }) => box.x + box.width / 2 < viewport.width / 2;
  const middle = await onAgentScreen(
    agent,
    (before.x + before.width / 2) / viewport.width,
    (before.y + before.height / 2) / viewport.height,
  );
  await agent.mouse.move(middle.x - 20, middle.y);
  await agent.mouse.move(middle.x, middle.y, { steps: 4 });
  await waitFor(
    async () => onLeft((await panel.boundingBox()) ?? before) !== onLeft(before),
    'the panel moved to the other side',
  );
  await user.getByRole('button', { name: 'End call' }).click();
});

test('drawings fade by themselves after a few seconds', async () => {
  const agent = await env.page();
  const user = await env.page();
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await agent.getByRole('button', { name: 'Pen', exact: true }).click();
  await drawOnAgentScreen(agent, [0.1, 0.1], [0.5, 0.1]);
  await waitFor(() => inked(user, 0.3, 0.1), 'the stroke');
  const drawnAt = Date.now();
  // Still there a few seconds on (strokes that vanish at once would fail here)...
  await new Promise((r) => setTimeout(r, 3_000));
  expect(await inked(user, 0.3, 0.1)).toBe(true);
  // ...then gone by itself, without Clear, soon after the five seconds.
  await waitFor(async () => !(await inked(user, 0.3, 0.1)), 'the stroke faded', 12_000);
  expect(Date.now() - drawnAt).toBeGreaterThanOrEqual(3_000);
  await user.getByRole('button', { name: 'End call' }).click();
});
