import type { ConsoleToServer, ServerToConsole } from '@lifeline/shared';
import type { Annotation, AnnotationColour } from '@lifeline/shared/annotations';
import { type MediaSession, openMediaSession } from '@lifeline/shared/media';
import type { ConsoleStore } from '../state/store.js';
import { captureAgentMedia, stopStream } from './agentMedia.js';
import { login } from './api.js';
import { Ringer } from './ringer.js';
import { Supervision } from './supervision.js';

const AUTH_KEY = 'lifeline.console.auth';

const TRANSFER_FAILED = {
  declined: 'Your colleague declined the transfer. The user is still with you.',
  timeout: 'Your colleague did not answer the transfer. The user is still with you.',
  cancelled: 'The transfer was cancelled. The user is still with you.',
};

/**
 * Everything the console does that is not rendering: sign-in, the socket, presence, offers
 * and the call's media. Components call its methods and read the store.
 */
export class ConsoleClient {
  private ws: WebSocket | null = null;
  private media: MediaSession | null = null;
  readonly supervision: Supervision;

  private readonly ringer = new Ringer();
  /** The call whose media is being opened (LiveKit connects asynchronously). */
  private connecting: string | null = null;

  constructor(private readonly store: ConsoleStore) {
    this.supervision = new Supervision(store);
    // Ring while an offer is on screen, whatever removed it (accept, decline, timeout, revoke).
    store.subscribe((state, previous) => {
      if (state.offer === previous.offer) return;
      if (state.offer) this.ringer.start(state.offer);
      else this.ringer.stop();
    });
  }

  /** Picks up a still-valid sign-in after a reload. */
  resume(): void {
    const saved = sessionStorage.getItem(AUTH_KEY);
    if (!saved) return;
    const auth = JSON.parse(saved) as NonNullable<ReturnType<ConsoleStore['getState']>['auth']>;
    if (auth.expiresAt > Date.now() + 60_000) this.connect(auth);
    else sessionStorage.removeItem(AUTH_KEY);
  }

  async signIn(email: string, password: string): Promise<void> {
    try {
      const auth = await login(email, password);
      sessionStorage.setItem(AUTH_KEY, JSON.stringify(auth));
      this.store.setState({ authError: null });
      this.connect(auth);
    } catch (err) {
      this.store.setState({ authError: err instanceof Error ? err.message : 'sign-in failed' });
    }
  }

  signOut(): void {
    sessionStorage.removeItem(AUTH_KEY);
    this.endCall();
    this.ws?.close(1000);
    this.ws = null;
    this.releaseCamera();
    this.supervision.stop();
    this.store.setState({ auth: null, presence: 'offline', connection: 'disconnected', offer: null });
  }

  async setStatus(status: 'available' | 'away'): Promise<void> {
    if (status === 'available') {
      Ringer.askPermission();
      try {
        if (!this.store.getState().localPreview) this.store.setState({ localPreview: await captureAgentMedia() });
      } catch {
        this.store.setState({ notice: 'Your camera or microphone is blocked: allow them to take calls.' });
        return;
      }
    } else {
      this.releaseCamera();
    }
    this.send({ type: 'agent.setStatus', status });
  }

  accept(): void {
    const offer = this.store.getState().offer;
    if (offer) this.send({ type: 'offer.accept', sessionId: offer.sessionId as never });
  }

  decline(): void {
    const offer = this.store.getState().offer;
    if (!offer) return;
    this.send({ type: 'offer.decline', sessionId: offer.sessionId as never });
    this.store.setState({ offer: null });
  }

  endCall(): void {
    const call = this.store.getState().call;
    if (call) this.send({ type: 'session.end', sessionId: call.sessionId as never });
  }

  /** Warm transfer: the user stays with this agent until the colleague accepts. */
  transfer(to: { agentId: string } | { area?: string; language?: string }, note: string): void {
    const call = this.store.getState().call;
    if (call) this.send({ type: 'call.transfer', sessionId: call.sessionId as never, to, note });
  }

  /** Pointer and pen strokes go to the user's page over the call's data channel. */
  annotate(annotation: Annotation): void {
    if (annotation.t === 'clear') {
      const current = this.store.getState().annotation;
      this.store.setState({ annotation: { ...current, clearedAt: Date.now() } });
    }
    this.media?.sendData(JSON.stringify(annotation));
  }

  setAnnotationTool(tool: 'pointer' | 'pen' | null): void {
    this.store.setState({ annotation: { ...this.store.getState().annotation, tool } });
  }

  setAnnotationColour(colour: AnnotationColour): void {
    this.store.setState({ annotation: { ...this.store.getState().annotation, colour, tool: 'pen' } });
  }

  toggleMute(): void {
    const { call, localPreview } = this.store.getState();
    if (!call) return;
    const micMuted = !call.micMuted;
    for (const track of localPreview?.getAudioTracks() ?? []) track.enabled = !micMuted;
    this.store.setState({ call: { ...call, micMuted } });
  }

