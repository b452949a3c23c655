import type { IceCandidate, IceServer, SessionDescription } from '../protocol/common.js';

/** A signaling message one media peer sends to the other through the server. */
export type SignalMessage =
  | { type: 'signal.description'; description: SessionDescription }
  | { type: 'signal.candidate'; candidate: IceCandidate };

export type MediaConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface MediaEvents {
  track: (track: MediaStreamTrack, stream: MediaStream) => void;
  state: (state: MediaConnectionState) => void;
}

/**
 * The one media interface the widget and the console use. Providers (peer-to-peer now,
 * LiveKit later) implement it; nothing above it knows which one is in use.
 */
export interface MediaSession {
  /** Sends a local track (screen, camera, microphone) to the other party. */
  publish(track: MediaStreamTrack, stream: MediaStream): void;
  /** Stops sending a track previously published. */
  unpublish(track: MediaStreamTrack): void;
  /** Feeds a signaling message that arrived from the other party. */
  handleSignal(message: SignalMessage): Promise<void>;
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
