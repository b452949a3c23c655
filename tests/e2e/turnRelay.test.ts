import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import { startCoturn } from '../support/coturn.js';
import {
  agentGoesAvailable,
  CONSOLE_SCREEN_VIDEO,
  USER_AGENT_VIDEO,
  userAsksForHelp,
  userSharesScreen,
} from '../support/flows.js';
import { expectBytesGrow, expectFramesAdvance } from '../support/media.js';
import { startServer } from '../support/server.js';

const SECRET = 'coturn-shared-secret-for-tests';
let turn: Awaited<ReturnType<typeof startCoturn>>;
let lifeline: Awaited<ReturnType<typeof startServer>>;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  turn = await startCoturn(SECRET);
  // As on a network that blocks direct UDP between the two sides: media may only go through TURN.
  lifeline = await startServer({ TURN_URLS: turn.url, TURN_SECRET: SECRET, ICE_TRANSPORT_POLICY: 'relay' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await lifeline?.app.close();
  turn?.stop();
});

/** The candidate types of the pair each open peer connection is using. */
function selectedPairs(page: Page) {
  return page.evaluate(async () => {
    const pairs: Array<{ local: string; remote: string }> = [];
    for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) {
      if (pc.connectionState !== 'connected') continue;
      const stats = [...(await pc.getStats()).values()] as Array<Record<string, string>>;
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
      const type = (id: string | undefined) => stats.find((s) => s.id === id)?.candidateType ?? 'none';
      if (pair) pairs.push({ local: type(pair.localCandidateId), remote: type(pair.remoteCandidateId) });
    }
    return pairs;
  });
}

test('with relay-only ICE the call goes through a real coturn, with short-lived REST credentials, both ways', async () => {
  const agent = await (await newContext(browser, lifeline.url)).newPage();
  await agentGoesAvailable(agent);
  const user = await (await newContext(browser, lifeline.url)).newPage();
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await userSharesScreen(agent, user);

  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await expectFramesAdvance(user, USER_AGENT_VIDEO);
  await expectBytesGrow(user, 'audio');
  // Each side sends from its own TURN allocation: nothing goes directly between them.
  for (const page of [user, agent]) expect((await selectedPairs(page)).map((p) => p.local)).toEqual(['relay']);
  // coturn saw the allocations, authenticated with the time-limited username the server minted.
  // coturn allocated relays for both sides, for the time-limited username the server minted
  // (`<expiry>:<session id>`, TURN REST), and bound channels between them.
  const log = turn.logFile();
  const allocations = log.match(/user <\d+:[\w-]+>: incoming packet ALLOCATE processed, success/g) ?? [];
  expect(allocations.length).toBeGreaterThanOrEqual(2);
  expect(log).toMatch(/CHANNEL_BIND processed, success/);
});
