import { type AgentId, type ConsoleToServer, decode, type LoginReply, ServerToConsole } from '@lifeline/shared';
import type { Annotation, AnnotationColour } from '@lifeline/shared/annotations';
import type { AgentRequest } from '@lifeline/shared/pageView';
import { CloseCode, ReconnectingSocket, type SocketState } from '@lifeline/shared/transport';
import type { PageViewLink } from '../pageView/pageViewLink.js';
import type { ConsoleState, ConsoleStore, GuideTool } from '../state/store.js';
import { AgentAdmin } from './agentAdmin.js';
import { captureAgentMedia, stopStream } from './agentMedia.js';
import { CallMedia } from './callMedia.js';
import { Records } from './records.js';
import { Ringer } from './ringer.js';
import { SignIn } from './signIn.js';
import { applyStoreFrame, isStoreFrame } from './storeFrames.js';
import { Supervision } from './supervision.js';
import { themeStorage } from './themeStorage.js';

/**
 * What the console does that is not rendering, as one façade over its parts: the sign-in, the
 * reconnecting socket with presence and offers, and the call's media. Components call its
 * methods and read the store.
 */
export class ConsoleClient {
  private socket: ReconnectingSocket<ServerToConsole, ConsoleToServer> | null = null;
  private readonly callMedia: CallMedia;
  private readonly signInSession: SignIn;
  /** What the agent chose; after a server restart the console asks for it again. */
  private wantedStatus: 'available' | 'away' | null = null;
  private resyncing = false;
  readonly supervision: Supervision;
  readonly records: Records;
  readonly admin: AgentAdmin;
  private readonly ringer = new Ringer();

  constructor(private readonly store: ConsoleStore) {
    this.supervision = new Supervision(store);
    const token = () => store.getState().auth?.token ?? '';
    // Saving the wrap-up ends it: the agent who was taking calls takes the next one.
    this.records = new Records(store, token, () => {
      if (this.store.getState().presence === 'wrapUp') void this.setStatus('available');
    });
    this.admin = new AgentAdmin(store, token);
    this.callMedia = new CallMedia(
      store,
      (sessionId, signal) => this.send({ ...signal, sessionId }),
      (sessionId) => void this.records.startCall(sessionId),
    );
    this.signInSession = new SignIn(
      store,
      (auth) => this.signedIn(auth),
      (notice) => this.signOut(notice),
    );
    // Ring while an offer is on screen, whatever removed it (accept, decline, timeout, revoke).
    store.subscribe((state, previous) => {
      if (state.offer === previous.offer) return;
      if (state.offer) this.ringer.start(state.offer);
      else this.ringer.stop();
      if (state.offer?.user.verified) void this.records.loadPrevious(state.offer.sessionId);
    });
  }

  /** Picks up the theme and a still-valid sign-in after a reload, unless an invitation is open. */
  async resume(): Promise<void> {
    this.store.setState({ theme: themeStorage.load() });
    if (location.hash.startsWith('#invite=')) return;
    await this.signInSession.resume();
  }

  signIn(email: string, password: string): Promise<void> {
    return this.signInSession.withPassword(email, password);
  }

  /** An invited agent chooses their password; the invitation link is used up. */
  acceptInvitation(token: string, password: string): Promise<void> {
    return this.signInSession.withInvitation(token, password);
  }

  /** Signs out here and everywhere (the server revokes the token); with a notice, only here. */
  signOut(notice: string | null = null): void {
    this.signInSession.forget(!notice);
    this.endCall();
    const socket = this.socket;
    this.socket = null;
    socket?.close();
    this.wantedStatus = null;
    this.callMedia.close();
    this.releaseCamera();
    this.supervision.stop();
    this.store.setState({
      auth: null,
      authError: notice,
      presence: 'offline',
      connection: 'disconnected',
      offer: null,
      call: null,
      figures: null,
      view: 'desk',
    });
  }

  show(view: ConsoleState['view']): void {
    this.store.setState({ view });
    if (view === 'history') void this.records.search(this.store.getState().history.query);
    if (view === 'agents') void this.admin.load();
  }

  setTheme(theme: ConsoleState['theme']): void {
    themeStorage.save(theme);
    this.store.setState({ theme });
  }

  private signedIn(auth: LoginReply): void {
    if (this.socket) this.store.setState({ auth });
    else this.connect(auth);
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
    if (offer) this.send({ type: 'offer.accept', sessionId: offer.sessionId });
  }

  decline(): void {
    const offer = this.store.getState().offer;
    if (!offer) return;
    this.send({ type: 'offer.decline', sessionId: offer.sessionId });
    this.store.setState({ offer: null });
  }

