import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { PRIOR_HANDLE_MS } from '../analytics/eta.js';
import { ManualClock } from '../testing/manualClock.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
const connect = async (token: string, headers?: Record<string, string>) => {
  const client = await TestClient.connect(server.url, token, headers);
  clients.push(client);
  return client;
};

const METRICS = 'metrics-token-0123456789';
beforeEach(async () => {
  server = await startTestServer({ METRICS_TOKEN: METRICS });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const OFFER = { type: 'offer', sdp: 'v=0 fake' };

describe('session isolation', () => {
  test("a session token receives only its own session's signaling", async () => {
    const a = await server.helpRequest();
    const b = await server.helpRequest();
    const userA = await connect(a.token);
    await userA.next('session.queued');
    const userB = await connect(b.token);
    await userB.next('session.queued');
    const agent = await connect(await server.agentToken());
    agent.send({ type: 'agent.setStatus', status: 'available' });

    // First in line is A: decline it, so B is offered and taken.
    await agent.next('offer.incoming', (f) => f.sessionId === a.sessionId);
    agent.send({ type: 'offer.decline', sessionId: a.sessionId });
    await agent.next('offer.incoming', (f) => f.sessionId === b.sessionId);
    agent.send({ type: 'offer.accept', sessionId: b.sessionId });
    await userB.next('session.live');

    agent.send({ type: 'signal.description', sessionId: b.sessionId, description: OFFER });
    expect((await userB.next('signal.description')).description).toEqual(OFFER);

    // The agent cannot reach a session it is not in a call with.
    agent.send({ type: 'signal.description', sessionId: a.sessionId, description: OFFER });
    expect((await agent.next('error')).code).toBe('invalid_state');

    // A waiting user cannot signal anyone.
    userA.send({ type: 'signal.description', description: OFFER });
    expect((await userA.next('error')).code).toBe('invalid_state');

    userB.send({
      type: 'signal.candidate',
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' },
    });
    expect((await agent.next('signal.candidate')).sessionId).toBe(b.sessionId);

    await Promise.all([userA.barrier(), agent.barrier()]);
    expect(userA.frames.map((f) => f.type)).not.toContain('signal.description');
    expect(userA.frames.map((f) => f.type)).not.toContain('session.live');
    expect(agent.frames.filter((f) => f.type === 'signal.description')).toEqual([]);
  });

  test('a forged, expired or missing token is refused at the handshake', async () => {
    const { token } = await server.helpRequest();
    const forged = `${token.slice(0, -4)}AAAA`;
    await expect(connect(forged)).rejects.toThrow('closed 4401');
    await expect(connect('')).rejects.toThrow('closed 4401');

    const clock = new ManualClock();
    const shortLived = await startTestServer({ SESSION_TOKEN_TTL_S: '60' }, clock);
    try {
      const expiring = (await shortLived.helpRequest()).token;
      clock.advance(59_000);
      (await TestClient.connect(shortLived.url, expiring)).close();
      clock.advance(1_000);
      await expect(TestClient.connect(shortLived.url, expiring)).rejects.toThrow('closed 4401');
    } finally {
      await shortLived.app.close();
    }
  });

  test('a page on an origin not on the allowlist cannot open a socket', async () => {
    const { token } = await server.helpRequest();
    await expect(connect(token, { origin: 'https://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(token, { origin: server.url })).resolves.toBeTruthy();
  });

  test('a token signed by another server is refused', async () => {
    const other = await startTestServer();
    try {
      const { token } = await other.helpRequest();
      await expect(connect(token)).rejects.toThrow('closed 4401');
    } finally {
      await other.app.close();
    }
  });
});

describe('bad input', () => {
  test('malformed frames get stable error codes and the connection keeps working', async () => {
    const { token } = await server.helpRequest();
    const user = await connect(token);
    await user.next('session.queued');

    user.send('{not json');
    expect((await user.next('error')).code).toBe('bad_json');
    user.send({ type: 'queue.hack' });
    await user.next('error', (f) => f.code === 'bad_message');
    user.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(user.frames.filter((f) => f.type === 'error')).toHaveLength(2);
    await user.next('error', (f) => String(f.message).includes('binary'));

    // Still connected and served: leaving the queue works and is recorded.
    user.send({ type: 'session.cancel' });
    expect((await user.next('session.ended')).reason).toBe('user_cancelled');
    const stats = await server.stats();
    expect(stats).toMatchObject({ abandoned: 1, waiting: 0 });
  });

  test('an oversize frame closes only that socket; the server keeps serving', async () => {
    const { token } = await server.helpRequest();
    const user = await connect(token);
    const closed = user.closed();
    user.send('x'.repeat(server.config.wsMaxPayload + 1));
    expect((await closed).code).toBe(1009);
    const again = await connect((await server.helpRequest()).token);
    await again.next('session.queued');
  });

  test('a flood of frames is rate limited with a clear code', async () => {
    const user = await connect((await server.helpRequest()).token);
    for (let i = 0; i < 150; i++) user.send({ type: 'media.connected' });
    await user.next('error', (f) => f.code === 'rate_limited');
  });

  test('bad HTTP bodies get 4xx with stable codes', async () => {
    expect(await server.post('/api/help-requests', '{nope')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_json' } },
    });
    expect(await server.post('/api/help-requests', { tenant: '' })).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request' } },
    });
    expect(await server.post('/api/agents/login', { email: 'agent@example.com', password: 'wrong' })).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthorized' } },
    });
  });
});

