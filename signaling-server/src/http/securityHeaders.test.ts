import { afterEach, expect, test } from 'vitest';
import { startTestServer } from '../testing/testServer.js';

let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
afterEach(async () => {
  await server?.app.close();
});

const directive = async (url: string, name: string) =>
  (await fetch(`${url}/healthz`)).headers
    .get('content-security-policy')
    ?.split(';')
    .find((d) => d.trim().startsWith(`${name} `))
    ?.trim();
const connectSrc = (url: string) => directive(url, 'connect-src');

test('the CSP lets the console reach its own origin only, plus the LiveKit server when one is configured', async () => {
  server = await startTestServer();
  expect(await connectSrc(server.url)).toBe("connect-src 'self'");
  // The page view mirrors a customer's page, images included; scripts stay the console's own.
  expect(await directive(server.url, 'img-src')).toBe("img-src 'self' data: blob: https: http:");
  expect(await directive(server.url, 'script-src')).toBe("script-src 'self'");
  await server.app.close();
  server = await startTestServer({
    MEDIA: 'livekit',
    LIVEKIT_URL: 'wss://media.example.com',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
  });
  expect(await connectSrc(server.url)).toBe("connect-src 'self' wss://media.example.com https://media.example.com");
});
