import type { IncomingMessage } from 'node:http';
import { expect, test } from 'vitest';
import { originAllowed } from './origin.js';

const request = (origin: string | undefined, extra: { host?: string; proto?: string; tls?: boolean } = {}) =>
  ({
    headers: {
      host: extra.host ?? 'help.example.com',
      ...(origin ? { origin } : {}),
      ...(extra.proto ? { 'x-forwarded-proto': extra.proto } : {}),
    },
    socket: { encrypted: extra.tls ?? false },
  }) as unknown as IncomingMessage;

test('listed origins match on scheme, host and port, not on host alone', () => {
  const allowed = ['https://app.example.com'];
  expect(originAllowed(request('https://app.example.com'), allowed)).toBe(true);
  expect(originAllowed(request('https://APP.example.com:443'), allowed)).toBe(true);
  expect(originAllowed(request('http://app.example.com'), allowed)).toBe(false);
  expect(originAllowed(request('https://app.example.com:8443'), allowed)).toBe(false);
  expect(originAllowed(request('https://app.example.com.evil.io'), allowed)).toBe(false);
  expect(originAllowed(request('null'), allowed)).toBe(false);
  expect(originAllowed(request('javascript:alert(1)'), allowed)).toBe(false);
});

test("the server's own origin is allowed, but never a plain-http page when it is reached over https", () => {
  expect(originAllowed(request('http://help.example.com'), [])).toBe(true);
  expect(originAllowed(request('https://help.example.com'), [])).toBe(true);
  expect(originAllowed(request('http://help.example.com', { tls: true }), [])).toBe(false);
  expect(originAllowed(request('http://help.example.com', { proto: 'https' }), [], true)).toBe(false);
  // A forwarded scheme counts only from a trusted proxy.
  expect(originAllowed(request('http://help.example.com', { proto: 'https' }), [], false)).toBe(true);
  expect(originAllowed(request('https://other.example.com'), [])).toBe(false);
});

test('no Origin (not a browser) is judged by its token alone; * allows any', () => {
  expect(originAllowed(request(undefined), [])).toBe(true);
  expect(originAllowed(request('https://anything.example'), ['*'])).toBe(true);
});
