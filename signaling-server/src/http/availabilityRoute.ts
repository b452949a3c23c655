import { type AvailabilityReply, LifelineError } from '@lifeline/shared';
import cors from 'cors';
import { Router } from 'express';
import { isOpen, nextOpening } from '../businessHours.js';
import type { ApiDeps } from './api.js';

/** How long one tenant's answer is kept (and may be cached by browsers and CDNs). */
export const AVAILABILITY_CACHE_S = 10;

/**
 * `GET /api/tenants/:tenant/availability`: what the help button can say before anyone presses it
 * ("Agents online · usually answers in under a minute", or the next opening), and the topics to
 * choose from. Public, for any page embedding the widget: it names nobody, and one answer per
 * tenant is computed at most every few seconds however many pages ask.
 */
export function availabilityRouter(
  { config, clock, link }: ApiDeps,
  allowedOrigins: cors.CorsOptions['origin'],
): Router {
  const router = Router();
  const cache = new Map<string, { at: number; reply: AvailabilityReply }>();
  router.get('/tenants/:tenant/availability', cors({ origin: allowedOrigins, methods: ['GET'] }), async (req, res) => {
    const tenantId = req.params.tenant as string;
    const tenant = config.tenants[tenantId];
    if (!tenant && !config.demo) throw LifelineError.notFound(`unknown tenant ${tenantId}`);
    const now = clock.now();
    let cached = cache.get(tenantId);
    if (!cached || now - cached.at >= AVAILABILITY_CACHE_S * 1000) {
      const live = await link.ask({ type: 'availability' });
      const open = isOpen(tenant?.businessHours, now);
      cached = {
        at: now,
        reply: {
          open,
          nextOpenAt: open ? null : nextOpening(tenant?.businessHours, now),
          agentsOnline: live.agentsOnline,
          agentsAvailable: live.agentsAvailable,
          etaMs: live.etaMs,
          topics: tenant?.topics ?? [],
        },
      };
      cache.set(tenantId, cached);
    }
    res.set('cache-control', `public, max-age=${AVAILABILITY_CACHE_S}`);
    res.json(cached.reply);
  });
  return router;
}
