import type { AgentId } from '@lifeline/shared';
import type { Hub } from '../ws/hub.js';
import type { EngineInput } from './engineInputs.js';

type RoomEvent = Extract<EngineInput, { type: 'media.roomEvent' }>;

/**
 * What LiveKit reported on a call's room, applied by the engine's node: who joined and left,
 * the agent's camera reaching a user in the room (media connected), the room closing under a call.
 */
export function applyRoomEvent(hub: Hub, { sessionId, event, identity, camera }: RoomEvent): void {
  const session = hub.sessions.get(sessionId);
  const at = hub.deps.clock.now();
  const agentId = hub.agentOf(sessionId);
  const agentPart = identity.startsWith('agent:') ? { agentId: identity.slice('agent:'.length) as AgentId } : {};
  const hasEvent = (kind: string) => session?.events.some((e) => e.kind === kind) ?? true;

  switch (event) {
    case 'participant_joined':
      hub.sessions.record(sessionId, { kind: 'media_joined', at, ...agentPart });
      return;
    case 'track_published':
      // The agent's camera reached the SFU with the user in the room: the user can see them.
      if (identity.startsWith('agent:') && camera && agentId && !hasEvent('media_connected'))
        hub.sessions.record(sessionId, { kind: 'media_connected', at });
      return;
    case 'participant_left':
      hub.sessions.record(sessionId, { kind: 'media_left', at, ...agentPart });
      // Nobody is in a call any more: close the room now rather than at its empty timeout.
      if (!agentId) void hub.media.livekit?.close(sessionId);
      return;
    case 'room_finished':
      if (agentId) hub.engine.dispatch({ type: 'call.ended', sessionId, reason: 'media_ended' });
      return;
    default:
      hub.deps.log.debug({ event, sessionId }, 'LiveKit webhook not used');
  }
}
