import { afterEach, expect, test } from 'vitest';
import { startTestServer } from '../testing/testServer.js';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await server?.app.close();
});

const connectSrc = async (url: string) =>
  (await fetch(`${url}/healthz`)).headers
    .get('content-security-policy')
    ?.split(';')
    .find((d) => d.trim().startsWith('connect-src'))
    ?.trim();

test('the CSP lets the console reach its own origin only, plus the LiveKit server when one is configured', async () => {
  server = await startTestServer();
  expect(await connectSrc(server.url)).toBe("connect-src 'self'");
  await server.app.close();
  server = await startTestServer({
    MEDIA: 'livekit',
    LIVEKIT_URL: 'wss://media.example.com',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
  });
  expect(await connectSrc(server.url)).toBe("connect-src 'self' wss://media.example.com https://media.example.com");
});
