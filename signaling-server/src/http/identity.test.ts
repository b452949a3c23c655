import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { signIdentity } from '../testing/identityToken.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

const SECRET = 'acme-identity-secret-0123456789-abcdef';
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let server: Awaited<ReturnType<typeof startTestServer>>;
const clients: TestClient[] = [];

beforeAll(async () => {
  keys = await generateKeyPair('ES256');
});
beforeEach(async () => {
  const tenants = {
    acme: { identitySecret: SECRET, planTiers: { premium: 1 } },
    other: { identitySecret: 'another-tenant-secret-0123456789-xyz' },
    keyed: { identityPublicKey: { pem: await exportSPKI(keys.publicKey), algorithm: 'ES256' } },
  };
  // Outside demo mode: unknown tenants are refused.
  server = await startTestServer({
    TENANTS: JSON.stringify(tenants),
    TIER_BOOST_MS: '60000',
    DEMO: 'false',
    AUTH_SECRET: 'x'.repeat(32),
  });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const identity = (sub: string, plan?: string, options: Parameters<typeof signIdentity>[2] = {}) =>
  signIdentity(SECRET, { sub, name: 'Dana', email: 'dana@example.com', ...(plan ? { plan } : {}) }, options);
const ask = (body: Record<string, unknown>, tenant = 'acme') => server.post('/api/help-requests', { tenant, ...body });
const refused = (message: RegExp) => ({
  status: 401,
  body: { error: { code: 'unauthorized', message: expect.stringMatching(message) } },
});
const join = async (token: string) => {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
};
/** An agent signed in, for tests that need one (the demo agent is off outside demo mode). */
async function agent() {
  const { hashPassword } = await import('../auth/passwords.js');
  await server.app.store.addAgent({
    id: 'a-1' as never,
    email: 'sam@example.com',
    name: 'Sam',
    passwordHash: await hashPassword('sam-password-1'),
    skills: { languages: ['en'], areas: [] },
    team: 'default',
    role: 'agent',
  });
  const login = await server.post('/api/agents/login', { email: 'sam@example.com', password: 'sam-password-1' });
  return join(login.body.token);
}

test('a signed identity reaches the agent as verified: name, e-mail, plan and signed attributes', async () => {
  const token = await signIdentity(SECRET, { sub: 'u-1', name: 'Dana', plan: 'pro', attributes: { seats: 12 } });
  const req = await ask({ identity: token, context: { attributes: { cart: 3 } } });
  expect(req.status).toBe(201);
  expect((await server.app.store.getSession(req.body.sessionId))?.context).toMatchObject({
    userId: 'u-1',
    name: 'Dana',
    plan: 'pro',
    verified: true,
    claims: { seats: 12 },
    attributes: { cart: 3 },
  });
});

test('hostile tokens are refused with unauthorized: expired, too long-lived, another tenant, alg none, tampered, unsigned claims', async () => {
  const now = Math.floor(Date.now() / 1000);
  // A replayed token, expired an hour ago.
  expect(await ask({ identity: await identity('u-1', undefined, { nowS: now - 7200, ttlS: 3600 }) })).toMatchObject(
    refused(/expired/),
  );
  // Valid for a year: more than IDENTITY_MAX_TTL_S (24 h).
  expect(await ask({ identity: await identity('u-1', undefined, { ttlS: 365 * 86_400 }) })).toMatchObject(
    refused(/at most 86400 s/),
  );
  // Signed for another tenant, or naming another tenant as its audience.
  const forOther = await signIdentity('another-tenant-secret-0123456789-xyz', { sub: 'u-1' });
  expect(await ask({ identity: forOther })).toMatchObject(refused(/not valid/));
  expect(await ask({ identity: await signIdentity(SECRET, { sub: 'u-1', aud: 'other' }) })).toMatchObject(
    refused(/another tenant/),
  );
  // alg: none, and a claim changed after signing.
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const none = `${b64({ alg: 'none' })}.${b64({ sub: 'u-1', plan: 'premium', iat: now, exp: now + 60 })}.`;
  expect(await ask({ identity: none })).toMatchObject(refused(/not valid/));
  const [header, payload, signature] = (await identity('u-1', 'pro')).split('.');
  const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
  const tampered = `${header}.${b64({ ...claims, plan: 'premium' })}.${signature}`;
  expect(await ask({ identity: tampered })).toMatchObject(refused(/not valid/));
  // No exp at all.
  const forever = await new SignJWT({ sub: 'u-1' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .sign(new TextEncoder().encode(SECRET));
  expect(await ask({ identity: forever })).toMatchObject(refused(/not valid/));
  // Not a JWT at all, and a tenant that does not take identities.
  expect((await ask({ identity: 'not-a-token' })).body.error.code).toBe('bad_request');
  expect(await ask({ identity: await identity('u-1') }, 'unknown')).toMatchObject({
    status: 404,
    body: { error: { code: 'not_found' } },
  });
  expect(await server.app.store.sessionsRequested(0, Date.now() + 1)).toHaveLength(0);
});

test('what the page claims about the user without a token is dropped: no impersonation, no queue jumping', async () => {
  const forged = await ask({
    context: { userId: 'ceo', name: 'The CEO', email: 'ceo@acme.example', plan: 'premium', verified: true },
  });
  const context = (await server.app.store.getSession(forged.body.sessionId))?.context ?? {};
  for (const field of ['userId', 'name', 'email', 'plan', 'verified']) expect(context).not.toHaveProperty(field);
  expect((await server.app.store.getSession(forged.body.sessionId))?.traits.tier).toBeUndefined();
});

test('a plan named after an object property ("constructor", "__proto__") is no tier and jumps nobody', async () => {
  const waiting = [];
  for (let i = 0; i < 5; i++) waiting.push(await join((await ask({})).body.token));
  for (const plan of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    const req = await ask({ identity: await identity(`u-${plan}`, plan) });
    expect((await server.app.store.getSession(req.body.sessionId))?.traits.tier).toBeUndefined();
    const client = await join(req.body.token);
    const position = (await client.next('session.queued')).position as number;
    expect(position).toBe(waiting.length + 1);
    waiting.push(client);
  }
});

test('RS256/ES256: a tenant that holds only a public key verifies tokens signed with its private key', async () => {
  const good = await signIdentity(keys.privateKey, { sub: 'k-1', name: 'Kim' }, { alg: 'ES256' });
  const req = await ask({ identity: good }, 'keyed');
  expect(req.status).toBe(201);
  expect((await server.app.store.getSession(req.body.sessionId))?.context).toMatchObject({
    userId: 'k-1',
    verified: true,
  });
  // An HS256 token (say, signed with the public key as a secret) is refused: the algorithm is pinned.
  const swapped = await signIdentity('x'.repeat(40), { sub: 'k-1' });
  expect(await ask({ identity: swapped }, 'keyed')).toMatchObject(refused(/not valid/));
});

test("a premium plan is served first, within the tenant's tiers", async () => {
  const standard = await ask({});
  const premium = await ask({ identity: await identity('vip', 'premium') });
  await join(standard.body.token);
  const vip = await join(premium.body.token);
  expect((await vip.next('session.queued', (f) => f.position === 1)).position).toBe(1);
  const sam = await agent();
  sam.send({ type: 'agent.setStatus', status: 'available' });
  const offer = await sam.next('offer.incoming');
  expect(offer.sessionId).toBe(premium.body.sessionId);
  expect(offer.user).toMatchObject({ userId: 'vip', plan: 'premium', verified: true });
});

test('a returning user is offered to the agent who helped them last', async () => {
  const sam = await agent();
  sam.send({ type: 'agent.setStatus', status: 'available' });
  const first = await ask({ identity: await identity('returning') });
  const user = await join(first.body.token);
  await sam.next('offer.incoming');
  sam.send({ type: 'offer.accept', sessionId: first.body.sessionId });
  await user.next('session.live');
  user.send({ type: 'session.end' });
  await sam.next('session.ended');

  const again = await ask({ identity: await identity('returning') });
  expect((await server.app.store.getSession(again.body.sessionId))?.traits.lastAgentId).toBe('a-1');
});
