import { createHash } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer } from '../testing/testServer.js';
import { startTwirpRecorder } from '../testing/twirpRecorder.js';
import { TestClient } from '../testing/wsClient.js';

const KEY = 'APIlifelinetest';
const SECRET = 'a-livekit-api-secret-of-enough-length-0123456789';
const verifier = new TokenVerifier(KEY, SECRET);

let twirp: Awaited<ReturnType<typeof startTwirpRecorder>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];

beforeAll(async () => {
  twirp = await startTwirpRecorder(KEY, SECRET);
  server = await startTestServer({
    MEDIA: 'livekit',
    LIVEKIT_URL: twirp.url.replace(/^http/, 'ws'),
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
    TENANTS: JSON.stringify({ recorded: { recording: true } }),
  });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await server?.app.close();
  await twirp?.close();
});

async function connect(url: string, token: string) {
  const client = await TestClient.connect(url, token);
  clients.push(client);
  return client;
}

/** A user asks for help on `tenant`, the demo agent accepts; both have their session.live. */
async function liveCall(tenant = 'demo') {
  const agent = await connect(server.url, await server.agentToken());
  agent.send({ type: 'agent.setStatus', status: 'available' });
  await agent.next('agent.state', (f) => f.status === 'available');
  const help = await server.post('/api/help-requests', { tenant, context: { name: 'Dana' } });
  const { sessionId, token } = help.body as { sessionId: string; token: string };
  const user = await connect(server.url, token);
  await agent.next('offer.incoming', (f) => f.sessionId === sessionId);
  agent.send({ type: 'offer.accept', sessionId });
  const userLive = await user.next('session.live');
  const agentLive = await agent.next('session.live', (f) => f.sessionId === sessionId);
  return { agent, user, sessionId, token, recording: help.body.recording as boolean, userLive, agentLive };
}

/** A second agent, signed in with a password, for transfer and role tests. */
async function addAgent(id: string, name: string, role: 'agent' | 'supervisor', areas: string[] = []) {
  const { hashPassword } = await import('../auth/passwords.js');
  const email = `${id}@example.com`;
  await server.app.store.addAgent({
    id: id as never,
    email,
    name,
    passwordHash: await hashPassword(`${id}-password`),
    skills: { languages: ['en'], areas },
    team: 'default',
    role,
  });
  return server.post('/api/agents/login', { email, password: `${id}-password` });
}

function mediaOf(frame: Record<string, unknown>) {
  return frame.media as { provider: string; url: string; token: string };
}