  endCall(): void {
    const call = this.store.getState().call;
    if (call) this.send({ type: 'session.end', sessionId: call.sessionId });
  }

  /** Warm transfer: the user stays with this agent until the colleague accepts. */
  transfer(to: { agentId: string } | { area?: string; language?: string }, note: string): void {
    const call = this.store.getState().call;
    if (!call) return;
    const target = 'agentId' in to ? { agentId: to.agentId as AgentId } : to;
    this.send({ type: 'call.transfer', sessionId: call.sessionId, to: target, note });
  }

  /** Pointer and pen strokes go to the user's page over the call's data channel. */
  annotate(annotation: Annotation): void {
    this.callMedia.annotate(annotation);
  }

  /** The user's page as it arrives (null outside a call with media). */
  pageView(): PageViewLink | null {
    return this.callMedia.page;
  }

  /** Ask the user's page for something: their screen share, control, a click or typing under control. */
  requestOfPage(request: AgentRequest): void {
    this.callMedia.requestOfPage(request);
    if (request.t === 'control.stop' && this.store.getState().annotation.tool === 'control')
      this.setAnnotationTool(null);
  }

  /** Page view or screen share on the stage. */
  showOnStage(shown: 'page' | 'screen'): void {
    this.callMedia.updatePage(this.store.getState().call?.sessionId, { shown });
  }

  setAnnotationTool(tool: GuideTool | null): void {
    this.store.setState({ annotation: { ...this.store.getState().annotation, tool } });
  }

  setAnnotationColour(colour: AnnotationColour): void {
    this.store.setState({ annotation: { ...this.store.getState().annotation, colour, tool: 'pen' } });
  }

  toggleMute(): void {
    this.callMedia.toggleMute();
  }

  /** The agent's camera off (the user sees black) or back on; the microphone is separate. */
  toggleCamera(): void {
    this.callMedia.toggleCamera();
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
      url: () => `${scheme}://${location.host}/ws`,
      // The current token, so a refreshed one is used on the next attempt; never in the URL.
      hello: () => ({ type: 'auth', token: this.store.getState().auth?.token ?? auth.token }),
      // Every frame is decoded with the shared schema; one that does not fit is dropped.
      parse: (raw) => {
        const frame = decode(ServerToConsole, raw);
        return frame.ok ? frame.value : null;
      },
      onMessage: (message) => this.handle(message),
      onState: (state) => this.socketState(state),
      finalCodes: [CloseCode.SignedOut, CloseCode.Replaced],
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
        if (state.code === CloseCode.SignedOut)
          this.signOut('You were signed out (from another window, or by an admin).');
        // Another window of this agent took over: this one steps aside, still signed in.
        if (state.code === CloseCode.Replaced) this.replaced();
        return;
      default: {
        const never: never = state;
        return never;
      }
    }
  }

  private handle(message: ServerToConsole): void {
    const { store } = this;
    if (isStoreFrame(message)) return applyStoreFrame(store, message);
    switch (message.type) {
      case 'auth.ok':
        return;
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
      case 'session.live':
        // The call went on while the socket was down: keep its media, refresh what changed.
        if (message.resumed && this.callMedia.has(message.sessionId)) {
          const call = store.getState().call;
          if (call) store.setState({ call: { ...call, userPresent: message.userPresent, transfer: null } });
          return;
        }
        // The same call again (a callback's user answered after the agent took it, or the user's
        // page changed and has no media yet): connect afresh with them.
        if (this.callMedia.has(message.sessionId)) this.callMedia.close();
        return void this.callMedia.start(message);
      case 'signal.description':
      case 'signal.candidate': {
        const { sessionId, ...signal } = message;
        this.callMedia.handleSignal(sessionId, signal);
        return;
      }
      case 'session.ended':
        this.callMedia.close();
        if (store.getState().call?.sessionId === message.sessionId) this.records.openWrapUp(message.sessionId);
        store.setState({
          call: null,
          offer: null,
          lastEnded: { sessionId: message.sessionId, reason: message.reason },
        });
        return;
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  private replaced(): void {
    this.socket = null;
    this.callMedia.close();
    this.releaseCamera();
    this.store.setState({
      connection: 'disconnected',
      presence: 'offline',
      offer: null,
      call: null,
      notice: 'You opened the console in another window; this one is paused. Reload to use it here.',
    });
  }

  private releaseCamera(): void {
    stopStream(this.store.getState().localPreview);
    this.store.setState({ localPreview: null });
  }

  private send(message: ConsoleToServer): void {
    this.socket?.send(message);
  }
}
