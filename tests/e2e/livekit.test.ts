import type { App } from '@lifeline/signaling-server/app';
import { startTwirpRecorder } from '@lifeline/signaling-server/testing/twirpRecorder';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import { agentGoesAvailable, userAsksForHelp } from '../support/flows.js';
import { startServer } from '../support/server.js';

// No LiveKit server runs here (see the README): this proves what can be proven in a real
// browser: the built widget and console fetch the LiveKit chunk only for a LiveKit session, and
// a media server that cannot be reached gets a plain message instead of a silent hang.
const KEY = 'APIe2e';
const SECRET = 'an-e2e-livekit-secret-long-enough-0123456789';
let twirp: Awaited<ReturnType<typeof startTwirpRecorder>>;
let server: { app: App; url: string };
let browser: Browser;

beforeAll(async () => {
  twirp = await startTwirpRecorder(KEY, SECRET);
  server = await startServer({
    MEDIA: 'livekit',
    LIVEKIT_URL: twirp.url.replace(/^http/, 'ws'),
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.app.close();
  await twirp?.close();
});

const page = async (): Promise<Page> => (await newContext(browser, server.url)).newPage();
const livekitChunk = (url: string) => /\/chunks\/livekitSession-[\w-]+\.js$/.test(url);

test('the LiveKit chunk loads only for a LiveKit session, and an unreachable media server is explained', async () => {
  const agent = await page();
  const user = await page();
  const userChunks: string[] = [];
  user.on('request', (r) => {
    if (livekitChunk(r.url())) userChunks.push(r.url());
  });
  await agentGoesAvailable(agent);
  await userAsksForHelp(user);
  await user.getByText(/in line/).waitFor();
  expect(userChunks).toHaveLength(0);
  await agent.getByRole('button', { name: 'Accept' }).click();
  // Waiting in the queue needed nothing of LiveKit; the grant for the call brought it in.
  await user.getByText("We couldn't connect the call's video").waitFor({ timeout: 30_000 });
  expect(userChunks).toHaveLength(1);
  expect(twirp.calls.some((c) => c.method === 'livekit.RoomService/CreateRoom')).toBe(true);
  await agent.getByText("The call's media could not connect").waitFor({ timeout: 30_000 });
});
