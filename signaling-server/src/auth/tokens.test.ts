import type { AgentId, SessionId } from '@lifeline/shared';
import { SignJWT, UnsecuredJWT } from 'jose';
import { expect, test } from 'vitest';
import { TokenIssuer } from './tokens.js';

const secret = new Uint8Array(32).fill(7);
const issuer = new TokenIssuer(secret);
const now = Date.UTC(2026, 11, 6, 12);

test('a user token and an agent token come back with their claims, expiry and id', async () => {
  const user = await issuer.issue({ role: 'user', sessionId: 'session-1' as SessionId }, 60, now);
  expect(user.expiresAt).toBe(now + 60_000);
  expect(await issuer.verify(user.token, now)).toEqual({ role: 'user', sessionId: 'session-1' });

  const agent = await issuer.issue({ role: 'agent', agentId: 'agent-1' as AgentId, generation: 3 }, 600, now);
  expect(await issuer.verify(agent.token, now + 1_000)).toEqual({
    role: 'agent',
    agentId: 'agent-1',
    generation: 3,
    tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    expiresAt: now + 600_000,
  });
});

test('a token is refused from its expiry on, by the server clock', async () => {
  const { token, expiresAt } = await issuer.issue({ role: 'user', sessionId: 's' as SessionId }, 60, now);
  expect(await issuer.verify(token, expiresAt - 1_000)).not.toBeNull();
  expect(await issuer.verify(token, expiresAt)).toBeNull();
  expect(await issuer.verify(token, expiresAt + 86_400_000)).toBeNull();
});

test('forged, tampered, unsigned, other-algorithm and expiry-less tokens are refused', async () => {
  const { token } = await issuer.issue({ role: 'agent', agentId: 'a' as AgentId, generation: 1 }, 60, now);
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const promoted = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
  const iat = Math.floor(now / 1000);
  const other = new TokenIssuer(new Uint8Array(32).fill(8));

  const refused = [
    'not a token',
    `${header}.${promoted}.${signature}`,
    (await other.issue({ role: 'agent', agentId: 'a' as AgentId, generation: 1 }, 60, now)).token,
    new UnsecuredJWT({ role: 'agent', gen: 1 })
      .setSubject('a')
      .setExpirationTime(iat + 60)
      .encode(),
    await new SignJWT({ role: 'agent', gen: 1 })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('a')
      .setExpirationTime(iat + 60)
      .sign(new Uint8Array(64).fill(7)),
    await new SignJWT({ role: 'agent', gen: 1 }).setProtectedHeader({ alg: 'HS256' }).setSubject('a').sign(secret),
    await new SignJWT({ role: 'stranger' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setExpirationTime(iat + 60)
      .sign(secret),
  ];
  for (const forged of refused) expect(await issuer.verify(forged, now)).toBeNull();
});

test('tokens signed before this version (jose, the same secret) stay valid through an upgrade', async () => {
  const iat = Math.floor(now / 1000);
  const old = await new SignJWT({ role: 'agent', gen: 2 })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('agent-9')
    .setIssuedAt(iat)
    .setExpirationTime(iat + 600)
    .setJti('old-id')
    .sign(secret);
  expect(await issuer.verify(old, now)).toEqual({
    role: 'agent',
    agentId: 'agent-9',
    generation: 2,
    tokenId: 'old-id',
    expiresAt: (iat + 600) * 1000,
  });
});