  markReceiving(): void {
    const call = this.store.getState().call;
    if (call && !call.receiving) this.store.setState({ call: { ...call, receiving: true } });
  }

  private connect(auth: NonNullable<ReturnType<ConsoleStore['getState']>['auth']>): void {
    this.store.setState({ auth, connection: 'connecting' });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}/ws?token=${encodeURIComponent(auth.token)}`);
    this.ws = ws;
    ws.onopen = () => this.store.setState({ connection: 'connected' });
    // A sign-in saved before roles existed reads as a plain agent.
    if (auth.agent.role === 'supervisor' || auth.agent.role === 'admin') this.supervision.start();
    ws.onmessage = (event) => this.handle(JSON.parse(String(event.data)) as ServerToConsole);
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.closeMedia();
      this.store.setState({ connection: 'disconnected', presence: 'offline', offer: null, call: null });
      // The token was refused (expired, or the server restarted with a new secret): sign in again.
      if (event.code === 1006 || event.code === 4401) this.signOut();
    };
  }

  private handle(message: ServerToConsole): void {
    const { store } = this;
    switch (message.type) {
      case 'agent.state':
        store.setState({ presence: message.status });
        return;
      case 'offer.incoming': {
        const { type: _, ...offer } = message;
        store.setState({ offer, notice: null });
        return;
      }
      case 'transfer.ringing':
      case 'transfer.failed': {
        const call = store.getState().call;
        if (call?.sessionId !== message.sessionId) return;
        const transfer =
          message.type === 'transfer.ringing'
            ? { status: 'ringing' as const, toAgentName: message.toAgentName }
            : { status: 'failed' as const, reason: TRANSFER_FAILED[message.reason] };
        store.setState({ call: { ...call, transfer } });
        return;
      }
      case 'offer.revoked':
        if (store.getState().offer?.sessionId === message.sessionId) {
          const why =
            message.reason === 'timeout' ? 'The request was not answered in time.' : 'The user left the queue.';
          store.setState({ offer: null, notice: why });
        }
        return;
      case 'session.live':
        return void this.startCall(message);
      case 'signal.description':
      case 'signal.candidate':
        if (store.getState().call?.sessionId === message.sessionId) {
          const { sessionId: _, ...signal } = message;
          void this.media?.handleSignal(signal);
        }
        return;
      case 'session.ended':
        if (this.connecting === message.sessionId) this.connecting = null;
        this.closeMedia();
        store.setState({
          call: null,
          offer: null,
          lastEnded: { sessionId: message.sessionId, reason: message.reason },
        });
        return;
      case 'share.state': {
        const call = store.getState().call;
        if (call?.sessionId === message.sessionId) {
          store.setState({ call: { ...call, screenPaused: message.screenPaused, userMuted: message.micMuted } });
        }
        return;
      }
      case 'error':
        store.setState({ notice: message.message });
        return;
    }
  }

  private async startCall(message: Extract<ServerToConsole, { type: 'session.live' }>): Promise<void> {
    const { sessionId } = message;
    const remote = new MediaStream();
    let media: MediaSession;
    this.connecting = sessionId;
    try {
      media = await openMediaSession(message.media, { send: (signal) => this.send({ ...signal, sessionId }) });
    } catch {
      this.store.setState({ notice: "The call's media could not connect. End the call and try again." });
      return;
    }
    // The call ended while LiveKit was connecting: leave the room rather than leak it.
    if (this.connecting !== sessionId) return media.close();
    this.connecting = null;
    this.media = media;
    media.on('track', (track) => remote.addTrack(track));
    media.on('quality', (side, quality) => {
      const call = this.store.getState().call;
      if (call?.sessionId === sessionId)
        this.store.setState({ call: { ...call, quality: { ...call.quality, [side]: quality } } });
    });
    const local = this.store.getState().localPreview;
    for (const track of local?.getTracks() ?? []) {
      track.enabled = true;
      media.publish(track, local as MediaStream, track.kind === 'video' ? 'camera' : 'microphone');
    }
    this.store.setState({
      offer: null,
      notice: null,
      call: {
        sessionId,
        user: message.user,
        remote,
        micMuted: false,
        receiving: false,
        userPresent: message.userPresent,
        screenPaused: false,
        userMuted: false,
        recording: message.recording,
        quality: { local: 'unknown', remote: 'unknown' },
        handedOver: message.transfer ?? null,
        transfer: null,
      },
    });
  }

  private closeMedia(): void {
    this.media?.close();
    this.media = null;
  }

  private releaseCamera(): void {
    stopStream(this.store.getState().localPreview);
    this.store.setState({ localPreview: null });
  }

  private send(message: ConsoleToServer): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }
}
