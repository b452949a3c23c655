import { expect, test } from 'vitest';
import { loadConfig as load } from './config.js';

const loadConfig = (env: Record<string, string>) => load({ DEMO: 'true', ...env });

test('relay-only ICE needs a TURN server, and then every peer-to-peer grant says relay', () => {
  expect(() => loadConfig({ ICE_TRANSPORT_POLICY: 'relay' })).toThrow(/needs a TURN server/);
  const viaSecret = loadConfig({
    ICE_TRANSPORT_POLICY: 'relay',
    TURN_URLS: 'turn:turn.example:3478',
    TURN_SECRET: 's',
  });
  expect(viaSecret.iceTransportPolicy).toBe('relay');
  const viaList = loadConfig({
    ICE_TRANSPORT_POLICY: 'relay',
    ICE_SERVERS: JSON.stringify([{ urls: ['turns:turn.example:5349'], username: 'u', credential: 'c' }]),
  });
  expect(viaList.iceTransportPolicy).toBe('relay');
  expect(() => loadConfig({ ICE_TRANSPORT_POLICY: 'sometimes' })).toThrow();
  expect(loadConfig({}).iceTransportPolicy).toBe('all');
});

test('the server defaults to production: no demo, and it will not start without AUTH_SECRET', () => {
  expect(() => load({})).toThrow(/AUTH_SECRET/);
  expect(() => load({ AUTH_SECRET: 'too-short' })).toThrow(/AUTH_SECRET/);
  const production = load({ AUTH_SECRET: 'x'.repeat(32) });
  expect(production.demo).toBe(false);
  expect(production.authSecret).toHaveLength(32);
  expect(load({ DEMO: 'true' }).authSecret).toBeNull();
});
