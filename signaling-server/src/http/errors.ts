import { ErrorCode, LifelineError } from '@lifeline/shared';
import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { isUnavailable } from '../store/sql/unavailable.js';

const STATUS: Record<ErrorCode, number> = {
  bad_json: 400,
  bad_message: 400,
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  rate_limited: 429,
  invalid_state: 409,
  no_agents_online: 503,
  unavailable: 503,
  internal: 500,
};

/** Validates a request body; a bad one becomes a 400 with a stable code. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new LifelineError(ErrorCode.BadRequest, `${issue?.message ?? 'invalid body'}${where}`);
}

/** Every error leaves as `{ error: { code, message } }`; internals are logged, never sent. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    if (err instanceof LifelineError) {
      if (err.retryAfterMs !== undefined)
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
      res.status(STATUS[err.code]).json({ error: { code: err.code, message: err.message } });
      return;
    }
    // body-parser's errors carry a status and a type (malformed JSON, too large).
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status === 400 && err.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: ErrorCode.BadJson, message: 'body is not valid JSON' } });
      return;
    }
    if (status < 500) {
      res.status(status).json({ error: { code: ErrorCode.BadRequest, message: String(err.message) } });
      return;
    }
    if (isUnavailable(err)) {
      log.warn({ err }, 'a request failed: the database cannot be reached');
      res.setHeader('Retry-After', '1');
      res
        .status(503)
        .json({ error: { code: ErrorCode.Unavailable, message: 'the service is briefly unavailable: try again' } });
      return;
    }
    log.error({ err }, 'request failed');
    res.status(500).json({ error: { code: ErrorCode.Internal, message: 'internal error' } });
  };
}
