import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIdentity } from '@lifeline/signaling-server/testing/identityToken';
import { TestClient } from '@lifeline/signaling-server/testing/wsClient';
import { verifyWebhook } from '@lifeline/signaling-server/webhooks/signature';
import { afterAll, expect, test } from 'vitest';
import { freePort, killHard, startServerProcess } from '../support/process.js';
import { DEMO_AGENT } from '../support/server.js';
import { type ReceivedWebhook, WebhookReceiver } from '../support/webhookReceiver.js';

const WEBHOOK_SECRET = 'whsec-acme-0123456789abcdef0123456789';
const IDENTITY_SECRET = 'acme-identity-secret-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'lifeline-webhooks-'));
let server: ChildProcess | undefined;
let receiver: WebhookReceiver | undefined;

afterAll(async () => {
  if (server && server.exitCode === null) await killHard(server);
  await receiver?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const verified = (hook: ReceivedWebhook) =>
  verifyWebhook(WEBHOOK_SECRET, hook.headers['lifeline-signature'] as string, hook.body, Date.now());

test("the tenant's backend hears of a session requested, answered, ended and rated, signed; a 500 is retried and a delivery survives kill -9", async () => {
  receiver = new WebhookReceiver(await freePort());
  await receiver.start();
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const env = {
    PORT: port,
    DATABASE_PATH: join(dir, 'lifeline.sqlite'),
    TENANTS: JSON.stringify({
      acme: { identitySecret: IDENTITY_SECRET, webhook: { url: receiver.url, secret: WEBHOOK_SECRET } },
    }),
    WEBHOOK_RETRY_BASE_MS: '300',
  };
  server = await startServerProcess(env);
  const post = async (path: string, body: unknown, token?: string) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  // An identified user asks for help; the backend's first answer to "answered" is a 500.
  receiver.failNext = 0;
  const identity = await signIdentity(IDENTITY_SECRET, { sub: 'user-42', name: 'Dana', email: 'dana@example.com' });
  const help = (await (await post('/api/help-requests', { tenant: 'acme', identity })).json()) as {
    token: string;
    sessionId: string;
  };
  const [requested] = await receiver.waitFor('session.requested');
  expect(requested?.json).toMatchObject({
    tenant: 'acme',
    data: { sessionId: help.sessionId, user: { userId: 'user-42', name: 'Dana', email: 'dana@example.com' } },
  });
  expect(verified(requested as ReceivedWebhook)).toBe(true);

  receiver.failNext = 1;
  const widget = await TestClient.connect(url, help.token);
  const { token: agentToken } = (await (await post('/api/agents/login', DEMO_AGENT)).json()) as { token: string };
  const agent = await TestClient.connect(url, agentToken);
  agent.send({ type: 'agent.setStatus', status: 'available' });
  const offer = await agent.next('offer.incoming', () => true, 10_000);
  agent.send({ type: 'offer.accept', sessionId: offer.sessionId });
  await widget.next('session.live', () => true, 10_000);

  // Refused once, sent again with the same delivery id and body, as attempt 2.
  const answered = await receiver.waitFor('session.answered', 2);
  expect(answered.map((h) => h.headers['lifeline-attempt'])).toEqual(['1', '2']);
  expect(new Set(answered.map((h) => h.json.id)).size).toBe(1);
  expect(answered[1]?.json.data).toMatchObject({ sessionId: help.sessionId, agent: { name: expect.any(String) } });
  expect(answered.every(verified)).toBe(true);

  agent.send({ type: 'session.end', sessionId: help.sessionId });
  const [ended] = await receiver.waitFor('session.ended');
  expect(ended?.json.data).toMatchObject({ sessionId: help.sessionId, outcome: 'answered' });
  expect(
    (await post(`/api/sessions/${help.sessionId}/rating`, { score: 5, comment: 'quick' }, help.token)).status,
  ).toBe(204);
  const [rated] = await receiver.waitFor('session.rated');
  expect(rated?.json.data).toMatchObject({ sessionId: help.sessionId, score: 5, comment: 'quick' });
  expect([ended, rated].every((h) => verified(h as ReceivedWebhook))).toBe(true);
  widget.close();
  agent.close();

  // The backend is down when the next user asks; the server is then killed before it is back.
  await receiver.stop();
  const second = (await (await post('/api/help-requests', { tenant: 'acme' })).json()) as { sessionId: string };
  await new Promise((r) => setTimeout(r, 1_000)); // an attempt or two fail meanwhile
  await killHard(server);
  receiver = new WebhookReceiver(receiver.port);
  await receiver.start();
  server = await startServerProcess(env);
  const [late] = await receiver.waitFor('session.requested');
  expect(late?.json.data).toMatchObject({ sessionId: second.sessionId, user: null });
  expect(Number(late?.headers['lifeline-attempt'])).toBeGreaterThan(1);
  expect(verified(late as ReceivedWebhook)).toBe(true);
}, 90_000);
