import type { HistoryReply, SessionDetail, TimeToAnswerReply } from '@lifeline/shared';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { signIdentity } from '../testing/identityToken.js';
import { ManualClock } from '../testing/manualClock.js';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';

const SECRET = 'acme-identity-secret-0123456789-abcdef';
const TENANTS = JSON.stringify({ acme: { identitySecret: SECRET } });
let server: Awaited<ReturnType<typeof startTestServer>>;
let clock: ManualClock;
const clients: TestClient[] = [];
beforeEach(async () => {
  clock = new ManualClock();
  server = await startTestServer({ TENANTS }, clock);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server.app.close();
});

const join = async (token: string) => {
  const client = await TestClient.connect(server.url, token);
  clients.push(client);
  return client;
};
const identity = (userId: string, name: string) =>
  signIdentity(SECRET, { sub: userId, name }, { nowS: Math.floor(clock.now() / 1000) });

/**
 * One whole call: Dana asks, the agent answers after 3.2 s, then `end` runs before the agent
 * hangs up 95 s later.
 */
async function call(agent: TestClient, agentToken: string, end: (sessionId: string) => Promise<void> = async () => {}) {
  const req = await server.post('/api/help-requests', {
    tenant: 'acme',
    context: { pageUrl: 'https://shop.example/checkout' },
    identity: await identity('u-42', 'Dana'),
  });
  const user = await join(req.body.token);
  const offer = await agent.next('offer.incoming', (f) => f.sessionId === req.body.sessionId);
  // While it rings, the agent may read the user's earlier sessions.
  const previous = await server.call('GET', `/api/sessions/${req.body.sessionId}/previous`, agentToken);
  clock.advance(3_200);
  agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
  await user.next('session.live');
  await end(req.body.sessionId);
  clock.advance(95_000);
  agent.send({ type: 'session.end', sessionId: req.body.sessionId });
  await user.next('session.ended');
  const { sessionId, token } = req.body as { sessionId: string; token: string };
  return { sessionId, token, user, previous: previous.body as HistoryReply };
}

test('a call leaves a history line with time to answer, duration, rating, disposition, notes and a timeline', async () => {
  const token = await server.agentToken();
  const agent = await join(token);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const first = await call(agent, token, async (id) => {
    const note = await server.call('POST', `/api/sessions/${id}/notes`, token, { body: 'Card declined at checkout' });
    expect(note.status).toBe(201);
  });
  expect(first.previous.sessions).toEqual([]);
  const wrap = await server.call('POST', `/api/sessions/${first.sessionId}/wrap-up`, token, {
    disposition: 'follow_up',
    note: 'Send refund link',
  });
  expect(wrap.status).toBe(200);
  const rated = await fetch(`${server.url}/api/sessions/${first.sessionId}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${first.token}` },
    body: JSON.stringify({ score: 5, comment: 'so quick' }),
  });
  expect(rated.status).toBe(204);

  const history = (await server.call('GET', '/api/sessions', token)).body as HistoryReply;
  expect(history.total).toBe(1);
  const line = history.sessions[0];
  expect(line).toMatchObject({
    id: first.sessionId,
    user: { name: 'Dana', userId: 'u-42' },
    agentName: 'Alex (demo agent)',
    outcome: 'answered',
    endReason: 'agent_ended',
    rating: { score: 5, comment: 'so quick' },
    disposition: 'follow_up',
  });
  expect(line?.notes.map((n) => n.body)).toEqual(['Card declined at checkout', 'Send refund link']);
  expect(line?.timeToAnswerMs).toBe(3_200);
  expect(line?.durationMs).toBe(95_000);

  const detail = (await server.call('GET', `/api/sessions/${first.sessionId}`, token)).body as SessionDetail;
  expect(detail.timeline.map((e) => e.kind)).toEqual(['requested', 'queued', 'offered', 'accepted', 'ended']);
  expect(detail.timeline[3]).toMatchObject({ agentName: 'Alex (demo agent)' });
  expect(detail.context.pageUrl).toBe('https://shop.example/checkout');

  const charts = (await server.call('GET', '/api/stats/time-to-answer?window=today', token)).body as TimeToAnswerReply;
  // 3.2 s falls in the first bucket, up to 5 s, and only there.
  expect(charts.distribution.filter((b) => b.count > 0)).toEqual([{ upToMs: 5_000, count: 1 }]);
  expect(charts.byHour.reduce((sum, h) => sum + h.answered, 0)).toBe(1);
  // Answered in 3.2 s, within the 20 s target: that hour's service level is 100%, against the 80% goal.
  expect(charts.serviceLevel).toEqual({ targetMs: 20_000, goal: 0.8 });
  expect(charts.byHour.filter((h) => h.answered > 0).map((h) => h.serviceLevel)).toEqual([1]);
  expect(charts.byHour.filter((h) => h.answered === 0).every((h) => h.serviceLevel === null)).toBe(true);

  // Dana comes back: the agent sees the first session and its notes before answering.
  const second = await call(agent, token);
  expect(second.previous.sessions.map((s) => [s.id, s.disposition, s.notes.length])).toEqual([
    [first.sessionId, 'follow_up', 2],
  ]);
});

