import { LifelineError } from '@lifeline/shared';
import { Router } from 'express';
import { z } from 'zod';
import { eraseUser } from '../store/retention.js';
import { signedInAgent } from './agentAuth.js';
import type { ApiDeps } from './api.js';
import { bearerIs } from './bearer.js';
import { parseBody } from './errors.js';

const EraseQuery = z.object({ tenant: z.string().min(1).max(64) });

/**
 * `DELETE /api/users/:userId?tenant=…`: everything about an identified user goes (sessions,
 * events, notes, ratings, dispositions), at an admin's or the tenant backend's request.
 */
export function privacyRoutes({ config, clock, store, tokens }: ApiDeps): Router {
  const router = Router();
  router.delete('/users/:userId', async (req, res) => {
    const { tenant } = parseBody(EraseQuery, req.query);
    const settings = config.tenants[tenant];
    // The tenant's own backend proves itself with the tenant's identity secret as a bearer token.
    if (!bearerIs(req, settings?.identitySecret)) await signedInAgent(req, tokens, store, clock, ['admin']);
    if (!settings && !config.demo) throw LifelineError.notFound(`unknown tenant ${tenant}`);
    res.json(await eraseUser(store, tenant, String(req.params.userId)));
  });
  return router;
}
