import { afterEach, expect, test } from 'vitest';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const ORIGIN = 'https://shop.example';
const METRICS = 'metrics-token-0123456789';

async function pressHelp() {
  const res = await fetch(`${server.url}/api/help-requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ tenant: 'demo', context: {} }),
  });
  return { res, body: (await res.json()) as { sessionId?: string; token?: string; error?: { code: string } } };
}

// 200 requests and sockets, and a Retry-After of 2 s when the node still judges itself behind:
// more than the default 5 s on a busy machine.
test('users whose sockets have not signed in pile up: new help requests are refused with rate_limited until they do, and nobody taken is lost', {
  timeout: 20_000,
}, async () => {
  server = await startTestServer({
    RATE_LIMITS: 'off',
    LOAD_SHEDDING: 'on',
    ALLOWED_ORIGINS: ORIGIN,
    METRICS_TOKEN: METRICS,
  });
  // 100 users answered whose sockets are still on their way (as in a full accept queue).
  const taken = [];
  for (let i = 0; i < 100; i++) {
    const { res, body } = await pressHelp();
    expect(res.status).toBe(201);
    taken.push(body as { sessionId: string; token: string });
  }

  const refused = await pressHelp();
  expect(refused.res.status).toBe(429);
  expect(refused.body.error?.code).toBe('rate_limited');
  expect(refused.res.headers.get('retry-after')).toBe('2');
  // The widget on the customer's page can read the refusal and when to ask again.
  expect(refused.res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  expect(refused.res.headers.get('access-control-expose-headers')).toBe('Retry-After');
  // Operators see it: one request shed.
  const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS}` } });
  expect(await metrics.text()).toMatch(/^lifeline_help_requests_shed_total 1$/m);
  // Only new help requests are shed: an agent still signs in.
  expect(
    (await server.post('/api/agents/login', { email: 'agent@example.com', password: 'lifeline-demo' })).status,
  ).toBe(200);

  // Their sockets sign in: every user taken is queued, in the order they asked.
  for (const [i, user] of taken.entries()) {
    const client = await TestClient.connect(server.url, user.token);
    clients.push(client);
    const queued = await client.next('session.queued');
    expect(queued.position).toBe(i + 1);
  }
  // The node takes new requests again. It judged these sign-ins late (the test held them back
  // while it checked the refusal), so it may still refuse once: the widget then honours
  // Retry-After, and the next window finds it caught up.
  let next = await pressHelp();
  if (next.res.status === 429) {
    await new Promise((r) => setTimeout(r, Number(next.res.headers.get('retry-after')) * 1000));
    next = await pressHelp();
  }
  expect(next.res.status).toBe(201);
});

test('with RATE_LIMITS=off (load tests from one address) shedding is off too, unless LOAD_SHEDDING=on', async () => {
  server = await startTestServer({ RATE_LIMITS: 'off', ALLOWED_ORIGINS: ORIGIN });
  for (let i = 0; i < 110; i++) expect((await pressHelp()).res.status).toBe(201);
});

test('a refused user asks again with the refusal’s ticket and is placed by when they were refused, ahead of anyone who got through later', async () => {
  // The node is behind while one user it answered has not signed their socket in.
  server = await startTestServer({
    RATE_LIMITS: 'off',
    LOAD_SHEDDING: 'on',
    SHED_MIN_AWAITED: '1',
    ALLOWED_ORIGINS: ORIGIN,
  });
  const join = async (reply: { token?: string }) => {
    const client = await TestClient.connect(server.url, reply.token as string);
    clients.push(client);
    return client;
  };
  const first = await pressHelp();
  expect(first.res.status).toBe(201);

  const refused = await pressHelp();
  expect(refused.res.status).toBe(429);
  const { ticket } = refused.body as { ticket?: string };
  expect(ticket).toMatch(/^[0-9a-z]+\.[\w-]{22}$/);

  // The node catches up; someone else presses help and gets through before the refused user asks again.
  expect((await (await join(first.body)).next('session.queued')).position).toBe(1);
  await new Promise((r) => setTimeout(r, 20));
  const later = await pressHelp();
  expect(later.res.status).toBe(201);
  const laterClient = await join(later.body);
  expect((await laterClient.next('session.queued')).position).toBe(2);

  const again = await server.post('/api/help-requests', { tenant: 'demo', context: {}, ticket });
  expect(again.status).toBe(201);
  const refusedClient = await join(again.body);
  // Second in line, where they were when refused; the one who got through later moves back.
  expect((await refusedClient.next('session.queued')).position).toBe(2);
  await laterClient.next('session.queued', (f) => f.position === 3, 5_000);

  // A ticket not signed by this service is refused, with a stable code.
  const forged = `${(Date.now() - 60_000).toString(36)}.${(ticket as string).split('.')[1]}`;
  const refusedForged = await server.post('/api/help-requests', { tenant: 'demo', context: {}, ticket: forged });
  expect(refusedForged.status).toBe(400);
  expect(refusedForged.body.error.code).toBe('bad_request');
});
