import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import {
  agentGoesAvailable,
  agentSignsIn,
  CONSOLE_SCREEN_VIDEO,
  expectPageMirrored,
  USER_AGENT_VIDEO,
  userAsksForHelp,
  userSharesScreen,
} from '../support/flows.js';
import { expectFramesAdvance } from '../support/media.js';
import { freePort, killHard, startServerProcess, stopGracefully } from '../support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-restart-'));
let browser: Browser;
let server: ChildProcess | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null && server.signalCode === null) await killHard(server);
  rmSync(dir, { recursive: true, force: true });
});

test('the server is killed while a user waits: the widget reconnects by itself and keeps its place', async () => {
  const port = String(await freePort());
  const env = { PORT: port, DATABASE_PATH: join(dir, 'lifeline.sqlite') };
  const url = `http://127.0.0.1:${port}`;
  server = await startServerProcess(env);

  const user = await (await newContext(browser, url)).newPage();
  await userAsksForHelp(user);
  await user.getByText("You're next in line.").waitFor();

  await killHard(server);
  await user.getByText('Reconnecting…').waitFor();
  server = await startServerProcess(env);
  await user.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
  await user.getByText("You're next in line.").waitFor();

  const agent = await (await newContext(browser, url)).newPage();
  await agentSignsIn(agent);
  await agent.getByRole('button', { name: 'Available' }).click();
  await agent.getByRole('button', { name: 'Accept' }).click();
  await user.getByText('can see this page').waitFor();
  await killHard(server);
}, 90_000);

test.each([
  ['a deploy (SIGTERM)', stopGracefully],
  ['a crash (kill -9)', killHard],
])(
  'a live call survives %s and the restart: media never stops, nobody is signed out, the call carries on',
  async (_, stop) => {
    const port = String(await freePort());
    const env = { PORT: port, DATABASE_PATH: join(dir, `live-${stop.name}.sqlite`) };
    const url = `http://127.0.0.1:${port}`;
    server = await startServerProcess(env);
    const agent = await (await newContext(browser, url)).newPage();
    await agentGoesAvailable(agent);
    const user = await (await newContext(browser, url)).newPage();
    await userAsksForHelp(user);
    await agent.getByRole('button', { name: 'Accept' }).click();
    await user.getByText('can see this page').waitFor();
    await expectPageMirrored(agent);
    await userSharesScreen(agent, user);
    await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);

    await stop(server);
    // While no server runs at all, both sides keep decoding each other's media.
    await user.getByText('Reconnecting…').waitFor();
    await agent.getByText('Reconnecting… (your call goes on)').waitFor();
    await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
    await expectFramesAdvance(user, USER_AGENT_VIDEO);

    server = await startServerProcess(env);
    await user.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
    await agent.getByText('Reconnecting…').waitFor({ state: 'hidden', timeout: 20_000 });
    // Still signed in, still in the call, media still flowing both ways.
    expect(await agent.getByLabel('Password').count()).toBe(0);
    await user.getByText('can see this page').waitFor();
    await expectFramesAdvance(agent, CONSOLE_SCREEN_VIDEO);
    await expectFramesAdvance(user, USER_AGENT_VIDEO);

    // The call goes on through the new process: the user pauses sharing, then the agent hangs up.
    await user.getByRole('button', { name: 'Pause sharing' }).click();
    await agent.getByText('The user paused sharing.').waitFor();
    await agent.getByRole('button', { name: 'End call' }).click();
    await user.getByText('The agent ended the call').waitFor();
    await killHard(server);
  },
  90_000,
);
