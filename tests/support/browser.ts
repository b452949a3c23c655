import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; Playwright's own browser download does not work on these machines. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Fake camera, microphone and screen, granted without a prompt.
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/**
 * Records every RTCPeerConnection a page makes, so a test can read real transport statistics
 * without the application exposing anything for it.
 */
const RECORD_PEER_CONNECTIONS = `
  window.__peerConnections = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__peerConnections.push(this); }
  };
`;

export async function newContext(browser: Browser, baseURL: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: RECORD_PEER_CONNECTIONS });
  return context;
}

/** Inbound RTP bytes per kind, summed over the page's open peer connections. */
export function inboundBytes(page: Page): Promise<{ audio: number; video: number }> {
  return page.evaluate(async () => {
    const totals = { audio: 0, video: 0 };
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
        if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video'))
          totals[s.kind] += s.bytesReceived ?? 0;
      });
    }
    return totals;
  });
}

/** Frames a <video> has decoded so far and its intrinsic size (0 until a frame arrives). */
export function videoProgress(page: Page, selector: string) {
  return page.locator(selector).evaluate((el) => {
    const video = el as HTMLVideoElement;
    return {
      width: video.videoWidth,
      frames: video.getVideoPlaybackQuality().totalVideoFrames,
      time: video.currentTime,
    };
  });
}

/** Polls until `check` returns a truthy value or the timeout passes. */
export async function waitFor<T>(check: () => Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}
