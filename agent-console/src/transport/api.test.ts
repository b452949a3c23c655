import { LifelineError } from '@lifeline/shared';
import { afterEach, expect, test, vi } from 'vitest';
import { fetchTeam, login } from './api.js';

afterEach(() => vi.unstubAllGlobals());

const reply = (body: unknown, status = 200) =>
  vi
    .fn()
    .mockResolvedValue(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

test('replies are decoded with the shared schemas: a good one passes, a misshapen one is refused, not cast', async () => {
  vi.stubGlobal(
    'fetch',
    reply({ agents: [{ id: 'a2', name: 'Sam', presence: 'available', team: 'north', languages: ['en'], areas: [] }] }),
  );
  await expect(fetchTeam('t')).resolves.toBeTruthy();
  vi.stubGlobal('fetch', reply({ agents: 'everyone' }));
  await expect(fetchTeam('t')).rejects.toMatchObject({
    code: 'internal',
    message: expect.stringContaining('cannot read'),
  });
});

test('a refusal becomes the one error class with its stable code', async () => {
  vi.stubGlobal('fetch', reply({ error: { code: 'rate_limited', message: 'too many wrong passwords' } }, 429));
  const error = await login('a@example.com', 'x').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LifelineError);
  expect(error).toMatchObject({ code: 'rate_limited', message: 'too many wrong passwords' });
  vi.stubGlobal('fetch', reply('<html>bad gateway</html>', 502));
  await expect(login('a@example.com', 'x')).rejects.toMatchObject({ code: 'internal', message: 'HTTP 502' });
});
