import { startTestServer } from '@lifeline/signaling-server/testing/testServer';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { declaredRoutes } from '../support/declaredRoutes.js';

type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
};

let server: Awaited<ReturnType<typeof startTestServer>>;
let document: Document;
beforeAll(async () => {
  server = await startTestServer({
    MEDIA: 'livekit',
    LIVEKIT_URL: 'ws://127.0.0.1:9',
    LIVEKIT_API_KEY: 'key',
    LIVEKIT_API_SECRET: 'secret',
  });
  document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Document;
});
afterAll(() => server?.app.close());

describe('the OpenAPI description at /api/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  test('describes every route the server declares, and no route it lacks', () => {
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(described.sort()).toEqual([...new Set(declaredRoutes())].sort());
  });

  test("real replies match the documented schemas (an agent's reads, a help request, the public availability)", async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const token = await server.agentToken();
    const schemaFor = (method: string, path: string, status: string) => {
      const schema = document.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`no documented ${status} reply for ${method} ${path}`);
      return schema;
    };
    const check = async (method: string, path: string, url: string, init: RequestInit = {}) => {
      const response = await fetch(`${server.url}${url}`, { method: method.toUpperCase(), ...init });
      const body = await response.json();
      const validate = ajv.compile(schemaFor(method, path, String(response.status)));
      expect([url, validate(body), validate.errors ?? null]).toEqual([url, true, null]);
    };
    const agent = { headers: { authorization: `Bearer ${token}` } };
    await check('post', '/api/help-requests', '/api/help-requests', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo', context: { pageUrl: 'https://shop.example/' } }),
    });
    await check('post', '/api/agents/login', '/api/agents/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'agent@example.com', password: 'lifeline-demo' }),
    });
    for (const [path, url] of [
      ['/api/stats', '/api/stats?window=today'],
      ['/api/stats/time-to-answer', '/api/stats/time-to-answer?window=today'],
      ['/api/team', '/api/team'],
      ['/api/floor', '/api/floor'],
      ['/api/sessions', '/api/sessions'],
      ['/api/agents', '/api/agents'],
      ['/api/agent/callbacks', '/api/agent/callbacks'],
      ['/api/callbacks/slots', '/api/callbacks/slots?tenant=demo'],
    ] as const)
      await check('get', path, url, agent);
    await check('get', '/api/tenants/{tenant}/availability', '/api/tenants/demo/availability');
  });
});
