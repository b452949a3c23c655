import { timingSafeEqual } from 'node:crypto';
import { LifelineError } from '@lifeline/shared';
import type { RequestHandler } from 'express';

/**
 * /metrics reveals tenants, volumes and agent ids: only a scraper holding METRICS_TOKEN reads
 * it. Without a token configured it is not served at all.
 */
export function metricsAuth(token: string | null): RequestHandler {
  const expected = token === null ? null : Buffer.from(`Bearer ${token}`);
  return (req, _res, next) => {
    if (!expected) return next(LifelineError.notFound('set METRICS_TOKEN to serve /metrics'));
    const given = Buffer.from(req.get('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return next(LifelineError.unauthorized());
    next();
  };
}