describe('the call', () => {
  test('time to answer is measured from the request to the accept, time to media to the first frame', async () => {
    const clock = new ManualClock();
    const timed = await startTestServer({}, clock);
    try {
      const agent = await TestClient.connect(timed.url, await timed.agentToken());
      agent.send({ type: 'agent.setStatus', status: 'available' });
      await agent.next('agent.state', (f) => f.status === 'available');
      const req = await timed.helpRequest();
      const user = await TestClient.connect(timed.url, req.token);
      await agent.next('offer.incoming');
      clock.advance(4_000);
      agent.send({ type: 'offer.accept', sessionId: req.sessionId });
      const live = await user.next('session.live');
      expect(live).toMatchObject({
        media: { provider: 'p2p', polite: true },
        recording: false,
        agent: { name: 'Alex (demo agent)' },
      });
      clock.advance(1_500);
      user.send({ type: 'media.connected' });
      await user.barrier();
      user.send({ type: 'session.end' });
      expect((await agent.next('session.ended')).reason).toBe('user_ended');

      const stats = await timed.stats();
      expect(stats.answered).toBe(1);
      expect(stats.timeToAnswerMs).toMatchObject({ p50: 4_000, p90: 4_000, mean: 4_000 });
      expect(stats.timeToMediaMs.p50).toBe(5_500);
      agent.close();
      user.close();
    } finally {
      await timed.app.close();
    }
  });

  test('a user who drops keeps their place for exactly the grace period, resumes with the same token, then is abandoned', async () => {
    const clock = new ManualClock();
    const graceful = await startTestServer({ RECONNECT_GRACE_MS: '30000' }, clock);
    const offline = (id: string) => graceful.app.hub.engine.state.offline.has(id);
    try {
      const stats = () => graceful.stats();
      const first = await graceful.helpRequest();
      const second = await graceful.helpRequest();
      const userA = await TestClient.connect(graceful.url, first.token);
      await userA.next('session.queued');
      const userB = await TestClient.connect(graceful.url, second.token);
      expect((await userB.next('session.queued')).position).toBe(2);
      userA.close();
      await vi.waitFor(() => expect(offline(first.sessionId)).toBe(true));
      clock.advance(29_999);
      expect(await stats()).toMatchObject({ waiting: 2, abandoned: 0 });

      const resumed = await TestClient.connect(graceful.url, first.token);
      expect((await resumed.next('session.queued')).position).toBe(1);
      expect(offline(first.sessionId)).toBe(false);
      // The grace period starts again from the second drop.
      resumed.close();
      await vi.waitFor(() => expect(offline(first.sessionId)).toBe(true));
      clock.advance(29_999);
      expect(await stats()).toMatchObject({ waiting: 2, abandoned: 0 });
      clock.advance(1);
      expect(await stats()).toMatchObject({ waiting: 1, abandoned: 1 });
      expect((await userB.next('session.queued', (f) => f.position === 1)).position).toBe(1);
      userB.close();
    } finally {
      await graceful.app.close();
    }
  });

  test('waiting users get an ETA from the agents serving the queue and the calls they have handled', async () => {
    const clock = new ManualClock();
    const timed = await startTestServer({}, clock);
    const open: TestClient[] = [];
    const join = async () => {
      const req = await timed.helpRequest();
      const client = await TestClient.connect(timed.url, req.token);
      open.push(client);
      return { ...req, client };
    };
    try {
      // Nobody serves the queue: no estimate.
      const first = await join();
      expect((await first.client.next('session.queued')).etaMs).toBeNull();
      const agent = await TestClient.connect(timed.url, await timed.agentToken());
      open.push(agent);
      agent.send({ type: 'agent.setStatus', status: 'away', reason: 'briefing' });
      await agent.next('agent.state', (f) => f.status === 'away');
      // An agent is free for this user: only the time to accept.
      agent.send({ type: 'agent.setStatus', status: 'available' });
      await agent.next('offer.incoming');
      expect((await first.client.next('session.queued', (f) => f.etaMs !== null)).etaMs).toBeLessThan(5_000);

      // The agent answers at once; two more wait behind a busy agent with no history: the prior
      // handle time, then two (one measured handle time makes every drawn future the same).
      agent.send({ type: 'offer.accept', sessionId: first.sessionId });
      await first.client.next('session.live');
      const second = await join();
      const third = await join();
      expect((await second.client.next('session.queued')).etaMs).toBe(PRIOR_HANDLE_MS);
      expect((await third.client.next('session.queued')).etaMs).toBe(2 * PRIOR_HANDLE_MS);

      // The call lasted 2 minutes: behind a call just started, the estimate is k × 2 min.
      clock.advance(120_000);
      agent.send({ type: 'session.end', sessionId: first.sessionId });
      const offer = await agent.next('offer.incoming', (f) => f.sessionId === second.sessionId);
      agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
      await second.client.next('session.live');
      expect((await third.client.next('session.queued', (f) => f.position === 1)).etaMs).toBe(120_000);
      const fourth = await join();
      const behind = await fourth.client.next('session.queued');
      expect(behind.etaMs).toBe(240_000);
      expect(behind.etaUpToMs).toBeGreaterThanOrEqual(240_000);
    } finally {
      for (const client of open) client.close();
      await timed.app.close();
    }
  });

  test('TURN credentials are minted per session when a TURN secret is configured', async () => {
    const turned = await startTestServer({ TURN_URLS: 'turn:127.0.0.1:3478', TURN_SECRET: 's3cret' });
    try {
      const agent = await TestClient.connect(turned.url, await turned.agentToken());
      agent.send({ type: 'agent.setStatus', status: 'available' });
      const req = await turned.helpRequest();
      const user = await TestClient.connect(turned.url, req.token);
      await agent.next('offer.incoming');
      agent.send({ type: 'offer.accept', sessionId: req.sessionId });
      const live = await user.next('session.live');
      const [server0] = (live.media as { iceServers: unknown }).iceServers as Array<{
        urls: string[];
        username: string;
        credential: string;
      }>;
      expect(server0?.urls).toEqual(['turn:127.0.0.1:3478']);
      expect(server0?.username).toMatch(new RegExp(`^\\d+:${req.sessionId}$`));
      expect(server0?.credential).toMatch(/^[A-Za-z0-9+/]+=*$/);
      agent.close();
      user.close();
    } finally {
      await turned.app.close();
    }
  });
});

