import type { Effect } from '../matching/types.js';
import type { Hub } from './hub.js';

type OfferTransfer = Extract<Effect, { type: 'offerTransfer' }>;
type TransferCall = Extract<Effect, { type: 'transferCall' }>;

/** The colleague's console rings with the note; the agent handing over is told who rings. */
export function offerTransfer(hub: Hub, effect: OfferTransfer): void {
  const session = hub.sessions.get(effect.sessionId);
  if (!session) return;
  hub.toAgent(effect.to, {
    type: 'offer.incoming',
    sessionId: effect.sessionId,
    user: session.context,
    requestedAt: session.requestedAt,
    expiresAt: effect.expiresAt,
    callback: false,
    transfer: { fromAgentName: hub.agentName(effect.from), note: effect.note },
  });
  hub.toAgent(effect.from, {
    type: 'transfer.ringing',
    sessionId: effect.sessionId,
    toAgentName: hub.agentName(effect.to),
  });
}

/**
 * The new agent accepted. Peer-to-peer: the user makes a new connection, to the new agent.
 * LiveKit: the user stays in the room; the first agent is removed from it and the new one joins.
 */
export async function transferCall(hub: Hub, effect: TransferCall): Promise<void> {
  const { sessionId, from, to } = effect;
  const transfer = { fromAgentName: hub.agentName(from), note: effect.note };
  hub.toAgent(from, { type: 'session.ended', sessionId, reason: 'transferred' });
  const rooms = hub.media.livekit;
  if (!rooms) {
    const grants = hub.media.peerToPeer(sessionId, hub.deps.clock.now());
    hub.toUser(sessionId, { type: 'session.transferred', agent: hub.agentFace(to), media: grants.user });
    return hub.liveToAgent(sessionId, to, grants.agent, grants.recording, transfer);
  }
  const [, media] = await Promise.all([
    rooms.removeAgent(sessionId, from),
    hub.media.roomGrant(rooms, { role: 'agent', sessionId, agentId: to, name: hub.agentName(to) }),
  ]);
  if (hub.agentOf(sessionId) !== to) return; // ended meanwhile
  hub.toUser(sessionId, { type: 'session.transferred', agent: hub.agentFace(to) });
  const recording = hub.media.recorded(hub.sessions.get(sessionId)?.tenant);
  hub.liveToAgent(sessionId, to, media, recording, transfer);
}
