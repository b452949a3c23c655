import { CloseCode } from '@lifeline/shared/transport';
import { afterEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { ManualClock } from '../testing/manualClock.js';
import { startTestServer } from '../testing/testServer.js';
import { AUTH_DEADLINE_MS } from './socketAuth.js';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await server?.app.close();
});

/** A raw socket: what arrives and how it closes. */
async function rawSocket(url: string) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  const frames: Array<{ type: string; [k: string]: unknown }> = [];
  ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
  const closed = new Promise<number>((resolve) => ws.once('close', resolve));
  await new Promise((r) => ws.once('open', r));
  return { ws, frames, closed };
}

test('the token travels in the first frame; frames sent right behind it are handled in order', async () => {
  server = await startTestServer();
  const { token } = await server.helpRequest();
  const { ws, frames } = await rawSocket(server.url);
  ws.send(JSON.stringify({ type: 'auth', token }));
  ws.send(JSON.stringify({ type: 'session.cancel' }));
  await expect.poll(() => frames.map((f) => f.type)).toContain('session.ended');
  expect(frames[0]).toEqual({ type: 'auth.ok' });
  expect(frames.find((f) => f.type === 'session.ended')?.reason).toBe('user_cancelled');
  ws.close();
});

test('no auth frame within the deadline, a wrong first frame, or a bad token: closed with 4401, nothing served', async () => {
  const clock = new ManualClock();
  server = await startTestServer({}, clock);
  const silent = await rawSocket(server.url);
  clock.advance(AUTH_DEADLINE_MS - 1);
  expect(silent.ws.readyState).toBe(WebSocket.OPEN);
  clock.advance(1);
  expect(await silent.closed).toBe(CloseCode.SignedOut);

  const rude = await rawSocket(server.url);
  rude.ws.send(JSON.stringify({ type: 'session.cancel' }));
  expect(await rude.closed).toBe(CloseCode.SignedOut);

  const forged = await rawSocket(server.url);
  forged.ws.send(JSON.stringify({ type: 'auth', token: 'eyJhbGciOiJIUzI1NiJ9.e30.forged' }));
  expect(await forged.closed).toBe(CloseCode.SignedOut);

  const binary = await rawSocket(server.url);
  binary.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  expect(await binary.closed).toBe(CloseCode.SignedOut);
  for (const s of [silent, rude, forged, binary]) expect(s.frames).toEqual([]);
  expect(server.app.hub.engine.state.queue).toHaveLength(0);
});
