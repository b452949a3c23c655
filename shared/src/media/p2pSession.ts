import type { IceCandidate } from '../protocol/common.js';
import { Emitter } from './emitter.js';
import type { MediaEvents, MediaSession, MediaSessionOptions, SignalMessage, TrackSource } from './transport.js';

/**
 * Peer-to-peer media over one RTCPeerConnection, negotiated with the "perfect negotiation"
 * pattern so either side may add tracks at any time, and restarted on ICE failure.
 */
export class P2pMediaSession implements MediaSession {
  private readonly pc: RTCPeerConnection;
  private readonly events = new Emitter<MediaEvents>();
  private readonly senders = new Map<MediaStreamTrack, RTCRtpSender>();
  private makingOffer = false;
  private ignoreOffer = false;
  /** Signals are applied strictly in arrival order. */
  private inbox: Promise<void> = Promise.resolve();
  /** The polite side's tracks wait for the first remote offer (see publish). */
  private deferred: Array<[MediaStreamTrack, MediaStream]> | null;
  /** Page view, pointer and drawings: one ordered data channel, opened by the impolite side's first offer. */
  private channel: RTCDataChannel | null = null;
  private outbox: string[] = [];

  constructor(private readonly options: MediaSessionOptions) {
    this.pc = new RTCPeerConnection({
      iceServers: options.iceServers as RTCIceServer[],
      ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}),
    });
    this.pc.onnegotiationneeded = () => void this.negotiate();
    this.pc.onicecandidate = ({ candidate }) => {
      if (candidate) options.send({ type: 'signal.candidate', candidate: iceCandidate(candidate) });
    };
    this.pc.ontrack = ({ track, streams }) => {
      this.events.emit('track', track, streams[0] ?? new MediaStream([track]));
    };
    this.pc.onconnectionstatechange = () => this.reportState();
    // The impolite side always makes the first offer, even with nothing to send yet.
    this.deferred = options.polite ? [] : null;
    if (options.polite) this.pc.ondatachannel = ({ channel }) => this.useChannel(channel);
    else {
      this.useChannel(this.pc.createDataChannel('lifeline', { ordered: true }));
      queueMicrotask(() => {
        if (this.senders.size > 0) return;
        this.pc.addTransceiver('audio', { direction: 'recvonly' });
        this.pc.addTransceiver('video', { direction: 'recvonly' });
      });
    }
  }

  /**
   * Until the first offer from the impolite side has arrived, the polite side holds its tracks
   * and adds them to that offer's answer. Both sides offering at once ("glare") is legal under
   * perfect negotiation, but Chromium can then leave ICE idle after the implicit rollback.
   */
  publish(track: MediaStreamTrack, stream: MediaStream, _source?: TrackSource): void {
    if (this.senders.has(track)) return;
    if (this.deferred) this.deferred.push([track, stream]);
    else this.senders.set(track, this.pc.addTrack(track, stream));
  }

  sendData(message: string): void {
    if (this.channel?.readyState === 'open') this.channel.send(message);
    else this.outbox.push(message);
  }

  dataBacklog(): number {
    let waiting = this.channel?.bufferedAmount ?? 0;
    for (const message of this.outbox) waiting += message.length;
    return waiting;
  }

  private useChannel(channel: RTCDataChannel): void {
    this.channel = channel;
    const flush = () => {
      for (const message of this.outbox.splice(0)) channel.send(message);
    };
    channel.onopen = flush;
    // A channel the other side opened can be open already when it is announced: do not wait
    // for an open event that a busy page may have missed.
    if (channel.readyState === 'open') queueMicrotask(flush);
    channel.onmessage = ({ data }) => {
      if (typeof data === 'string') this.events.emit('data', data);
    };
  }

  unpublish(track: MediaStreamTrack): void {
    if (this.deferred) this.deferred = this.deferred.filter(([t]) => t !== track);
    const sender = this.senders.get(track);
    if (!sender) return;
    this.senders.delete(track);
    this.pc.removeTrack(sender);
  }

  handleSignal(message: SignalMessage): Promise<void> {
    this.inbox = this.inbox.then(() => this.apply(message)).catch(() => undefined);
    return this.inbox;
  }

  on<E extends keyof MediaEvents>(event: E, listener: MediaEvents[E]): () => void {
    return this.events.on(event, listener);
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  close(): void {
    this.pc.close();
    this.events.emit('state', 'closed');
  }

  private async negotiate(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } finally {
      this.makingOffer = false;
    }
  }

  private async apply(message: SignalMessage): Promise<void> {
    if (message.type === 'signal.candidate') {
      if (!message.candidate) return;
      try {
        await this.pc.addIceCandidate(message.candidate as RTCIceCandidateInit);
      } catch (err) {
        if (!this.ignoreOffer) throw err;
      }
      return;
    }
    const description = message.description as RTCSessionDescriptionInit;
    const collision = description.type === 'offer' && (this.makingOffer || this.pc.signalingState !== 'stable');
    this.ignoreOffer = !this.options.polite && collision;
    if (this.ignoreOffer) return;
    await this.pc.setRemoteDescription(description);
    if (description.type === 'offer') {
      this.releaseDeferredTracks();
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    }
  }

  private releaseDeferredTracks(): void {
    const deferred = this.deferred;
    this.deferred = null;
    for (const [track, stream] of deferred ?? []) this.publish(track, stream);
  }

  private sendLocalDescription(): void {
    const local = this.pc.localDescription;
    if (local) this.options.send({ type: 'signal.description', description: local.toJSON() });
  }

  private reportState(): void {
    switch (this.pc.connectionState) {
      case 'new':
      case 'connecting':
        return this.events.emit('state', 'connecting');
      case 'connected':
        return this.events.emit('state', 'connected');
      case 'disconnected':
        return this.events.emit('state', 'reconnecting');
      case 'failed':
        // The network path changed or broke: gather new candidates and renegotiate.
        this.pc.restartIce();
        return this.events.emit('state', 'reconnecting');
      case 'closed':
        return this.events.emit('state', 'closed');
    }
  }
}

export function createP2pMediaSession(options: MediaSessionOptions): MediaSession {
  return new P2pMediaSession(options);
}

/** A local candidate in the wire's shape (the browser's `toJSON` types every field as optional). */
function iceCandidate(candidate: RTCIceCandidate): IceCandidate {
  return {
    candidate: candidate.candidate,
    sdpMid: candidate.sdpMid,
    sdpMLineIndex: candidate.sdpMLineIndex,
    usernameFragment: candidate.usernameFragment,
  };
}
