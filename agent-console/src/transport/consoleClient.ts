import type { ConsoleToServer, LoginReply, ServerToConsole } from '@lifeline/shared';
import type { Annotation, AnnotationColour } from '@lifeline/shared/annotations';
import { type MediaSession, openMediaSession } from '@lifeline/shared/media';
import { CloseCode, ReconnectingSocket, type SocketState } from '@lifeline/shared/transport';
import type { ConsoleState, ConsoleStore } from '../state/store.js';
import { AgentAdmin } from './agentAdmin.js';
import { captureAgentMedia, stopStream } from './agentMedia.js';
import { acceptInvite, login, refreshSignIn, signOutEverywhere } from './api.js';
import { Records } from './records.js';
import { Ringer } from './ringer.js';
import { refreshDelayMs, signInStorage } from './signInStorage.js';
import { Supervision } from './supervision.js';

const THEME_KEY = 'lifeline.console.theme';

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
  private socket: ReconnectingSocket<ServerToConsole, ConsoleToServer> | null = null;
  private media: MediaSession | null = null;
  /** What the agent chose; after a server restart the console asks for it again. */
  private wantedStatus: 'available' | 'away' | null = null;
  private resyncing = false;
  readonly supervision: Supervision;
  readonly records: Records;
  readonly admin: AgentAdmin;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly ringer = new Ringer();
  /** The call whose media is being opened (LiveKit connects asynchronously). */
  private connecting: string | null = null;

  constructor(private readonly store: ConsoleStore) {
    this.supervision = new Supervision(store);
    const token = () => store.getState().auth?.token ?? '';
    this.records = new Records(store, token);
    this.admin = new AgentAdmin(store, token);
    // Ring while an offer is on screen, whatever removed it (accept, decline, timeout, revoke).
    store.subscribe((state, previous) => {
      if (state.offer === previous.offer) return;
      if (state.offer) this.ringer.start(state.offer);
      else this.ringer.stop();
    });
  }

  /** Picks up a still-valid sign-in after a reload (refreshing it), or an invitation link. */
  async resume(): Promise<void> {
    const theme = localStorage.getItem(THEME_KEY);
    if (theme === 'light' || theme === 'dark') this.store.setState({ theme });
    if (location.hash.startsWith('#invite=')) return;
    const saved = signInStorage.load();
    if (!saved) return;
    if (saved.expiresAt <= Date.now() + 5_000) return signInStorage.clear();
    try {
      this.signedIn(await refreshSignIn(saved.token));
    } catch {
      // Revoked (signed out elsewhere, deactivated) or the server's key changed: sign in again.
      signInStorage.clear();
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    try {
      this.signedIn(await login(email, password));
    } catch (err) {
      this.store.setState({ authError: err instanceof Error ? err.message : 'sign-in failed' });
    }
  }

  /** An invited agent chooses their password; the invitation link is used up. */
  async acceptInvitation(token: string, password: string): Promise<void> {
    try {
      const auth = await acceptInvite(token, password);
      history.replaceState(null, '', location.pathname);
      this.signedIn(auth);
    } catch (err) {
      this.store.setState({ authError: err instanceof Error ? err.message : 'the invitation did not work' });
    }
  }

  /** Signs out here and everywhere: the server revokes the token, the socket closes. */
  signOut(notice: string | null = null): void {
    const token = this.store.getState().auth?.token;
    if (token && !notice) void signOutEverywhere(token).catch(() => {});
    signInStorage.clear();
    clearTimeout(this.refreshTimer);
    this.endCall();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.wantedStatus = null;
    this.closeMedia();
    this.releaseCamera();
    this.supervision.stop();
    this.store.setState({
      auth: null,
      authError: notice,
      presence: 'offline',
      connection: 'disconnected',
      offer: null,
      call: null,
      view: 'desk',
    });
  }

  show(view: ConsoleState['view']): void {
    this.store.setState({ view });
    if (view === 'history') void this.records.search(this.store.getState().history.query);
    if (view === 'agents') void this.admin.load();
  }

  setTheme(theme: ConsoleState['theme']): void {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
    this.store.setState({ theme });
  }

  private signedIn(auth: LoginReply): void {
    signInStorage.save(auth);
    this.store.setState({ authError: null });
    this.scheduleRefresh(auth);
    if (this.socket) this.store.setState({ auth });
    else this.connect(auth);
  }

  /** Keeps the sign-in fresh while the console is open, so a long shift never hits expiry. */
  private scheduleRefresh(auth: LoginReply): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(
      async () => {
        try {
          this.signedIn(await refreshSignIn(auth.token));
        } catch {
          this.signOut('Your sign-in ended. Please sign in again.');
        }
      },
      refreshDelayMs(auth.expiresAt, Date.now()),
    );
  }

  async setStatus(status: 'available' | 'away', reason?: string): Promise<void> {
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
    this.store.setState({ awayReason: status === 'away' ? (reason ?? null) : null });
    this.wantedStatus = status;
    this.send({ type: 'agent.setStatus', status, ...(status === 'away' && reason ? { reason } : {}) });
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

  /** The agent's camera off (the user sees a still frame) or back on; the microphone is separate. */
  toggleCamera(): void {
    const { call, localPreview } = this.store.getState();
    if (!call) return;
    const cameraOff = !call.cameraOff;
    for (const track of localPreview?.getVideoTracks() ?? []) track.enabled = !cameraOff;
    this.store.setState({ call: { ...call, cameraOff } });
  }

  markReceiving(): void {
    const call = this.store.getState().call;
    if (call && !call.receiving) this.store.setState({ call: { ...call, receiving: true } });
  }

  /**
   * The console's socket, which comes back by itself: a dropped connection or a server restart
   * keeps the agent signed in and the call's media flowing; only the server saying the sign-in
   * ended (4401) signs out.
   */
  private connect(auth: LoginReply): void {
    this.store.setState({ auth, connection: 'connecting' });
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.socket = new ReconnectingSocket<ServerToConsole, ConsoleToServer>({
      // The current token, so a refreshed one is used on the next attempt.
      url: () =>
        `${scheme}://${location.host}/ws?token=${encodeURIComponent(this.store.getState().auth?.token ?? auth.token)}`,
      parse: (raw) => {
        try {
          return JSON.parse(raw) as ServerToConsole;
        } catch {
          return null;
        }
      },
      onMessage: (message) => this.handle(message),
      onState: (state) => this.socketState(state),
      finalCodes: [CloseCode.SignedOut],
    });
    // A sign-in saved before roles existed reads as a plain agent.
    if (auth.agent.role === 'supervisor' || auth.agent.role === 'admin') this.supervision.start();
  }

  private socketState(state: SocketState): void {
    switch (state.kind) {
      case 'connecting':
        return;
      case 'open':
        this.resyncing = this.store.getState().connection === 'reconnecting';
        this.store.setState({ connection: 'connected' });
        return;
      case 'reconnecting':
        // The server took back a ringing offer when the socket dropped; the call goes on.
        this.store.setState({ connection: 'reconnecting', offer: null });
        return;
      case 'closed':
        if (state.reason === 'final') this.signOut('You were signed out (from another window, or by an admin).');
        return;
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  private handle(message: ServerToConsole): void {
    const { store } = this;
    switch (message.type) {
      case 'agent.state':
        // Back after a server restart that forgot the agent's choice: ask for it again.
        if (this.resyncing && message.status === 'away' && this.wantedStatus === 'available') {
          this.resyncing = false;
          this.send({ type: 'agent.setStatus', status: 'available' });
          return;
        }
        this.resyncing = false;
        store.setState({
          presence: message.status,
          wrapUpUntil: message.status === 'wrapUp' ? (message.until ?? null) : null,
          ...(message.status === 'away' ? {} : { awayReason: null }),
        });
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
        // The call went on while the socket was down: keep its media, refresh what changed.
        if (message.resumed && this.media && store.getState().call?.sessionId === message.sessionId) {
          const call = store.getState().call;
          if (call) store.setState({ call: { ...call, userPresent: message.userPresent, transfer: null } });
          return;
        }
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
        if (store.getState().call?.sessionId === message.sessionId) this.records.openWrapUp(message.sessionId);
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
        cameraOff: false,
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
    void this.records.startCall(sessionId);
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
    this.socket?.send(message);
  }
}