describe('figures', () => {
  test('/api/stats filters by window and splits by agent; /metrics exposes the histogram and gauges', async () => {
    const agent = await connect(await server.agentToken());
    agent.send({ type: 'agent.setStatus', status: 'available' });
    const req = await server.helpRequest();
    const user = await connect(req.token);
    await agent.next('offer.incoming');
    agent.send({ type: 'offer.accept', sessionId: req.sessionId });
    await user.next('session.live');
    await connect((await server.helpRequest()).token);

    const stats = await server.stats('?window=15m&groupBy=agent');
    expect(stats).toMatchObject({ requests: 2, answered: 1, waiting: 1, inCall: 1, serviceLevel: 1 });
    expect(stats.groups['demo-agent']).toMatchObject({ answered: 1 });
    const old = await server.stats('?window=custom&from=0&to=1000');
    expect(old.requests).toBe(0);
    const bad = await server.call('GET', '/api/stats?window=yesterday', await server.agentToken());
    expect(bad.status).toBe(400);

    const metrics = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } })
    ).text();
    expect(metrics).toContain('lifeline_time_to_answer_seconds_count 1');
    expect(metrics).toContain('lifeline_waiting_users 1');
    expect(metrics).toContain('lifeline_agents{presence="busy"} 1');
  });
});

