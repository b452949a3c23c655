import { expect, test } from 'vitest';
import { inboundBytes } from '../support/browser.js';
import {
  agentGoesAvailable,
  CONSOLE_SCREEN_VIDEO,
  expectPageMirrored,
  userAsksForHelp,
  userSharesScreen,
} from '../support/flows.js';
import { useServerAndBrowser } from '../support/harness.js';
import { expectBytesGrow, expectFramesAdvance } from '../support/media.js';

const env = useServerAndBrowser();

/**
 * Headless Chromium cannot click a permission prompt, so the user's "Block" is played by
 * making the browser API reject the way Chromium does (NotAllowedError), `times` times.
 */
function refuse(_api: 'getDisplayMedia' | 'getUserMedia', _times: number) {
  return ({ api, times }: { api: string; times: number }) => {
    const devices = navigator.mediaDevices as unknown as Record<string, (...a: unknown[]) => Promise<MediaStream>>;
    const real = devices[api]?.bind(navigator.mediaDevices);
    let left = times;
    devices[api] = (...args: unknown[]) => {
      if (left-- > 0) return Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
      return real ? real(...args) : Promise.reject(new Error('unsupported'));
    };
  };
}

test('a refused screen share keeps the call on the page view; the agent is told and may ask again', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const user = await env.page();
  await user.addInitScript(refuse('getDisplayMedia', 1), { api: 'getDisplayMedia', times: 1 });
  await userAsksForHelp(user);
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await expectPageMirrored(agent);
  await userSharesScreen(agent, user);
  await agent.getByText('The user declined the screen share.').waitFor();
  await user.getByText('can see this page').waitFor();
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  await user.getByRole('button', { name: 'End call' }).click();
  await agent.getByText('The user ended the call.').waitFor();
  await Promise.all([user.context().close(), agent.context().close()]);
});

test('a refused microphone: the call goes on without it, the user is told, and can turn it on later', async () => {
  const agent = await env.page();
  await agentGoesAvailable(agent);
  const user = await env.page();
  await user.addInitScript(refuse('getUserMedia', 1), { api: 'getUserMedia', times: 1 });
  await userAsksForHelp(user);
  await user.getByText("Your microphone is off, so the agent can't hear you.").waitFor();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await userSharesScreen(agent, user);
  await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
  // For a few seconds while the screen streams in, not one audio byte arrives.
  const videoAtStart = (await inboundBytes(agent)).video;
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 500));
    expect((await inboundBytes(agent)).audio).toBe(0);
  }
  expect((await inboundBytes(agent)).video).toBeGreaterThan(videoAtStart);

  await user.getByRole('button', { name: 'Turn on my microphone' }).click();
  await user.getByRole('button', { name: 'Mute' }).waitFor();
  expect(await user.getByText('Your microphone is off').count()).toBe(0);
  await expectBytesGrow(agent, 'audio');
});
