import type { AgentId, SessionId } from '@lifeline/shared';
import {
  AccessToken,
  EgressClient,
  EncodedFileOutput,
  EncodedFileType,
  RoomServiceClient,
  TrackSource,
  type VideoGrant,
} from 'livekit-server-sdk';
import type { Logger } from 'pino';

export interface LiveKitSettings {
  /** What browsers connect to, e.g. wss://lk.example.com; the API calls go to its https form. */
  url: string;
  apiKey: string;
  apiSecret: string;
  tokenTtlS: number;
  /** Egress file path template (LiveKit's {room_name}, {time} placeholders). */
  recordingFilepath: string;
}

/** One party of a session's room; each gets exactly what its role needs. */
export type RoomParty =
  | { role: 'user'; sessionId: SessionId; name: string }
  | { role: 'agent'; sessionId: SessionId; agentId: AgentId; name: string }
  | { role: 'supervisor'; sessionId: SessionId; agentId: AgentId; name: string };

const ROOM_PREFIX = 'lifeline-';

export function roomNameOf(sessionId: SessionId): string {
  return `${ROOM_PREFIX}${sessionId}`;
}

export function sessionOfRoom(roomName: string): SessionId | null {
  return roomName.startsWith(ROOM_PREFIX) ? (roomName.slice(ROOM_PREFIX.length) as SessionId) : null;
}

export function identityOf(party: RoomParty): string {
  return party.role === 'user' ? `user:${party.sessionId}` : `${party.role}:${party.agentId}`;
}

/** The narrowest grants per role: the user never publishes a camera, a supervisor nothing at all. */
export function grantsFor(party: RoomParty): VideoGrant {
  const room = roomNameOf(party.sessionId);
  switch (party.role) {
    case 'user':
      return {
        room,
        roomJoin: true,
        canPublish: true,
        canPublishSources: [TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO, TrackSource.MICROPHONE],
        canSubscribe: true,
        canPublishData: true,
      };
    case 'agent':
      return {
        room,
        roomJoin: true,
        canPublish: true,
        canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
        canSubscribe: true,
        canPublishData: true,
      };
    case 'supervisor':
      return { room, roomJoin: true, canPublish: false, canPublishData: false, canSubscribe: true, hidden: true };
  }
}

/**
 * LiveKit's side of a session: one room per session, created on accept and deleted at the end,
 * tokens for its parties, and the optional recording (room-composite egress to a file).
 */
export class LiveKitRooms {
  private readonly rooms: RoomServiceClient;
  private readonly egress: EgressClient;

  constructor(
    readonly settings: LiveKitSettings,
    private readonly log: Logger,
  ) {
    this.rooms = new RoomServiceClient(settings.url, settings.apiKey, settings.apiSecret);
    this.egress = new EgressClient(settings.url, settings.apiKey, settings.apiSecret);
  }

  /**
   * Creates the room before anyone joins, so its limits hold: it closes soon after it empties
   * and admits the two parties plus a few hidden supervisors.
   */
  async open(sessionId: SessionId, options: { record: boolean }): Promise<void> {
    const name = roomNameOf(sessionId);
    await this.rooms.createRoom({ name, emptyTimeout: 60, departureTimeout: 20, maxParticipants: 5 });
    if (options.record) {
      const filepath = this.settings.recordingFilepath;
      await this.egress.startRoomCompositeEgress(
        name,
        new EncodedFileOutput({ fileType: EncodedFileType.MP4, filepath }),
        { layout: 'speaker' },
      );
    }
  }

  async close(sessionId: SessionId): Promise<void> {
    await this.rooms.deleteRoom(roomNameOf(sessionId)).catch((err: unknown) => {
      // Already gone (emptied and timed out) is the normal case at the end of a call.
      this.log.debug({ err, sessionId }, 'room already closed');
    });
  }

  /** A transferred-away agent leaves the room at once. */
  async removeAgent(sessionId: SessionId, agentId: AgentId): Promise<void> {
    await this.rooms.removeParticipant(roomNameOf(sessionId), `agent:${agentId}`);
  }

  async tokenFor(party: RoomParty): Promise<string> {
    const token = new AccessToken(this.settings.apiKey, this.settings.apiSecret, {
      identity: identityOf(party),
      name: party.name,
      ttl: this.settings.tokenTtlS,
      metadata: JSON.stringify({ role: party.role }),
    });
    token.addGrant(grantsFor(party));
    return token.toJwt();
  }
}
