import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ErrorCode } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startTestServer } from '../testing/testServer.js';
import { TestClient } from '../testing/wsClient.js';
import { FUZZ_RUNS, FUZZ_SEED, hostileBody, hostileFrame } from './hostile.js';

const CODES = new Set<string>(Object.values(ErrorCode));
/** Close codes a misbehaving client may get, all documented. */
const CLOSES = new Set<number>([1009, CloseCode.SignedOut, CloseCode.Replaced, CloseCode.SessionOver]);
const options = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true };

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let bystander: TestClient;
let bystanderId: string;
let agentToken: string;
let baselineMb: number;

beforeAll(async () => {
  // One client address sends everything: the abuse limits are tested on their own.
  server = await startTestServer({ RATE_LIMITS: 'off' });
  agentToken = await server.agentToken();
  const req = await server.helpRequest();
  bystanderId = req.sessionId;
  bystander = await TestClient.connect(server.url, req.token);
  await bystander.next('session.queued');
  baselineMb = heapMb();
});
afterAll(async () => {
  bystander?.close();
  await server?.app.close();
});

/** Every frame a fuzzed socket got back is a known frame; errors carry a stable code. */
function expectOnlyStableReplies(client: TestClient) {
  for (const frame of client.frames) {
    if (frame.type === 'error') expect(CODES.has(String(frame.code))).toBe(true);
  }
}

describe.sequential(`fuzz (${FUZZ_RUNS} inputs per door, seed ${FUZZ_SEED})`, () => {
  test.each(['widget', 'console'] as const)(
    '%s frames: stable error codes, no crash, the socket keeps working',
    async (kind) => {
      const open = async () =>
        TestClient.connect(server.url, kind === 'widget' ? (await server.helpRequest()).token : agentToken);
      let client = await open();
      // One close listener per socket, not one per frame.
      let closed = client.closed();
      await fc.assert(
        fc.asyncProperty(hostileFrame(kind), async (frame) => {
          if (client.ws.readyState !== WebSocket.OPEN) {
            expectOnlyStableReplies(client);
            client = await open();
            closed = client.closed();
          }
          if (typeof frame === 'string') client.send(frame);
          else client.ws.send(frame, { binary: true });
          // Answered (an error or a reply) and still serving, or closed with a documented code.
          const outcome = await Promise.race([client.barrier().then(() => 'served'), closed.then((c) => c.code)]);
          if (outcome !== 'served') expect(CLOSES.has(outcome as number)).toBe(true);
        }),
        options,
      );
      expectOnlyStableReplies(client);
      client.close();
    },
    600_000,
  );

  test('first frames of unauthenticated sockets: every one is closed with 4401, nothing served', async () => {
    await fc.assert(
      fc.asyncProperty(hostileFrame('console'), async (frame) => {
        const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws`);
        const got: string[] = [];
        ws.on('message', (d) => got.push(d.toString()));
        await new Promise((r) => ws.once('open', r));
        const code = new Promise<number>((r) => ws.once('close', r));
        ws.send(frame, { binary: typeof frame !== 'string' });
        expect(await code).toBe(CloseCode.SignedOut);
        expect(got).toEqual([]);
      }),
      options,
    );
  }, 600_000);

  const ROUTES = [
    ['POST', '/api/help-requests', false],
    ['POST', '/api/agents/login', false],
    ['POST', '/api/agents/invites/accept', false],
    ['POST', '/api/agents/invites', true],
    ['PATCH', '/api/agents/demo-agent', true],
    ['POST', '/api/sessions/x/notes', true],
    ['POST', '/api/sessions/x/wrap-up', true],
    ['POST', '/api/sessions/x/rating', false],
  ] as const;
  test.each(ROUTES)(
    '%s %s bodies: a 2xx or a 4xx with a stable code, never a 500',
    async (method, path, signedIn) => {
      await fc.assert(
        fc.asyncProperty(hostileBody, async (body) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (signedIn) headers.authorization = `Bearer ${agentToken}`;
          const res = await fetch(`${server.url}${path}`, { method, headers, body });
          expect(res.status).toBeLessThan(500);
          const reply = (await res.json().catch(() => null)) as { error?: { code: string } } | null;
          if (res.status >= 400) expect(CODES.has(reply?.error?.code ?? '')).toBe(true);
        }),
        options,
      );
    },
    600_000,
  );

  test('afterwards: the waiting user kept their place, the admin is intact, memory is back to its baseline', async () => {
    expect(server.app.hub.engine.state.queue.get(0)?.sessionId).toBe(bystanderId);
    expect(bystander.ws.readyState).toBe(WebSocket.OPEN);
    expect(
      (await server.post('/api/agents/login', { email: 'agent@example.com', password: 'lifeline-demo' })).status,
    ).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const growthMb = heapMb() - baselineMb;
    console.log(`fuzz: heap ${baselineMb.toFixed(1)} MB before, ${(baselineMb + growthMb).toFixed(1)} MB after`);
    // What stays is what the fuzzed help requests legitimately stored (their sessions).
    expect(growthMb).toBeLessThan(FUZZ_RUNS >= 10_000 ? 150 : 40);
  });
});
