import {
  ConnectionQuality as LiveKitQuality,
  type Participant,
  type RemoteTrack,
  Room,
  RoomEvent,
  Track,
} from 'livekit-client';
import { Emitter } from './emitter.js';
import type { ConnectionQuality, MediaEvents, MediaSession, SignalMessage, TrackSource } from './transport.js';

/** The data topic page view, pointer and drawing messages travel on. */
export const LIFELINE_DATA_TOPIC = 'lifeline.annotations';

const SOURCES: Record<TrackSource, Track.Source> = {
  screen: Track.Source.ScreenShare,
  screenAudio: Track.Source.ScreenShareAudio,
  camera: Track.Source.Camera,
  microphone: Track.Source.Microphone,
};

const QUALITIES: Record<LiveKitQuality, ConnectionQuality> = {
  [LiveKitQuality.Excellent]: 'excellent',
  [LiveKitQuality.Good]: 'good',
  [LiveKitQuality.Poor]: 'poor',
  [LiveKitQuality.Lost]: 'lost',
  [LiveKitQuality.Unknown]: 'unknown',
};

/**
 * Media through a LiveKit room, behind the same interface as peer-to-peer. The room is
 * injected so the mapping of LiveKit's events can be tested on an unconnected Room.
 */
export class LiveKitMediaSession implements MediaSession {
  private readonly events = new Emitter<MediaEvents>();
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  constructor(readonly room: Room) {
    room
      .on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
        const media = track.mediaStreamTrack;
        this.events.emit('track', media, new MediaStream([media]));
      })
      .on(RoomEvent.Connected, () => this.events.emit('state', 'connected'))
      .on(RoomEvent.Reconnecting, () => this.events.emit('state', 'reconnecting'))
      .on(RoomEvent.SignalReconnecting, () => this.events.emit('state', 'reconnecting'))
      .on(RoomEvent.Reconnected, () => this.events.emit('state', 'connected'))
      .on(RoomEvent.Disconnected, () => this.events.emit('state', 'closed'))
      .on(RoomEvent.DataReceived, (payload: Uint8Array, _from?: Participant, _kind?: unknown, topic?: string) => {
        if (topic === LIFELINE_DATA_TOPIC) this.events.emit('data', this.decoder.decode(payload));
      })
      .on(RoomEvent.ConnectionQualityChanged, (quality: LiveKitQuality, participant: Participant) => {
        const side = participant === room.localParticipant ? 'local' : 'remote';
        this.events.emit('quality', side, QUALITIES[quality] ?? 'unknown');
      });
  }

  async connect(url: string, token: string): Promise<void> {
    this.events.emit('state', 'connecting');
    await this.room.connect(url, token, { autoSubscribe: true });
  }

  publish(track: MediaStreamTrack, _stream: MediaStream, source: TrackSource): void {
    void this.room.localParticipant.publishTrack(track, { source: SOURCES[source] }).catch(() => {
      this.events.emit('state', 'failed');
    });
  }

  unpublish(track: MediaStreamTrack): void {
    void this.room.localParticipant.unpublishTrack(track, false);
  }

  /** LiveKit negotiates with its own server: nothing travels through Lifeline's relay. */
  handleSignal(_message: SignalMessage): Promise<void> {
    return Promise.resolve();
  }

  sendData(message: string): void {
    void this.room.localParticipant
      .publishData(this.encoder.encode(message), { reliable: true, topic: LIFELINE_DATA_TOPIC })
      .catch(() => undefined);
  }

  /** LiveKit queues reliable data inside its own engine and does not say how much. */
  dataBacklog(): number {
    return 0;
  }

  on<E extends keyof MediaEvents>(event: E, listener: MediaEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  /** The receivers' statistics merged, so inbound bytes read the same as peer-to-peer. */
  async getStats(): Promise<RTCStatsReport> {
    const merged = new Map<string, unknown>();
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        const report = await publication.track?.getRTCStatsReport();
        report?.forEach((value, key) => {
          merged.set(key, value);
        });
      }
    }
    return merged as unknown as RTCStatsReport;
  }

  close(): void {
    void this.room.disconnect();
  }
}

/** Connects to the room the server granted; adaptive streams keep the user's uplink light. */
export async function connectLiveKitMediaSession(url: string, token: string): Promise<MediaSession> {
  const session = new LiveKitMediaSession(new Room({ adaptiveStream: true, dynacast: true }));
  await session.connect(url, token);
  return session;
}