/** Signs a webhook body as LiveKit does: a JWT whose sha256 claim is the body's hash. */
async function signWebhook(body: string, key = KEY, secret = SECRET): Promise<string> {
  const token = new AccessToken(key, secret);
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

async function postWebhook(body: string, authorization?: string) {
  const res = await fetch(`${server.url}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(authorization ? { authorization } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string } } };
}

const sessionEvents = async (sessionId: string) =>
  (await server.app.store.getSession(sessionId as never))?.events.map((e) => e.kind) ?? [];

describe('rooms and tokens', () => {
  test('accepting creates one room for the session, and each party gets a token with only its grants', async () => {
    const { sessionId, userLive, agentLive, agent, user } = await liveCall();
    const room = `lifeline-${sessionId}`;

    const create = twirp.calls.find((c) => c.method === 'livekit.RoomService/CreateRoom' && c.body.name === room);
    expect(create?.body).toMatchObject({ name: room, emptyTimeout: 60, maxParticipants: 5 });
    expect(create?.grants.video?.roomCreate).toBe(true);

    const userMedia = mediaOf(userLive);
    expect(userMedia.provider).toBe('livekit');
    expect(userMedia.url).toBe(twirp.url.replace(/^http/, 'ws'));
    const userGrants = await verifier.verify(userMedia.token);
    expect(userGrants.sub).toBe(`user:${sessionId}`);
    expect(userGrants.video).toMatchObject({ room, roomJoin: true, canSubscribe: true, canPublishData: true });
    expect(userGrants.video?.canPublishSources).toEqual(['screen_share', 'screen_share_audio', 'microphone']);
    expect(userGrants.video?.canPublishSources).not.toContain('camera');
    expect(userGrants.video?.hidden).toBeFalsy();
    // Short-lived: the SDK's ttl becomes exp - nbf, and both claims must be there.
    const { exp, nbf } = userGrants as { exp?: unknown; nbf?: unknown };
    if (typeof exp !== 'number' || typeof nbf !== 'number') throw new Error('the token has no exp or nbf');
    expect(exp - nbf).toBe(600);
    expect(exp).toBeGreaterThan(Date.now() / 1000);

    const agentGrants = await verifier.verify(mediaOf(agentLive).token);
    expect(agentGrants.sub).toBe('agent:demo-agent');
    expect(agentGrants.video?.room).toBe(room);
    expect(agentGrants.video?.canPublishSources).toEqual(['camera', 'microphone']);

    // Nobody else's room: the user's token names this session's room only, and one session's
    // room is never another's.
    expect(userGrants.video?.roomList).toBeFalsy();
    expect(userGrants.video?.roomAdmin).toBeFalsy();
    agent.send({ type: 'session.end', sessionId });
    await user.next('session.ended');
    await expect
      .poll(() => twirp.calls.some((c) => c.method === 'livekit.RoomService/DeleteRoom' && c.body.room === room))
      .toBe(true);
    const del = twirp.calls.find((c) => c.method === 'livekit.RoomService/DeleteRoom' && c.body.room === room);
    expect(del?.grants.video?.roomCreate).toBe(true);
  });

  test('a recording tenant starts a room-composite egress to a file, and the user is told before the call', async () => {
    const { sessionId, recording, userLive, agentLive, agent, user } = await liveCall('recorded');
    expect(recording).toBe(true);
    expect(userLive.recording).toBe(true);
    expect(agentLive.recording).toBe(true);
    const egress = twirp.calls.find((c) => c.method === 'livekit.Egress/StartRoomCompositeEgress');
    expect(egress?.body.roomName).toBe(`lifeline-${sessionId}`);
    expect(JSON.stringify(egress?.body)).toContain('lifeline/{room_name}-{time}.mp4');
    expect(egress?.grants.video?.roomRecord).toBe(true);
    agent.send({ type: 'session.end', sessionId });
    await user.next('session.ended');
  });

  test('a tenant that does not record starts no egress', async () => {
    const before = twirp.calls.filter((c) => c.method.endsWith('StartRoomCompositeEgress')).length;
    const { sessionId, recording, agent, user } = await liveCall('demo');
    expect(recording).toBe(false);
    expect(twirp.calls.filter((c) => c.method.endsWith('StartRoomCompositeEgress'))).toHaveLength(before);
    agent.send({ type: 'session.end', sessionId });
    await user.next('session.ended');
  });
});

test("the user's page changes mid-call: the new page gets its own way back into the same room; the agent, still in it, is left alone, and nothing is recorded twice", async () => {
  const { sessionId, token, agent, user } = await liveCall('recorded');
  const calls = (method: string) => twirp.calls.filter((c) => c.method.endsWith(method)).length;
  const before = { rooms: calls('CreateRoom'), recordings: calls('StartRoomCompositeEgress') };
  user.close();
  const next = await connect(server.url, token);
  next.send({ type: 'media.restart' });
  const live = await next.next('session.live');
  expect(live).toMatchObject({ agent: { name: 'Alex (demo agent)' }, recording: true });
  const grants = await verifier.verify(mediaOf(live).token);
  expect(grants.sub).toMatch(/^user:/);
  expect(grants.video?.room).toBe(`lifeline-${sessionId}`);
  await agent.barrier();
  expect(agent.frames.filter((f) => f.type === 'session.live' && f.sessionId === sessionId)).toHaveLength(1);
  expect({ rooms: calls('CreateRoom'), recordings: calls('StartRoomCompositeEgress') }).toEqual(before);
  agent.send({ type: 'session.end', sessionId });
  await next.next('session.ended');
});

test('a transfer removes the first agent from the room; the second joins the same room; the user stays', async () => {
  const login = await addAgent('second', 'Sam', 'agent', ['billing']);
  const { sessionId, agent, user } = await liveCall();
  const second = await connect(server.url, login.body.token);
  second.send({ type: 'agent.setStatus', status: 'available' });
  await second.next('agent.state', (f) => f.status === 'available');

  agent.send({ type: 'call.transfer', sessionId, to: { area: 'billing' }, note: 'wants a refund for May' });
  expect((await agent.next('transfer.ringing')).toAgentName).toBe('Sam');
  const ring = await second.next('offer.incoming', (f) => f.sessionId === sessionId);
  expect(ring.transfer).toEqual({ fromAgentName: 'Alex (demo agent)', note: 'wants a refund for May' });
  second.send({ type: 'offer.accept', sessionId });

  const live = await second.next('session.live', (f) => f.sessionId === sessionId);
  expect(live.transfer).toEqual({ fromAgentName: 'Alex (demo agent)', note: 'wants a refund for May' });
  const grants = await verifier.verify(mediaOf(live).token);
  expect(grants.sub).toBe('agent:second');
  expect(grants.video?.room).toBe(`lifeline-${sessionId}`);
  expect((await agent.next('session.ended', (f) => f.sessionId === sessionId)).reason).toBe('transferred');
  const moved = await user.next('session.transferred');
  expect(moved).toEqual({ type: 'session.transferred', agent: { name: 'Sam' } }); // no new media: same room
  const removal = twirp.calls.find((c) => c.method === 'livekit.RoomService/RemoveParticipant');
  expect(removal?.body).toMatchObject({ room: `lifeline-${sessionId}`, identity: 'agent:demo-agent' });
  expect(removal?.grants.video).toMatchObject({ roomAdmin: true, room: `lifeline-${sessionId}` });
  expect(user.frames.some((f) => f.type === 'session.ended')).toBe(false);
  second.send({ type: 'session.end', sessionId });
  await user.next('session.ended');
  // Sam steps away, so later tests ring the demo agent.
  second.send({ type: 'agent.setStatus', status: 'away' });
  await second.next('agent.state', (f) => f.status === 'away');
  second.close();
});

describe('silent monitoring', () => {
  test('a supervisor gets a hidden, subscribe-only token for a live call; others are refused', async () => {
    const { sessionId, agent, user } = await liveCall();
    const agentToken = await server.agentToken();
    const monitor = (token: string, id = sessionId) =>
      fetch(`${server.url}/api/sessions/${id}/monitor`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });

    const res = await monitor(agentToken); // the demo agent is an admin
    expect(res.status).toBe(200);
    const { media } = (await res.json()) as { media: { token: string } };
    const grants = await verifier.verify(media.token);
    expect(grants.video).toMatchObject({
      room: `lifeline-${sessionId}`,
      hidden: true,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
    });
    expect(grants.sub).toBe('supervisor:demo-agent');

    expect((await monitor('not-a-token')).status).toBe(401);
    expect((await monitor(agentToken, 'no-such-session')).status).toBe(404);

    agent.send({ type: 'session.end', sessionId });
    await user.next('session.ended');
    const over = await monitor(agentToken);
    expect(over.status).toBe(409);
    expect(((await over.json()) as { error: { code: string } }).error.code).toBe('invalid_state');
  });

  test('a plain agent may not monitor', async () => {
    const login = await addAgent('plain', 'Plain', 'agent');
    expect(login.body.agent.role).toBe('agent');
    const res = await fetch(`${server.url}/api/sessions/anything/monitor`, {
      method: 'POST',
      headers: { authorization: `Bearer ${login.body.token}` },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
  });
});

describe('webhooks', () => {
  const event = (name: string, sessionId: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      event: name,
      id: `EV_${Math.random().toString(36).slice(2)}`,
      createdAt: String(Math.floor(Date.now() / 1000)),
      room: { sid: 'RM_test', name: `lifeline-${sessionId}` },
      ...extra,
    });

  test('joins and the agent camera record media connected; room_finished ends a live call', async () => {
    const { sessionId, agent, user } = await liveCall();
    const joined = event('participant_joined', sessionId, { participant: { identity: `user:${sessionId}` } });
    expect((await postWebhook(joined, await signWebhook(joined))).status).toBe(200);
    const agentJoined = event('participant_joined', sessionId, { participant: { identity: 'agent:demo-agent' } });
    expect((await postWebhook(agentJoined, await signWebhook(agentJoined))).status).toBe(200);
    expect(await sessionEvents(sessionId)).not.toContain('media_connected');

    // The user's screen is not what "connected" means: the user must see the agent.
    const screen = event('track_published', sessionId, {
      participant: { identity: `user:${sessionId}` },
      track: { sid: 'TR_1', source: 'SCREEN_SHARE' },
    });
    await postWebhook(screen, await signWebhook(screen));
    expect(await sessionEvents(sessionId)).not.toContain('media_connected');
    const camera = event('track_published', sessionId, {
      participant: { identity: 'agent:demo-agent' },
      track: { sid: 'TR_2', source: 'CAMERA' },
    });
    await postWebhook(camera, await signWebhook(camera));
    const kinds = await sessionEvents(sessionId);
    expect(kinds.filter((k) => k === 'media_joined')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'media_connected')).toHaveLength(1);
    const stored = await server.app.store.getSession(sessionId as never);
    expect(stored?.events.find((e) => e.kind === 'media_joined' && e.agentId)?.agentId).toBe('demo-agent');

    const stats = (await server.stats('?window=all')) as {
      timeToMediaMs: { p50: number | null };
    };
    expect(stats.timeToMediaMs.p50).not.toBeNull();

    const finished = event('room_finished', sessionId);
    expect((await postWebhook(finished, await signWebhook(finished))).status).toBe(200);
    expect((await user.next('session.ended')).reason).toBe('media_ended');
    expect((await agent.next('session.ended', (f) => f.sessionId === sessionId)).reason).toBe('media_ended');
  });

  test('a wrong key, a tampered body and a missing header are refused, and nothing is recorded', async () => {
    const { sessionId, agent, user } = await liveCall();
    const before = (await sessionEvents(sessionId)).length;
    const body = event('participant_joined', sessionId, { participant: { identity: `user:${sessionId}` } });

    const wrongKey = await postWebhook(
      body,
      await signWebhook(body, 'APIother', 'another-secret-of-enough-length-000000'),
    );
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body.error?.code).toBe('unauthorized');

    const signature = await signWebhook(body);
    const tampered = body.replace('participant_joined', 'room_finished');
    expect((await postWebhook(tampered, signature)).status).toBe(401);

    expect((await postWebhook(body)).status).toBe(401);
    expect((await postWebhook(body, `Bearer ${signature}`)).status).toBe(401);

    expect(await sessionEvents(sessionId)).toHaveLength(before);
    expect(server.app.hub.agentOf(sessionId as never)).toBe('demo-agent'); // the call is untouched
    agent.send({ type: 'session.end', sessionId });
    await user.next('session.ended');
  });

  test('a webhook for a room that is not ours is acknowledged and ignored', async () => {
    const body = JSON.stringify({ event: 'room_started', id: 'EV_x', room: { name: 'someone-else' } });
    expect(await postWebhook(body, await signWebhook(body))).toEqual({ status: 200, body: { ignored: true } });
  });
});

test('when LiveKit cannot be reached, the user goes back to the head of the queue and the agent is told', async () => {
  const down = await startTestServer({
    MEDIA: 'livekit',
    LIVEKIT_URL: 'ws://127.0.0.1:9', // discard port: connection refused
    LIVEKIT_API_KEY: KEY,
    LIVEKIT_API_SECRET: SECRET,
  });
  try {
    const agent = await connect(down.url, await down.agentToken());
    agent.send({ type: 'agent.setStatus', status: 'available' });
    await agent.next('agent.state', (f) => f.status === 'available');
    const { sessionId, token } = await down.helpRequest();
    const user = await connect(down.url, token);
    await agent.next('offer.incoming');
    agent.send({ type: 'offer.accept', sessionId });
    expect((await user.next('session.requeued', () => true, 10_000)).reason).toBe('agent_disconnected');
    expect((await agent.next('error', () => true, 10_000)).code).toBe('internal');
    expect(user.frames.some((f) => f.type === 'session.live')).toBe(false);
    expect(down.app.hub.engine.state.queue.map((w) => w.sessionId)).toEqual([sessionId]);
  } finally {
    await down.app.close();
  }
});

test('MEDIA=livekit without its URL, key and secret stops the server at start-up with a clear message', async () => {
  await expect(startTestServer({ MEDIA: 'livekit' })).rejects.toThrow(
    /LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET/,
  );
});
