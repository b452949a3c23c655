import { PROTOCOL_VERSION } from '@lifeline/shared';
import { z } from 'zod';
import { type Caller, OPERATIONS, type Operation } from './operations.js';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12, which OpenAPI 3.1 uses as is (what a client sends). */
function schemaOf(schema: unknown, io: 'input' | 'output'): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema as z.ZodType, { unrepresentable: 'any', io });
  return json;
}

const SECURITY: Record<Caller, Array<Record<string, string[]>>> = {
  public: [],
  agent: [{ agentToken: [] }],
  supervisor: [{ agentToken: [] }],
  admin: [{ agentToken: [] }],
  session: [{ sessionToken: [] }],
  backend: [{ agentToken: [] }, { tenantSecret: [] }],
  metrics: [{ metricsToken: [] }],
  livekit: [{ livekitSignature: [] }],
};

const ROLE_NOTE: Partial<Record<Caller, string>> = {
  supervisor: ' (supervisors and admins)',
  admin: ' (admins)',
  backend: " (an admin's token, or the tenant's identity secret as the bearer)",
};

function operation(op: Operation): Record<string, unknown> {
  const parameters = [
    ...[...op.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
    ...Object.entries((op.query ? schemaOf(op.query, 'input').properties : {}) as Record<string, JsonSchema>).map(
      ([name, schema]) => ({ name, in: 'query', required: false, schema }),
    ),
  ];
  const status = String(op.status ?? 200);
  return {
    summary: `${op.summary}${ROLE_NOTE[op.caller] ?? ''}`,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    security: SECURITY[op.caller],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(op.body, 'input') } } } }
      : {}),
    responses: {
      [status]: {
        description: status === '204' ? 'Done' : 'OK',
        ...(op.reply ? { content: { 'application/json': { schema: schemaOf(op.reply, 'output') } } } : {}),
      },
      ...(op.busy
        ? {
            '429': {
              description:
                'Too busy right now (a flash crowd): ask again after Retry-After with the ticket, to keep this place in line',
              content: { 'application/json': { schema: schemaOf(op.busy, 'output') } },
            },
          }
        : {}),
      default: { $ref: '#/components/responses/Refusal' },
    },
  };
}

/** The server's HTTP API as an OpenAPI 3.1 document, served at `/api/openapi.json`. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const path = op.path.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [op.method]: operation(op) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Lifeline',
      version: String(PROTOCOL_VERSION),
      description:
        'In-app instant video support: help requests, agents, history, figures and callbacks. Every refusal is `{ error: { code, message } }` with a stable code. WebSocket frames (`/ws`) are described by the shared protocol schemas.',
    },
    paths,
    components: {
      securitySchemes: {
        agentToken: { type: 'http', scheme: 'bearer', description: 'From POST /api/agents/login' },
        sessionToken: { type: 'http', scheme: 'bearer', description: "A help request's session token" },
        tenantSecret: { type: 'http', scheme: 'bearer', description: "The tenant's identity secret" },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN' },
        livekitSignature: { type: 'apiKey', in: 'header', name: 'Authorization', description: "LiveKit's signed JWT" },
      },
      responses: {
        Refusal: {
          description: 'Refused, with a stable code',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error'],
                properties: {
                  error: {
                    type: 'object',
                    required: ['code', 'message'],
                    properties: { code: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
