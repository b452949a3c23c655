import { afterEach, beforeEach, expect, test } from 'vitest';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.app.close();
});

const invite = async (admin: string, body: Record<string, unknown>) =>
  server.call('POST', '/api/agents/invites', admin, body);
const inviteToken = (url: string) => decodeURIComponent(url.split('#invite=')[1] ?? '');

test('an admin invites an agent, who sets a password from the link and signs in with the given skills and role', async () => {
  const admin = await server.agentToken();
  const invited = await invite(admin, {
    email: 'Sam@Example.com',
    name: 'Sam',
    role: 'supervisor',
    languages: ['en', 'de'],
    areas: ['billing'],
  });
  expect(invited.status).toBe(201);
  expect(invited.body.agent).toMatchObject({
    email: 'sam@example.com',
    role: 'supervisor',
    invited: true,
    active: true,
  });
  expect(invited.body.inviteUrl).toMatch(/\/console\/#invite=/);

  // Before accepting, no password works.
  expect((await server.post('/api/agents/login', { email: 'sam@example.com', password: '' })).status).toBe(400);
  const accepted = await server.post('/api/agents/invites/accept', {
    token: inviteToken(invited.body.inviteUrl),
    password: 'correct horse battery',
  });
  expect(accepted.status).toBe(200);
  expect(accepted.body.agent).toMatchObject({ name: 'Sam', role: 'supervisor', skills: { languages: ['en', 'de'] } });

  const login = await server.post('/api/agents/login', { email: 'sam@example.com', password: 'correct horse battery' });
  expect(login.status).toBe(200);
  // The link works once.
  const again = await server.post('/api/agents/invites/accept', {
    token: inviteToken(invited.body.inviteUrl),
    password: 'another password here',
  });
  expect(again.status).toBe(401);
  expect(again.body.error.code).toBe('unauthorized');

  const list = await server.call('GET', '/api/agents', admin);
  expect(list.body.agents.map((a: { email: string; invited: boolean }) => [a.email, a.invited])).toEqual([
    ['agent@example.com', false],
    ['sam@example.com', false],
  ]);
});

test('bad invitations get stable codes and create nothing', async () => {
  const admin = await server.agentToken();
  expect((await invite(admin, { email: 'not-an-email', name: 'X' })).body.error.code).toBe('bad_request');
  expect((await invite(admin, { email: 'agent@example.com', name: 'Dup' })).body.error.code).toBe('invalid_state');
  expect((await invite(admin, { email: 'x@example.com', name: 'X', role: 'owner' })).status).toBe(400);
  const short = await server.post('/api/agents/invites/accept', { token: 'forged', password: 'short' });
  expect(short.body.error.code).toBe('bad_request');
  const forged = await server.post('/api/agents/invites/accept', { token: 'forged', password: 'long enough pw' });
  expect(forged.body.error.code).toBe('unauthorized');
  expect((await server.call('GET', '/api/agents', admin)).body.agents).toHaveLength(1);
});

test('only admins manage agents; plain agents get 403 forbidden', async () => {
  const admin = await server.agentToken();
  const invited = await invite(admin, { email: 'pat@example.com', name: 'Pat' });
  const accepted = await server.post('/api/agents/invites/accept', {
    token: inviteToken(invited.body.inviteUrl),
    password: 'pat password 1',
  });
  const pat = accepted.body.token as string;
  expect((await server.call('GET', '/api/agents', pat)).status).toBe(403);
  expect((await invite(pat, { email: 'q@example.com', name: 'Q' })).body.error.code).toBe('forbidden');
  expect((await server.call('PATCH', '/api/agents/demo-agent', pat, { role: 'agent' })).status).toBe(403);
  expect((await server.call('GET', '/api/agents')).status).toBe(401);
});

test("an admin changes skills and role; deactivation ends the agent's sign-in at once and refuses the next", async () => {
  const admin = await server.agentToken();
  const invited = await invite(admin, { email: 'kim@example.com', name: 'Kim' });
  const id = invited.body.agent.id as string;
  const kim = (
    await server.post('/api/agents/invites/accept', {
      token: inviteToken(invited.body.inviteUrl),
      password: 'kim password 1',
    })
  ).body.token as string;

  const changed = await server.call('PATCH', `/api/agents/${id}`, admin, { areas: ['billing'], role: 'supervisor' });
  expect(changed.body).toMatchObject({ role: 'supervisor', areas: ['billing'], languages: ['en'] });
  expect((await server.app.store.agent(id as never))?.skills.areas).toEqual(['billing']);
  expect((await server.call('PATCH', `/api/agents/${id}`, admin, { colour: 'red' })).body.error.code).toBe(
    'bad_request',
  );
  expect((await server.call('PATCH', '/api/agents/nobody', admin, { active: false })).status).toBe(404);

  const socket = await TestClient.connect(server.url, kim);
  await socket.next('agent.state');
  const closed = socket.closed();
  expect((await server.call('PATCH', `/api/agents/${id}`, admin, { active: false })).body.active).toBe(false);
  expect((await closed).code).toBe(4401);
  expect((await server.call('GET', '/api/team', kim)).status).toBe(401);
  const login = await server.post('/api/agents/login', { email: 'kim@example.com', password: 'kim password 1' });
  expect(login.body.error.code).toBe('forbidden');
  await expect(TestClient.connect(server.url, kim)).rejects.toThrow('closed 4401');
});

test('an admin cannot lock themselves out', async () => {
  const admin = await server.agentToken();
  const deactivate = await server.call('PATCH', '/api/agents/demo-agent', admin, { active: false });
  expect(deactivate.body.error.code).toBe('invalid_state');
  expect((await server.call('PATCH', '/api/agents/demo-agent', admin, { role: 'agent' })).status).toBe(409);
  expect((await server.call('PATCH', '/api/agents/demo-agent', admin, { name: 'Alex' })).body.name).toBe('Alex');
});

test('refresh swaps a valid token for a fresh one; sign-out revokes every token and closes the console', async () => {
  const token = await server.agentToken();
  const refreshed = await server.call('POST', '/api/agents/refresh', token);
  expect(refreshed.status).toBe(200);
  expect(refreshed.body.agent).toMatchObject({ id: 'demo-agent', role: 'admin', skills: { languages: ['en'] } });
  expect((await server.call('POST', '/api/agents/refresh', 'garbage')).status).toBe(401);

  const socket = await TestClient.connect(server.url, refreshed.body.token);
  await socket.next('agent.state');
  const closed = socket.closed();
  expect((await server.call('POST', '/api/agents/logout', refreshed.body.token)).status).toBe(204);
  expect((await closed).code).toBe(4401);
  for (const old of [token, refreshed.body.token]) {
    expect((await server.call('POST', '/api/agents/refresh', old)).status).toBe(401);
  }
  // Signing in again works.
  expect((await server.call('GET', '/api/team', await server.agentToken())).status).toBe(200);
});

test('two acceptances of one invitation racing: exactly one sets the password, the other is refused', async () => {
  const admin = await server.agentToken();
  const invited = await invite(admin, { email: 'race@example.com', name: 'Race' });
  const token = inviteToken(invited.body.inviteUrl);
  const [a, b] = await Promise.all([
    server.post('/api/agents/invites/accept', { token, password: 'first-password' }),
    server.post('/api/agents/invites/accept', { token, password: 'second-password' }),
  ]);
  expect([a.status, b.status].sort()).toEqual([200, 401]);
  const winner = a.status === 200 ? 'first-password' : 'second-password';
  const loser = a.status === 200 ? 'second-password' : 'first-password';
  expect((await server.post('/api/agents/login', { email: 'race@example.com', password: winner })).status).toBe(200);
  expect((await server.post('/api/agents/login', { email: 'race@example.com', password: loser })).status).toBe(401);
});

test('a token signed with our key but without an expiry is refused; the same with one is accepted', async () => {
  const { SignJWT } = await import('jose');
  const secret = await server.app.store.secret('auth_secret');
  const forever = await new SignJWT({ role: 'agent', gen: 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-agent')
    .setIssuedAt()
    .sign(secret);
  expect((await server.call('GET', '/api/sessions', forever)).status).toBe(401);
  const expiring = await new SignJWT({ role: 'agent', gen: 0 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('demo-agent')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
  expect((await server.call('GET', '/api/sessions', expiring)).status).toBe(200);
});
