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

/** Audio energy received so far (inbound-rtp totalAudioEnergy), over the page's open peer connections. */
export function receivedAudioEnergy(page: Page): Promise<number> {
  return page.evaluate(async () => {
    let total = 0;
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; totalAudioEnergy?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') total += s.totalAudioEnergy ?? 0;
      });
    }
    return total;
  });
}

/** How much audio energy arrives over `ms`: sound gives a clear rise, a muted sender none. */
async function audioEnergyOver(page: Page, ms: number): Promise<number> {
  const before = await receivedAudioEnergy(page);
  await new Promise((r) => setTimeout(r, ms));
  return (await receivedAudioEnergy(page)) - before;
}

/** The other side's voice is heard here: audio energy keeps rising (not just packets of silence). */
export async function expectAudible(page: Page): Promise<void> {
  await waitFor(async () => (await audioEnergyOver(page, 1_000)) > 1e-3, 'audible sound arriving');
}

/** Silence here: within the timeout, a whole 1.5 s passes with (almost) no audio energy arriving. */
export async function expectSilent(page: Page): Promise<void> {
  await waitFor(async () => (await audioEnergyOver(page, 1_500)) < 1e-5, 'silence arriving');
}

/** Whether each track this page sends is enabled, by kind, over its open peer connections. */
export function sendingTracks(page: Page): Promise<Array<{ kind: string; enabled: boolean }>> {
  return page.evaluate(() => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    return pcs
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) =>
        pc.getSenders().flatMap((s) => (s.track ? [{ kind: s.track.kind, enabled: s.track.enabled }] : [])),
      );
  });
}
