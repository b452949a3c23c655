import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

/** The token of an `Authorization: Bearer …` header, or '' when there is none. */
export function bearerToken(req: Request): string {
  return req.get('authorization')?.replace(/^Bearer /, '') ?? '';
}

/** Does the request carry exactly this shared secret as its bearer token? (constant time) */
export function bearerIs(req: Request, secret: string | null | undefined): boolean {
  if (!secret) return false;
  const given = Buffer.from(req.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
