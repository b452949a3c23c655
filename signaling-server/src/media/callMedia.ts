import type { AgentId, MediaGrant, SessionId } from '@lifeline/shared';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { iceServersFor } from './iceServers.js';
import { LiveKitRooms, type RoomParty } from './livekit.js';

export interface CallGrants {
  user: MediaGrant;
  agent: MediaGrant;
  recording: boolean;
}

/**
 * What each party of a starting call needs to reach the other: relayed peer-to-peer with
 * per-session TURN credentials, or a LiveKit room with per-role tokens.
 */
export class CallMedia {
  readonly livekit: LiveKitRooms | null;

  constructor(
    private readonly config: Config,
    log: Logger,
  ) {
    this.livekit = config.livekit ? new LiveKitRooms(config.livekit, log) : null;
  }

  /** Recording needs LiveKit's egress; a tenant opts in. */
  recorded(tenant: string | undefined): boolean {
    return !!this.livekit && !!(tenant && this.config.tenants[tenant]?.recording);
  }

  peerToPeer(sessionId: SessionId, now: number): CallGrants {
    const iceServers = iceServersFor(this.config, sessionId, now);
    const relay = this.config.iceTransportPolicy === 'relay' ? { iceTransportPolicy: 'relay' as const } : {};
    return {
      // The agent's side offers first (see P2pMediaSession): it is the impolite peer.
      user: { provider: 'p2p', iceServers, polite: true, ...relay },
      agent: { provider: 'p2p', iceServers, polite: false, ...relay },
      recording: false,
    };
  }

  async liveKit(
    rooms: LiveKitRooms,
    call: { sessionId: SessionId; agentId: AgentId; tenant: string | undefined; userName: string; agentName: string },
  ): Promise<CallGrants> {
    const recording = this.recorded(call.tenant);
    await rooms.open(call.sessionId, { record: recording });
    const [user, agent] = await Promise.all([
      this.roomGrant(rooms, { role: 'user', sessionId: call.sessionId, name: call.userName }),
      this.roomGrant(rooms, { role: 'agent', sessionId: call.sessionId, agentId: call.agentId, name: call.agentName }),
    ]);
    return { user, agent, recording };
  }

  /** One party's way into the session's room (also for an agent taking over a transfer). */
  async roomGrant(rooms: LiveKitRooms, party: RoomParty): Promise<MediaGrant> {
    return { provider: 'livekit', url: rooms.settings.url, token: await rooms.tokenFor(party) };
  }
}