test('history is searchable, newest first, and paged', async () => {
  const token = await server.agentToken();
  const agent = await join(token);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const first = await call(agent, token, async (id) => {
    await server.call('POST', `/api/sessions/${id}/notes`, token, { body: 'Printer driver' });
  });
  const second = await call(agent, token);
  const search = async (query: string) =>
    ((await server.call('GET', `/api/sessions?${query}`, token)).body as HistoryReply).sessions.map((s) => s.id);
  expect(await search('')).toEqual([second.sessionId, first.sessionId]);
  expect(await search('q=printer')).toEqual([first.sessionId]);
  expect(await search('q=DANA')).toEqual([second.sessionId, first.sessionId]);
  expect(await search('q=checkout&limit=1&offset=1')).toEqual([first.sessionId]);
  expect(await search('q=nothing-like-this')).toEqual([]);
  expect((await server.call('GET', '/api/sessions?limit=0', token)).body.error.code).toBe('bad_request');
});

test('history filters by date, agent, disposition and rating, and exports the same sessions as CSV', async () => {
  const token = await server.agentToken();
  const agent = await join(token);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const rate = (session: { sessionId: string; token: string }, score: number, comment: string) =>
    fetch(`${server.url}/api/sessions/${session.sessionId}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ score, comment }),
    });
  const morning = clock.now();
  const first = await call(agent, token);
  await server.call('POST', `/api/sessions/${first.sessionId}/wrap-up`, token, { disposition: 'follow_up' });
  await rate(first, 5, '=HYPERLINK("http://evil.example")');
  clock.advance(3 * 3_600_000);
  const afternoon = clock.now();
  const second = await call(agent, token);
  await server.call('POST', `/api/sessions/${second.sessionId}/wrap-up`, token, {
    disposition: 'resolved',
    note: 'Reset, "then" it worked',
  });
  await rate(second, 2, 'slow');
  const { agents } = (await server.call('GET', '/api/team', token)).body as { agents: Array<{ id: string }> };
  const me = agents[0]?.id as string;

  const ids = async (query: string) =>
    ((await server.call('GET', `/api/sessions?${query}`, token)).body as HistoryReply).sessions.map((s) => s.id);
  expect(await ids(`from=${morning}&to=${afternoon}`)).toEqual([first.sessionId]);
  expect(await ids(`from=${afternoon}`)).toEqual([second.sessionId]);
  expect(await ids('disposition=resolved')).toEqual([second.sessionId]);
  expect(await ids('rating=5')).toEqual([first.sessionId]);
  expect(await ids(`agent=${me}`)).toEqual([second.sessionId, first.sessionId]);
  expect(await ids('agent=someone-else')).toEqual([]);
  expect(await ids(`agent=${me}&rating=2&disposition=resolved&q=dana`)).toEqual([second.sessionId]);
  expect((await server.call('GET', '/api/sessions?rating=9', token)).body.error.code).toBe('bad_request');
  expect((await server.call('GET', '/api/sessions?disposition=lost', token)).body.error.code).toBe('bad_request');

  // The export holds every matching session, whatever the page size, and a name or comment that
  // looks like a formula stays text in the spreadsheet.
  const exported = await fetch(`${server.url}/api/sessions?format=csv&limit=1&from=${morning}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(exported.headers.get('content-disposition')).toMatch(
    /^attachment; filename="?lifeline-sessions-\d{4}-\d\d-\d\d\.csv"?$/,
  );
  const rows: string[][] = parse(await exported.text());
  expect(rows[0]).toEqual([
    'session',
    'requested_at',
    'user_name',
    'user_email',
    'user_id',
    'agent',
    'outcome',
    'end_reason',
    'disposition',
    'time_to_answer_s',
    'duration_s',
    'rating',
    'rating_comment',
    'notes',
  ]);
  expect(rows.slice(1).map((r) => [r[0], r[2], r[8], r[9], r[10], r[11], r[12], r[13]])).toEqual([
    [second.sessionId, 'Dana', 'resolved', '3.2', '95.0', '2', 'slow', 'Alex (demo agent): Reset, "then" it worked'],
    [first.sessionId, 'Dana', 'follow_up', '3.2', '95.0', '5', `'=HYPERLINK("http://evil.example")`, ''],
  ]);
  const unsigned = await fetch(`${server.url}/api/sessions?format=csv`);
  expect(unsigned.status).toBe(401);
});

test('notes and wrap-up: bad input gets a stable code, and only the agents of the call may write', async () => {
  const token = await server.agentToken();
  const agent = await join(token);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const { sessionId } = await call(agent, token);

  const invited = await server.call('POST', '/api/agents/invites', token, { email: 'o@example.com', name: 'Other' });
  const other = (
    await server.post('/api/agents/invites/accept', {
      token: decodeURIComponent(String(invited.body.inviteUrl).split('#invite=')[1] ?? ''),
      password: 'other password',
    })
  ).body.token as string;

  expect((await server.call('POST', `/api/sessions/${sessionId}/notes`, token, { body: '  ' })).status).toBe(400);
  const badCode = await server.call('POST', `/api/sessions/${sessionId}/wrap-up`, token, { disposition: 'meh' });
  expect(badCode.body.error.code).toBe('bad_request');
  expect((await server.call('POST', `/api/sessions/${sessionId}/notes`, other, { body: 'x' })).status).toBe(403);
  expect((await server.call('GET', `/api/sessions/${sessionId}`, other)).body.error.code).toBe('forbidden');
  expect(((await server.call('GET', '/api/sessions', other)).body as HistoryReply).total).toBe(0);
  expect((await server.call('GET', '/api/sessions/nope', token)).status).toBe(404);
  expect((await server.call('GET', '/api/sessions', undefined)).status).toBe(401);
  expect((await server.app.store.sessionFile(sessionId as never))?.notes).toEqual([]);
});
