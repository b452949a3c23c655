import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { waitFor } from '../support/browser.js';
import { agentGoesAvailable, CONSOLE_SCREEN_VIDEO, userAsksForHelp } from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectFramesAdvance } from '../support/media.js';

const env = useServerAndBrowser();

/** Where a fraction of the shared picture is on the agent's screen (letterboxing excluded). */
async function onAgentScreen(agent: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return agent.locator(CONSOLE_SCREEN_VIDEO).evaluate(
    (el, [fx, fy]) => {
      const video = el as HTMLVideoElement;
      const r = video.getBoundingClientRect();
      const scale = Math.min(r.width / video.videoWidth, r.height / video.videoHeight);
      const w = video.videoWidth * scale;
      const h = video.videoHeight * scale;
      return { x: r.left + (r.width - w) / 2 + fx * w, y: r.top + (r.height - h) / 2 + fy * h };
    },
    [x, y] as const,
  );
}

async function drawOnAgentScreen(agent: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await onAgentScreen(agent, ...from);
  const b = await onAgentScreen(agent, ...to);
  await agent.mouse.move(a.x, a.y);
  await agent.mouse.down();
  await agent.mouse.move(b.x, b.y, { steps: 12 });
  await agent.mouse.up();
}

/** The overlay's pixel (RGBA) at a fraction of the user's viewport. */
function overlayPixel(user: Page, x: number, y: number): Promise<number[]> {
  return user.evaluate(
    ([fx, fy]) => {
      const canvas = document.getElementById('lifeline-widget')?.shadowRoot?.querySelector('canvas.annotations') as
        | HTMLCanvasElement
        | undefined;
      if (!canvas || canvas.width === 0) return [0, 0, 0, 0];
      const px = Math.round(fx * canvas.width);
      const py = Math.round(fy * canvas.height);
      return [...(canvas.getContext('2d')?.getImageData(px, py, 1, 1).data ?? [])];
    },
    [x, y] as const,
  );
}

const inked = async (user: Page, x: number, y: number) => ((await overlayPixel(user, x, y))[3] ?? 0) > 100;

test('the agent draws on the user screen; the stroke lands on the same spot at two window sizes; clicks pass through', async () => {
  const agent = await env.page();
  const user = await env.page();
  await user.setViewportSize({ width: 1000, height: 700 });
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await user.getByText('can see this tab').waitFor();

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
  await user.getByRole('button', { name: 'End call' }).click();
});

test('drawings fade by themselves after a few seconds', async () => {
  const agent = await env.page();
  const user = await env.page();
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
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
