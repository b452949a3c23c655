import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionId } from '@lifeline/shared';
import { openStore } from '@lifeline/signaling-server/store/openStore';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { afterAll, expect, test } from 'vitest';
import { freePort, killHard, startServerProcess } from '../support/process.js';
import { DEMO_AGENT } from '../support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'lifeline-durability-'));
const databasePath = join(dir, 'lifeline.sqlite');
let server: ChildProcess | undefined;

afterAll(async () => {
  if (server && server.exitCode === null) await killHard(server);
  rmSync(dir, { recursive: true, force: true });
});

/** Every event in the file, read by a store of its own (the server that held it is gone). */
async function eventsIn(path: string, sessionIds: string[]): Promise<Array<{ sessionId: string; kind: string }>> {
  const store = await openStore({ databasePath: path });
  try {
    const sessions = await Promise.all(sessionIds.map((id) => store.getSession(id as SessionId)));
    return sessions.flatMap((s) => s?.events.map((e) => ({ sessionId: s.id, kind: e.kind })) ?? []);
  } finally {
    await store.close();
  }
}

test('kill -9 with users waiting: the queue comes back in the same order and widgets resume their place', async () => {
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = { PORT: port, DATABASE_PATH: databasePath, RECONNECT_GRACE_MS: '60000' };
  server = await startServerProcess(env);

  const post = async (path: string, body: unknown) =>
    (await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.json())) as { token: string; sessionId: string };

  const requests = [];
  for (let i = 0; i < 3; i++) {
    const request = await post('/api/help-requests', { tenant: 'demo', context: { language: 'en' } });
    const widget = await TestClient.connect(url, request.token as string);
    expect((await widget.next('session.queued')).position).toBe(i + 1);
    requests.push({ ...request, widget });
  }

  await killHard(server);
  // What the widgets were told is in the file, though the process never flushed or closed it.
  const events = await eventsIn(
    databasePath,
    requests.map((r) => r.sessionId),
  );
  expect(events.filter((e) => e.kind === 'queued').map((e) => e.sessionId)).toEqual(requests.map((r) => r.sessionId));
  server = await startServerProcess(env);

  const { token } = await post('/api/agents/login', DEMO_AGENT);
  const stats = await fetch(`${url}/api/stats`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
    r.json(),
  );
  expect(stats).toMatchObject({ waiting: 3, abandoned: 0 });

  // The widgets reconnect with their same tokens, in a different order, and get their places back.
  const resumed = [];
  for (const i of [2, 0, 1]) {
    const request = requests[i] as (typeof requests)[number];
    const widget = await TestClient.connect(url, request.token as string);
    expect((await widget.next('session.queued')).position).toBe(i + 1);
    resumed[i] = widget;
  }

  // The first in line is the first offered.
  const agent = await TestClient.connect(url, token as string);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  expect((await agent.next('offer.incoming')).sessionId).toBe(requests[0]?.sessionId);

  for (const c of [...resumed, agent]) c?.close();
  for (const r of requests) r.widget.close();
}, 60_000);
