import { type AgentId, LifelineError } from '@lifeline/shared';
import { Router, raw } from 'express';
import { TrackSource, WebhookReceiver } from 'livekit-server-sdk';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { LiveKitSettings } from '../media/livekit.js';
import { sessionOfRoom } from '../media/livekit.js';
import type { Store } from '../store/types.js';
import type { Hub } from '../ws/hub.js';

/**
 * LiveKit's webhooks: when media really connected (so time-to-media is measured the same way
 * for both transports), who joined and left the room, and the room closing under a live call.
 * The body must be the raw bytes LiveKit signed; the Authorization header carries a JWT with
 * the body's sha256, without a "Bearer" prefix.
 */
export function livekitWebhookRouter(deps: {
  settings: LiveKitSettings;
  store: Store;
  hub: Hub;
  clock: Clock;
  log: Logger;
}): Router {
  const { store, hub, clock, log } = deps;
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
    const session = sessionId ? await hub.sessions.load(sessionId) : undefined;
    if (!sessionId || !session) {
      res.status(200).json({ ignored: true });
      return;
    }
    const at = clock.now();
    const identity = event.participant?.identity ?? '';
    const agentId = hub.agentOf(sessionId);
    const agentPart = identity.startsWith('agent:') ? { agentId: identity.slice('agent:'.length) as AgentId } : {};
    const hasEvent = (kind: string) => session.events.some((e) => e.kind === kind);

    switch (event.event) {
      case 'participant_joined':
        hub.sessions.record(sessionId, { kind: 'media_joined', at, ...agentPart });
        break;
      case 'track_published': {
        // The agent's camera reached the SFU with the user in the room: the user can see them.
        const agentCamera = identity.startsWith('agent:') && event.track?.source === TrackSource.CAMERA;
        if (agentCamera && agentId && !hasEvent('media_connected'))
          hub.sessions.record(sessionId, { kind: 'media_connected', at });
        break;
      }
      case 'participant_left':
        hub.sessions.record(sessionId, { kind: 'media_left', at, ...agentPart });
        // Nobody is in a call any more: close the room now rather than at its empty timeout.
        if (!agentId) void hub.media.livekit?.close(sessionId);
        break;
      case 'room_finished':
        if (agentId) hub.engine.dispatch({ type: 'call.ended', sessionId, reason: 'media_ended' });
        break;
      default:
        log.debug({ event: event.event, sessionId }, 'LiveKit webhook not used');
    }
    res.status(200).json({ ok: true });
  });

  return router;
}
