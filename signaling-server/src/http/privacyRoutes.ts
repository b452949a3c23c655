import { timingSafeEqual } from 'node:crypto';
import { LifelineError } from '@lifeline/shared';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { eraseUser } from '../store/retention.js';
import { signedInAgent } from './agentAuth.js';
import type { ApiDeps } from './api.js';
import { parseBody } from './errors.js';

const EraseQuery = z.object({ tenant: z.string().min(1).max(64) });

/** The tenant's own backend, proving itself with the tenant's identity secret as a bearer token. */
function isTenantBackend(req: Request, secret: string | undefined): boolean {
  if (!secret) return false;
  const given = Buffer.from(req.get('authorization') ?? '');
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `DELETE /api/users/:userId?tenant=…`: everything about an identified user goes (sessions,
 * events, notes, ratings, dispositions), at an admin's or the tenant backend's request.
 */
export function privacyRoutes({ config, clock, store, tokens }: ApiDeps): Router {
  const router = Router();
  router.delete('/users/:userId', async (req, res) => {
    const { tenant } = parseBody(EraseQuery, req.query);
    const settings = config.tenants[tenant];
    if (!isTenantBackend(req, settings?.identitySecret)) await signedInAgent(req, tokens, store, clock, ['admin']);
    if (!settings && !config.demo) throw LifelineError.notFound(`unknown tenant ${tenant}`);
    res.json(eraseUser(store, tenant, String(req.params.userId)));
  });
  return router;
}
