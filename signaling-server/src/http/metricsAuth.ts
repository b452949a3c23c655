import { LifelineError } from '@lifeline/shared';
import type { RequestHandler } from 'express';
import { bearerIs } from './bearer.js';

/**
 * /metrics reveals tenants, volumes and agent ids: only a scraper holding METRICS_TOKEN reads
 * it. Without a token configured it is not served at all.
 */
export function metricsAuth(token: string | null): RequestHandler {
  return (req, _res, next) => {
    if (!token) return next(LifelineError.notFound('set METRICS_TOKEN to serve /metrics'));
    next(bearerIs(req, token) ? undefined : LifelineError.unauthorized());
  };
}
