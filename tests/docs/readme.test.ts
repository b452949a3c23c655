import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Env } from '@lifeline/signaling-server/config';
import { startTestServer } from '@lifeline/signaling-server/testing/testServer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { declaredRoutes } from '../support/declaredRoutes.js';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const README = readFileSync(root('README.md'), 'utf8');

/** The rows of the README table that follows `heading`, as arrays of cells. */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(heading);
  if (start < 0) throw new Error(`README has no "${heading}"`);
  const lines = README.slice(start).split('\n').slice(1);
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  }
  return rows.slice(2); // header and separator
}

const codeSpans = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);

describe('the configuration table', () => {
  const rows = tableAfter('## Configuration');
  const documented = new Map(rows.flatMap(([names = '', fallback = '']) => codeSpans(names).map((n) => [n, fallback])));

  test('documents every variable the server reads, and nothing it does not', () => {
    expect([...documented.keys()].sort()).toEqual(Object.keys(Env.shape).sort());
  });

  test('states each default as the server applies it', () => {
    for (const [name, fallback] of documented) {
      const schema = Env.shape[name as keyof typeof Env.shape];
      const actual = schema.safeParse(undefined);
      const applied = actual.success ? actual.data : undefined;
      const literal = /^`([^`]*)`$/.exec(fallback)?.[1];
      if (literal !== undefined) {
        const shown = typeof applied === 'object' ? JSON.stringify(applied) : String(applied);
        expect(`${name}=${shown}`).toBe(`${name}=${literal}`);
      } else {
        // Prose ("unset", "(same origin only)"): there is no value the server fills in.
        expect([name, applied === undefined || (Array.isArray(applied) && applied.length === 0)]).toEqual([name, true]);
      }
    }
  });
});

describe('the HTTP API table', () => {
  const documented = tableAfter('### HTTP API')
    .map(([route = '']) => codeSpans(route)[0] ?? '')
    .filter((r) => /^(GET|POST|PATCH|PUT|DELETE) \/(api|healthz|readyz|metrics)/.test(r));

  test('lists every route the server declares, and no route it lacks', () => {
    expect([...new Set(documented)].sort()).toEqual([...new Set(declaredRoutes())].sort());
  });

  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    // With LiveKit configured, so its webhook route is mounted too (nothing connects to it here).
    server = await startTestServer({
      MEDIA: 'livekit',
      LIVEKIT_URL: 'ws://127.0.0.1:9',
      LIVEKIT_API_KEY: 'key',
      LIVEKIT_API_SECRET: 'secret',
    });
  });
  afterAll(() => server?.app.close());

  test('every documented route answers on a running server (not Express "Cannot GET")', async () => {
    for (const route of documented) {
      const [method = 'GET', path = '/'] = route.split(' ');
      const res = await fetch(`${server.url}${path.replace(/:id/g, 'no-such-id')}`, { method });
      const body = await res.text();
      expect([route, body.startsWith('<!DOCTYPE html>') && body.includes('Cannot')]).toEqual([route, false]);
    }
  });
});