describe('business hours and callbacks', () => {
  test('outside business hours the user is told at once, asks for a callback, and the agent gets it after they left', async () => {
    const closed = JSON.stringify({ night: { businessHours: { timeZone: 'UTC' } } }); // no open day at all
    const shop = await startTestServer({ TENANTS: closed });
    try {
      const req = (await shop.post('/api/help-requests', { tenant: 'night' })).body as {
        token: string;
        sessionId: string;
      };
      const user = await TestClient.connect(shop.url, req.token);
      expect((await user.next('session.closed')).reason).toBe('outside_hours');
      user.send({ type: 'callback.request' });
      await user.next('callback.confirmed');
      user.close();
      await vi.waitFor(() => expect(shop.app.hub.engine.state.offline.has(req.sessionId)).toBe(true));

      const agent = await TestClient.connect(shop.url, await shop.agentToken());
      agent.send({ type: 'agent.setStatus', status: 'available' });
      const offer = await agent.next('offer.incoming');
      expect(offer).toMatchObject({ sessionId: req.sessionId, callback: true });
      agent.send({ type: 'offer.accept', sessionId: req.sessionId });
      expect((await agent.next('session.live')).userPresent).toBe(false);
      agent.close();
    } finally {
      await shop.app.close();
    }
  });

  test('a callback rings in place while the page is still open', async () => {
    const req = await server.helpRequest();
    const user = await connect(req.token);
    await user.next('session.noAgents');
    user.send({ type: 'callback.request' });
    await user.next('callback.confirmed');
    const agent = await connect(await server.agentToken());
    agent.send({ type: 'agent.setStatus', status: 'available' });
    await agent.next('offer.incoming', (f) => f.callback === true);
    agent.send({ type: 'offer.accept', sessionId: req.sessionId });
    expect((await agent.next('session.live')).userPresent).toBe(true);
    await user.next('session.live');
  });

  test('a user who leaves while closed is recorded as abandoned', async () => {
    const shop = await startTestServer({ TENANTS: JSON.stringify({ night: { businessHours: { timeZone: 'UTC' } } }) });
    try {
      const req = (await shop.post('/api/help-requests', { tenant: 'night' })).body as { token: string };
      const user = await TestClient.connect(shop.url, req.token);
      await user.next('session.closed');
      user.send({ type: 'session.cancel' });
      expect((await user.next('session.ended')).reason).toBe('user_cancelled');
      const stats = await shop.stats();
      expect(stats).toMatchObject({ abandoned: 1, waiting: 0 });
      user.close();
    } finally {
      await shop.app.close();
    }
  });
});

describe('ratings', () => {
  test('the user rates their own finished session; nobody else can, and not before the end', async () => {
    const agent = await connect(await server.agentToken());
    agent.send({ type: 'agent.setStatus', status: 'available' });
    const req = await server.helpRequest();
    const other = await server.helpRequest();
    const user = await connect(req.token);
    await agent.next('offer.incoming');
    const rate = (id: string, token: string, body: unknown) =>
      fetch(`${server.url}/api/sessions/${id}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    expect((await rate(req.sessionId, req.token, { score: 5 })).status).toBe(409);
    agent.send({ type: 'offer.accept', sessionId: req.sessionId });
    await user.next('session.live');
    user.send({ type: 'session.end' });
    await user.next('session.ended');

    expect((await rate(req.sessionId, other.token, { score: 1 })).status).toBe(401);
    expect((await rate(req.sessionId, req.token, { score: 9 })).status).toBe(400);
    expect((await rate(req.sessionId, req.token, { score: 4, comment: 'found the button' })).status).toBe(204);
    expect((await server.app.store.sessionFile(req.sessionId as never))?.rating).toMatchObject({
      score: 4,
      comment: 'found the button',
    });
  });
});
