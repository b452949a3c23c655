import { LifelineError } from '@lifeline/shared';
import { Router, raw } from 'express';
import { TrackSource, WebhookReceiver } from 'livekit-server-sdk';
import type { LiveKitSettings } from '../media/livekit.js';
import { sessionOfRoom } from '../media/livekit.js';
import type { EngineLink } from '../runtime/engineInputs.js';
import type { Store } from '../store/types.js';

/**
 * LiveKit's webhooks: when media really connected (so time-to-media is measured the same way
 * for both transports), who joined and left the room, and the room closing under a live call.
 * The body must be the raw bytes LiveKit signed; the Authorization header carries a JWT with
 * the body's sha256, without a "Bearer" prefix.
 */
export function livekitWebhookRouter(deps: { settings: LiveKitSettings; store: Store; link: EngineLink }): Router {
  const { store, link } = deps;
  const receiver = new WebhookReceiver(deps.settings.apiKey, deps.settings.apiSecret);
  const router = Router();

  router.post('/webhook', raw({ type: '*/*', limit: '64kb' }), async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const auth = req.get('authorization');
    if (!auth) throw LifelineError.unauthorized('missing Authorization header');
    const event = await receiver.receive(body, auth).catch(() => {
      throw LifelineError.unauthorized('the webhook signature does not match its body');
    });
    const sessionId = event.room ? sessionOfRoom(event.room.name) : null;
    if (!sessionId || !(await store.getSession(sessionId))) {
      res.status(200).json({ ignored: true });
      return;
    }
    link.input({
      type: 'media.roomEvent',
      sessionId,
      event: event.event,
      identity: event.participant?.identity ?? '',
      camera: event.track?.source === TrackSource.CAMERA,
    });
    res.status(200).json({ ok: true });
  });

  return router;
}
