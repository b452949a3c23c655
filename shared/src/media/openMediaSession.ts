import type { MediaGrant } from '../protocol/common.js';
import { createP2pMediaSession } from './p2pSession.js';
import type { MediaSession, SignalMessage } from './transport.js';

export interface OpenMediaOptions {
  /** Relays peer-to-peer signaling through the server; unused by LiveKit. */
  send: (message: SignalMessage) => void;
  iceTransportPolicy?: RTCIceTransportPolicy;
}

/**
 * Opens the media session the server granted. LiveKit's client (about 150 KB gzip) is a
 * separate chunk, fetched only when a session really uses LiveKit.
 */
export async function openMediaSession(grant: MediaGrant, options: OpenMediaOptions): Promise<MediaSession> {
  if (grant.provider === 'p2p') {
    const iceTransportPolicy = grant.iceTransportPolicy ?? options.iceTransportPolicy;
    return createP2pMediaSession({
      iceServers: grant.iceServers,
      polite: grant.polite,
      send: options.send,
      ...(iceTransportPolicy ? { iceTransportPolicy } : {}),
    });
  }
  const { connectLiveKitMediaSession } = await import('./livekitSession.js');
  return connectLiveKitMediaSession(grant.url, grant.token);
}
