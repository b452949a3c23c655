import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, test } from 'vitest';
import { launchChromium, newContext } from '../support/browser.js';
import { agentSignsIn, userAsksForHelp } from '../support/flows.js';
import { freePort, killHard, startServerProcess } from '../support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-restart-'));
let browser: Browser;
let server: ChildProcess | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) await killHard(server);
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
  await user.getByText('can see this tab').waitFor();
}, 90_000);
