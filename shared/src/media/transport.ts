import type { IceCandidate, IceServer, SessionDescription } from '../protocol/common.js';

/** A signaling message one media peer sends to the other through the server. */
export type SignalMessage =
  | { type: 'signal.description'; description: SessionDescription }
  | { type: 'signal.candidate'; candidate: IceCandidate };

export type MediaConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

/** What a published track is; LiveKit grants are per source (a user may not publish a camera). */
export type TrackSource = 'screen' | 'screenAudio' | 'camera' | 'microphone';

export type ConnectionQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';

export interface MediaEvents {
  track: (track: MediaStreamTrack, stream: MediaStream) => void;
  state: (state: MediaConnectionState) => void;
  /** A message from the other party on the app's data topic (page view, pointer, drawings). */
  data: (message: string) => void;
  /** Link quality of one side, as the provider measures it. */
  quality: (side: 'local' | 'remote', quality: ConnectionQuality) => void;
}

/**
 * The one media interface the widget and the console use. Providers (peer-to-peer, LiveKit)
 * implement it; nothing above it knows which one is in use.
 */
export interface MediaSession {
  /** Sends a local track (screen, camera, microphone) to the other party. */
  publish(track: MediaStreamTrack, stream: MediaStream, source: TrackSource): void;
  /** Stops sending a track previously published. */
  unpublish(track: MediaStreamTrack): void;
  /** Feeds a signaling message that arrived from the other party (peer-to-peer only). */
  handleSignal(message: SignalMessage): Promise<void>;
  /** Sends a small message to the other party, reliably and in order. */
  sendData(message: string): void;
  /** Characters sent with `sendData` that have not left this browser yet (for backpressure). */
  dataBacklog(): number;
  on<E extends keyof MediaEvents>(event: E, listener: MediaEvents[E]): () => void;
  /** Transport statistics, for diagnostics and the tests that prove bytes flow. */
  getStats(): Promise<RTCStatsReport>;
  close(): void;
}

export interface MediaSessionOptions {
  iceServers: IceServer[];
  /** Perfect negotiation: the polite peer rolls back its own offer on a collision. */
  polite: boolean;
  send: (message: SignalMessage) => void;
  iceTransportPolicy?: RTCIceTransportPolicy;
}
