import type { Page } from 'playwright-core';
import { inboundBytes, videoProgress, waitFor } from './browser.js';

/** Frames keep being decoded: two reads a moment apart, the second further along. */
export async function expectFramesAdvance(page: Page, selector: string): Promise<void> {
  const first = await waitFor(async () => {
    const p = await videoProgress(page, selector);
    return p.width > 0 && p.frames > 0 ? p : null;
  }, `first frame in ${selector}`);
  await waitFor(
    async () => (await videoProgress(page, selector)).frames > first.frames + 5,
    `frames advancing in ${selector}`,
  );
}

/** Inbound RTP bytes of this kind are flowing, over the page's open peer connections. */
export async function expectBytesGrow(page: Page, kind: 'audio' | 'video'): Promise<void> {
  const before = await waitFor(async () => (await inboundBytes(page))[kind], `${kind} bytes`);
  await waitFor(async () => (await inboundBytes(page))[kind] > before, `${kind} bytes growing`);
}
