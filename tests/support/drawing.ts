import type { Page } from 'playwright-core';
import { CONSOLE_SCREEN_VIDEO } from './flows.js';

/** Where a fraction of the shared picture is on the agent's screen (letterboxing excluded). */
export async function onAgentScreen(agent: Page, x: number, y: number): Promise<{ x: number; y: number }> {
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

export async function drawOnAgentScreen(agent: Page, from: [number, number], to: [number, number]): Promise<void> {
  const a = await onAgentScreen(agent, ...from);
  const b = await onAgentScreen(agent, ...to);
  await agent.mouse.move(a.x, a.y);
  await agent.mouse.down();
  await agent.mouse.move(b.x, b.y, { steps: 12 });
  await agent.mouse.up();
}

/** The overlay's pixel (RGBA) at a fraction of the user's viewport. */
export function overlayPixel(user: Page, x: number, y: number): Promise<number[]> {
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

export const inked = async (user: Page, x: number, y: number) => ((await overlayPixel(user, x, y))[3] ?? 0) > 100;
