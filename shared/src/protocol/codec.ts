import { type $ZodType, type output, safeParse } from 'zod/v4/core';
import { ErrorCode, LifelineError } from './errorCodes.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: LifelineError };

/**
 * Parses one raw frame (text) against a schema. Never throws: the caller sends the error
 * back as an error frame and keeps the connection.
 */
export function decode<S extends $ZodType>(schema: S, raw: string): Result<output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: new LifelineError(ErrorCode.BadJson, 'frame is not valid JSON') };
  }
  const parsed = safeParse(schema, json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: LifelineError.badMessage(`${issue?.message ?? 'invalid'}${where}`) };
}

export function encode<T extends { type: string }>(message: T): string {
  return JSON.stringify(message);
}
