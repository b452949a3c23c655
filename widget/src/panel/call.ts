import type { EndReason, MediaGrant, ServerToWidget } from '@lifeline/shared';
import { inboundBytes, type MediaSession, openMediaSession } from '@lifeline/shared/media';
import type { PanelPlace } from '@lifeline/shared/pageView';
import type { HelpRequestReply } from '@lifeline/shared/widgetWire';
import { captureMicrophone, captureScreen, webrtcSupported } from '../transport/capture.js';
import { SignalingClient } from '../transport/signalingClient.js';
import { bookCallback, callbackSlots, cancelCallback, rewatchCallbacks, upcomingCallback } from './callbackApi.js';
import type { CallbackPromise, CallState } from './callState.js';
import { answerCallback, requestHelp, ServiceBusy } from './helpRequest.js';
import type { CallHost } from './host.js';
import { PageViewLink, type PageViewLinkEvents } from './pageViewLink.js';
import { forgetCall, type SavedCall, saveCall } from './savedCall.js';

/** How long after a call the page looks for a callback promised in the agent's wrap-up. */
const WRAP_UP_LOOK_MS = 120_000;

/**
 * One help call from the user's side: request, wait in the queue, then media: the agent's
 * video and voice to the user, the user's voice and page view (and, if the agent asks and the
 * user accepts, a screen share) to the agent. Plain TypeScript; the view renders its states.
 */
export class Call {
  private readonly pageLink: PageViewLink;
  private screen: MediaStream | null = null;
  private mic: MediaStream | null = null;
  private signaling: SignalingClient | null = null;
  private media: MediaSession | null = null;
  private state: CallState = { kind: 'consent' };
  private session: HelpRequestReply | null = null;
  private answered = false;
  /** A follow-up the agent promised in this call, shown when it ends. */
  private promise: CallbackPromise | null = null;
  /** "Reconnecting…" shows while either the signaling socket or the media transport recovers. */
  private recovering = { signaling: false, media: false };
  /** Picking up the last page's call: told whether the server still had it, on its first word. */
  private resuming: ((resumed: boolean) => void) | null = null;
  /** When the call went live, carried over from the last page (its timer goes on). */
  private liveSince: number | null = null;
  /** This page asked for the last page's call to connect afresh, and has not heard back yet. */
  private restarting = false;
  /**
   * The user paused what the agent sees: it stays paused through a transfer and on the next
   * page (each makes a new page view) until they resume.
   */
  private sharingPaused = false;
  /** The agent's photo, shown again while the next page connects. */
  private agentPhoto: string | undefined;
  /** The record last saved for the next page (not written again unchanged). */
  private saved = '';

  constructor(
    private readonly host: Pick<
      CallHost,
      'server' | 'tenant' | 'emit' | 'identity' | 'answering' | 'context' | 'config' | 'locale'
    >,
    private readonly agentVideo: HTMLVideoElement,
    private readonly onState: (state: CallState) => void,
    private readonly onReconnecting: (active: boolean) => void = () => undefined,
    onAnnotation: PageViewLinkEvents['annotation'] = () => undefined,
  ) {
    this.pageLink = new PageViewLink(host, {
      asked: (what) => {
        if (this.state.kind !== 'inCall') return false;
        this.set({ ...this.state, asking: what });
        return true;
      },
      controlEnded: () => {
        if (this.state.kind === 'inCall') this.set({ ...this.state, controlled: false });
      },
      report: (action, target) =>
        this.signaling?.send({ type: 'control.event', action, ...(target ? { target } : {}) }),
      annotation: onAnnotation,
    });
  }

  /**
   * Asks for help (about a product area, when the user chose one) and waits for an agent. The
   * microphone prompt is the only browser dialog: the page view needs no permission.
   */
  async start(area?: string): Promise<void> {
    this.set({ kind: 'starting' });
    if (!webrtcSupported()) return this.fail('no_webrtc');
    this.pageLink.prefetch();
    const mic = await captureMicrophone();
    // The user may leave while the browser asks for the microphone: then nothing goes on.
    if (this.state.kind !== 'starting') {
      for (const track of mic?.getTracks() ?? []) track.stop();
      return;
    }
    this.mic = mic;

    let reply: HelpRequestReply;
    try {
      const callback = this.host.answering();
      reply = callback
        ? await answerCallback(this.host, callback)
        : await requestHelp(this.host, area, {
            busy: () => {
              if (this.state.kind === 'starting' && !this.state.busy) this.set({ kind: 'starting', busy: true });
            },
            stillWanted: () => this.state.kind === 'starting',
          });
    } catch (err) {
      if (this.state.kind !== 'starting') return;
      return this.fail(err instanceof ServiceBusy ? 'service_busy' : 'server_unreachable');
    }
    // Left while the request was on its way: the server is told at once, so no agent rings.
    if (this.state.kind !== 'starting') return this.withdraw(reply);
    this.session = reply;
    this.connect(reply);
    this.set(this.waiting());
  }

  /**
   * Picks up the call this tab had on its last page (a link followed, a reload): the same session
   * and token, so the user keeps their place in line; in a call, both sides connect their media
   * afresh and the call goes on. Resolves false when the server no longer has the session (it
   * ended meanwhile): nothing is shown then.
   */
  async resume(saved: SavedCall): Promise<boolean> {
    const { stage, agentName, agentPhoto, since, screenPaused, micMuted, ...session } = saved;
    const live = stage === 'live';
    this.session = session;
    this.sharingPaused = !!screenPaused;
    this.agentPhoto = agentPhoto;
    this.answered = live;
    this.liveSince = since ?? null;
    this.set(
      live
        ? {
            kind: 'connecting',
            agentName: agentName ?? '',
            ...(agentPhoto ? { agentPhoto } : {}),
            micOn: false,
            recorded: session.recording,
          }
        : this.waiting(),
    );
    const resumed = new Promise<boolean>((resolve) => {
      this.resuming = resolve;
    });
    this.connect(session);
    // Sent in line too: an agent may have answered while the last page was going.
    this.restarting = live;
    this.signaling?.send({ type: 'media.restart' });
    // A call is going on: the microphone is asked for again (the browser remembers an allow),
    // while the call reconnects; it joins the call when the browser gives it.
    void this.attachMicrophone(!!micMuted);
    return resumed;
  }

  private connect(session: HelpRequestReply): void {
    this.signaling = new SignalingClient(
      `${this.host.server.replace(/^http/, 'ws')}/ws`,
      session.token,
      {
        message: (m) => this.handle(m),
        reconnecting: (active) => this.setRecovering('signaling', active),
        lost: (moved) => this.lost(moved),
      },
      session.expiresAt,
    );
  }

  /**
   * What the next page of this tab needs to pick the call up, as the panel now stands: written
   * whenever the user is in line or in a call (only when it changed), forgotten when it is over.
   */
  private save(): void {
    const state = this.state;
    if (!this.session || (state.kind !== 'waiting' && state.kind !== 'connecting' && state.kind !== 'inCall')) return;
    const micMuted = this.mic?.getAudioTracks()[0]?.enabled === false;
    const call: SavedCall = {
      ...this.session,
      ...(state.kind === 'waiting' ? { stage: 'waiting' } : { stage: 'live', agentName: state.agentName }),
      ...(this.agentPhoto ? { agentPhoto: this.agentPhoto } : {}),
      ...(this.liveSince ? { since: this.liveSince } : {}),
      ...(this.sharingPaused ? { screenPaused: true } : {}),
      ...(micMuted ? { micMuted } : {}),
    };
    const saved = JSON.stringify(call);
    if (saved !== this.saved) saveCall(this.host.server, this.host.tenant, call);
    this.saved = saved;
  }

  /** Leaves the queue or hangs up, whichever applies. */
  end(): void {
    // Nothing started (or only a callback booked, which the server keeps): nothing to end.
    if (['consent', 'scheduled', 'ended', 'failed'].includes(this.state.kind)) return;
    this.signaling?.send({ type: 'session.end' });
    this.finish(this.ended(this.state.kind === 'inCall' ? 'user_ended' : 'user_cancelled'));
  }

  /**
   * Pauses or resumes what the agent sees: the page view stops recording (a fresh snapshot on
   * resume), a screen share's track is disabled (black frames), and the agent is told.
   */
  setSharing(change: { screenPaused?: boolean; micMuted?: boolean }): void {
    if (this.state.kind !== 'inCall') return;
    const next = { ...this.state, ...change };
    if (change.screenPaused !== undefined) {
      this.sharingPaused = change.screenPaused;
      this.pageLink.pause(change.screenPaused);
    }
    if (change.screenPaused) next.controlled = false;
    for (const track of this.screen?.getVideoTracks() ?? []) track.enabled = !next.screenPaused;
    for (const track of this.mic?.getAudioTracks() ?? []) track.enabled = !next.micMuted;
    this.signaling?.send({ type: 'share.state', screenPaused: next.screenPaused, micMuted: next.micMuted });
    this.set(next);
  }

  /**
   * "Turn on my microphone": after a refusal or with no device, ask again. The call goes on
   * without it either way; with it, the agent hears the user from now on.
   */
  retryMicrophone(): Promise<void> {
    return this.attachMicrophone(false);
  }

  /** Asks for the microphone during the call; `muted` keeps it muted (it was, on the last page). */
  private async attachMicrophone(muted: boolean): Promise<void> {
    const during = () => ['waiting', 'connecting', 'inCall'].includes(this.state.kind);
    if (this.mic || !during()) return;
    const mic = await captureMicrophone();
    if (!mic) return;
    // The call ended (or another ask won) while the browser asked: let the device go.
    if (this.mic || !during()) {
      for (const track of mic.getTracks()) track.stop();
      return;
    }
    this.mic = mic;
    for (const track of mic.getAudioTracks()) track.enabled = !muted;
    for (const track of mic.getTracks()) this.media?.publish(track, mic, 'microphone');
    if (this.state.kind === 'waiting' || this.state.kind === 'connecting') this.set({ ...this.state, micOn: true });
    if (this.state.kind === 'inCall') {
      this.set({ ...this.state, micOn: true, micMuted: muted });
      if (muted) this.signaling?.send({ type: 'share.state', screenPaused: this.state.screenPaused, micMuted: true });
    }
  }

  /**
   * The user's answer to the agent's request. A screen share must start inside this click:
   * the browser's picker needs the user's gesture.
   */
  async answer(accept: boolean): Promise<void> {
    if (this.state.kind !== 'inCall' || !this.state.asking) return;
    const asked = this.state.asking;
    this.set({ ...this.state, asking: null });
    if (asked === 'control') {
      const granted = this.pageLink.answerControl(accept);
      if (granted && this.state.kind === 'inCall') this.set({ ...this.state, controlled: true });
      return;
    }
    if (!accept) return this.pageLink.declineScreen();
    try {
      const screen = await captureScreen();
      this.screen = screen;
      const track = screen.getVideoTracks()[0];
      // Stopped from the browser's own bar: the screen share ends, the call goes on.
      track?.addEventListener('ended', () => this.stopScreenShare());
      for (const t of screen.getTracks()) this.media?.publish(t, screen, t.kind === 'video' ? 'screen' : 'screenAudio');
      if (this.state.kind === 'inCall') this.set({ ...this.state, sharingScreen: true });
    } catch {
      this.pageLink.declineScreen();
    }
  }

  stopScreenShare(): void {
    for (const track of this.screen?.getTracks() ?? []) {
      this.media?.unpublish(track);
      track.stop();
    }
    this.screen = null;
    if (this.state.kind === 'inCall') this.set({ ...this.state, sharingScreen: false });
  }

  /** The panel moved, changed size, opened or closed: the agent's mirror shows where it is. */
  panelAt(at: PanelPlace | null): void {
    this.pageLink.panelAt(at);
  }

  /** The user takes control back (the banner's Stop; any input of theirs does the same). */
  stopControl(): void {
    this.pageLink.takeControlBack();
  }

  /** One tap from 1 to 5, then an optional comment; a second send replaces the first. */
  async rate(score: number, comment?: string): Promise<void> {
    if (this.state.kind !== 'ended' || !this.session) return;
    const response = await fetch(`${this.host.server}/api/sessions/${this.session.sessionId}/rating`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.session.token}` },
      body: JSON.stringify({ score, ...(comment ? { comment } : {}) }),
    }).catch(() => null);
    if (response?.ok && this.state.kind === 'ended') this.set({ ...this.state, rated: score, commented: !!comment });
  }

  private ended(reason: EndReason): Extract<CallState, { kind: 'ended' }> {
    return { kind: 'ended', reason, canRate: this.answered, rated: null, commented: false, promise: this.promise };
  }

  /** "Call me back later": the times the team can honour, then the user's pick. */
  async chooseCallbackTime(): Promise<void> {
    this.set({ kind: 'scheduling', slots: null, error: null });
    const slots = await callbackSlots(this.host);
    if (this.state.kind === 'scheduling') this.set({ ...this.state, slots });
  }

  /**
   * Books the callback (`at` null: as soon as possible, keeping the user's place), then leaves the
   * live queue: the server keeps the callback, so this page may close.
   */
  async bookCallback(at: number | null): Promise<void> {
    const identity = this.host.identity();
    if (!identity) return;
    const result = await bookCallback(this.host, identity, at ?? undefined, this.session?.sessionId);
    if ('error' in result) {
      if (this.state.kind === 'scheduling') this.set({ ...this.state, error: result.error });
      return;
    }
    const { booked } = result;
    this.signaling?.send({ type: 'session.cancel', reason: 'callback_scheduled' });
    this.signaling?.close();
    this.signaling = null;
    forgetCall(this.host.server, this.host.tenant);
    // No call here now: the microphone is let go (the callback asks for it afresh).
    for (const track of this.mic?.getTracks() ?? []) track.stop();
    this.mic = null;
    this.host.emit('callback', booked);
    rewatchCallbacks(this.host.server);
    this.set({ kind: 'scheduled', id: booked.id, dueAt: booked.dueAt, agentName: booked.agentName, cancelled: false });
  }

  /**
   * Opened by an identified user with a callback booked or promised: the panel says who will
   * call and when (after a handover, the colleague), and offers to cancel it.
   */
  async showUpcoming(): Promise<void> {
    const identity = this.host.identity();
    if (!identity) return;
    const next = await upcomingCallback(this.host, identity);
    if (!next || this.state.kind !== 'consent') return;
    // This page's due-callback check may not know of it yet (promised after the call ended).
    rewatchCallbacks(this.host.server);
    this.set({ kind: 'scheduled', id: next.id, dueAt: next.dueAt, agentName: next.agentName, cancelled: false });
  }

  /** The user no longer wants the callback they booked. */
  async cancelCallback(): Promise<void> {
    const identity = this.host.identity();
    if (this.state.kind !== 'scheduled' || !identity) return;
    if (!(await cancelCallback(this.host, identity, this.state.id))) return;
    rewatchCallbacks(this.host.server);
    if (this.state.kind === 'scheduled') this.set({ ...this.state, cancelled: true });
  }

  /** "Call me back here". */
  requestCallback(): void {
    this.signaling?.send({ type: 'callback.request' });
  }

  /** The waiting state as it stands, or a fresh one. */
  private waiting(): Extract<CallState, { kind: 'waiting' }> {
    if (this.state.kind === 'waiting') return this.state;
    return {
      kind: 'waiting',
      position: null,
      etaMs: null,
      noAgents: false,
      micOn: !!this.mic,
      requeued: false,
      closed: false,
      callback: false,
      identified: !!this.host.identity(),
      recorded: this.session?.recording ?? false,
    };
  }

  async stats(): Promise<{ audioBytesReceived: number; videoBytesReceived: number } | null> {
    if (!this.media) return null;
    const bytes = inboundBytes(await this.media.getStats());
    return { audioBytesReceived: bytes.audio, videoBytesReceived: bytes.video };
  }

  private handle(message: ServerToWidget): void {
    // The socket's sign-in says nothing of the session: the first word of it does.
    if (message.type !== 'auth.ok') {
      this.resuming?.(true);
      this.resuming = null;
    }
    const micOn = !!this.mic;
    // A queue frame sent just before the answer must not take a call back to the queue (unless
    // this page is still asking for the last page's call: the user was sent back to the line).
    const queueFrame = ['session.queued', 'session.noAgents', 'session.closed'].includes(message.type);
    const inCall = (this.state.kind === 'connecting' && !this.restarting) || this.state.kind === 'inCall';
    if (queueFrame && inCall) return;
    // The call this page came to pick up had lost its agent meanwhile: the user is in line.
    if (queueFrame) this.restarting = false;
    switch (message.type) {
      case 'session.queued':
        this.host.emit('queued', { position: message.position, etaMs: message.etaMs });
        return this.set({
          ...this.waiting(),
          position: message.position,
          etaMs: message.etaMs,
          ...(message.etaUpToMs === undefined ? {} : { etaUpToMs: message.etaUpToMs }),
          closed: false,
        });
      case 'session.closed':
        return this.set({ ...this.waiting(), closed: true });
      case 'callback.confirmed':
        return this.set({ ...this.waiting(), callback: true });
      case 'callback.scheduled':
        rewatchCallbacks(this.host.server);
        this.promise = { dueAt: message.dueAt, agentName: message.agentName };
        if (this.state.kind === 'ended') this.set({ ...this.state, promise: this.promise });
        return;
      case 'session.requeued':
        // The agent's connection dropped: drop the media, back to the head of the queue.
        this.pageLink.stop();
        this.media?.close();
        this.media = null;
        this.agentVideo.srcObject = null;
        this.liveSince = null;
        return this.set({ ...this.waiting(), position: 1, requeued: true });
      case 'session.noAgents':
        return this.set({ ...this.waiting(), noAgents: true });
      case 'session.live':
        this.answered = true;
        this.restarting = false;
        this.agentPhoto = message.agent.avatarUrl;
        this.set({
          kind: 'connecting',
          agentName: message.agent.name,
          ...(message.agent.avatarUrl ? { agentPhoto: message.agent.avatarUrl } : {}),
          micOn,
          recorded: message.recording,
        });
        void this.startMedia(message.media);
        return;
      case 'session.transferred':
        return this.transferred(message.agent.name, message.media);
      case 'signal.description':
      case 'signal.candidate':
        void this.media?.handleSignal(message);
        return;
      case 'session.ended':
        return this.finish(this.ended(message.reason));
      case 'error':
        this.host.emit('error', { code: message.code, message: message.message });
        return;
    }
  }

  private async startMedia(grant: MediaGrant): Promise<void> {
    let media: MediaSession;
    try {
      media = await openMediaSession(grant, { send: (m) => this.signaling?.send(m) });
    } catch {
      // Hang up rather than leave the agent in a call that has no media.
      this.signaling?.send({ type: 'session.end' });
      return this.fail('media_unreachable');
    }
    if (this.state.kind !== 'connecting') return media.close();
    this.media = media;
    media.on('state', (state) => this.setRecovering('media', state === 'reconnecting'));
    media.on('data', (raw) => this.pageLink.fromAgent(raw));
    const remote = new MediaStream();
    this.agentVideo.srcObject = remote;
    media.on('track', (track) => {
      remote.addTrack(track);
      void this.agentVideo.play().catch(() => undefined);
    });
    if (this.screen) {
      for (const track of this.screen.getTracks())
        media.publish(track, this.screen, track.kind === 'video' ? 'screen' : 'screenAudio');
    }
    for (const track of this.mic?.getTracks() ?? []) media.publish(track, this.mic as MediaStream, 'microphone');
    void this.pageLink.start(media, this.sharingPaused).then((started) => {
      if (started && this.state.kind === 'inCall') this.set(this.state);
    });
    // "Media connected" is the agent's first decoded frame on this screen, not an ICE flag.
    this.agentVideo.requestVideoFrameCallback(() => {
      if (this.state.kind !== 'connecting') return;
      this.signaling?.send({ type: 'media.connected' });
      this.host.emit('connected');
      const since = this.liveSince ?? Date.now();
      this.liveSince = since;
      // Paused or muted before a transfer or on the last page stays so, and the agent (new, or
      // connected afresh) is told.
      const screenPaused = this.sharingPaused;
      const micMuted = this.mic?.getAudioTracks()[0]?.enabled === false;
      this.set({
        kind: 'inCall',
        agentName: this.state.agentName,
        since,
        micOn: this.state.micOn,
        screenPaused,
        micMuted,
        recorded: this.state.recorded,
        sharingScreen: !!this.screen,
        asking: null,
        controlled: false,
        privateFields: 0,
      });
      if (screenPaused || micMuted) this.signaling?.send({ type: 'share.state', screenPaused, micMuted });
    });
  }

  /**
   * A colleague took over. Peer-to-peer: a new connection to the new agent (the first one has
   * already left); LiveKit: same room, only the name changes.
   */
  private transferred(agentName: string, grant: MediaGrant | undefined): void {
    if (this.state.kind !== 'inCall' && this.state.kind !== 'connecting') return;
    if (!grant) return this.set({ ...this.state, agentName });
    this.pageLink.stop();
    this.media?.close();
    this.media = null;
    this.agentVideo.srcObject = null;
    this.liveSince = null; // the new agent's call is timed afresh
    this.agentPhoto = undefined;
    this.set({ kind: 'connecting', agentName, micOn: this.state.micOn, recorded: this.state.recorded });
    void this.startMedia(grant);
  }

  private setRecovering(part: 'signaling' | 'media', active: boolean): void {
    this.recovering[part] = active;
    this.onReconnecting(this.recovering.signaling || this.recovering.media);
  }

  private lost(moved: boolean): void {
    const resuming = this.resuming;
    this.resuming = null;
    if (this.state.kind === 'ended' || this.state.kind === 'failed') return;
    // A tab duplicated mid-call (it starts with a copy of what this tab kept) picked the call up:
    // it goes on there, and this tab lets it go (a page unloading never sees this).
    if (moved && !resuming) return this.finish({ kind: 'failed', problem: 'moved_elsewhere' });
    if (!resuming) return this.fail('connection_lost');
    // The last page's call had ended by the time this page asked: let it go without a word.
    forgetCall(this.host.server, this.host.tenant);
    this.signaling?.close();
    for (const track of this.mic?.getTracks() ?? []) track.stop();
    this.signaling = this.mic = null;
    this.state = { kind: 'consent' };
    resuming(false);
  }

  private fail(problem: Extract<CallState, { kind: 'failed' }>['problem']): void {
    this.host.emit('error', { code: problem });
    this.finish({ kind: 'failed', problem });
  }

  /** Ends a session the user left before it started: one socket, one `session.end`, closed once heard. */
  private withdraw(reply: HelpRequestReply): void {
    const client: SignalingClient = new SignalingClient(
      `${this.host.server.replace(/^http/, 'ws')}/ws`,
      reply.token,
      {
        message: (m) => m.type === 'session.ended' && client.close(),
        reconnecting: () => undefined,
        lost: () => client.close(),
      },
      reply.expiresAt,
    );
    client.send({ type: 'session.end' });
  }

  private finish(state: Extract<CallState, { kind: 'ended' | 'failed' }>): void {
    forgetCall(this.host.server, this.host.tenant);
    this.resuming?.(true);
    this.resuming = null;
    this.pageLink.stop();
    this.signaling?.close();
    this.media?.close();
    for (const track of [...(this.screen?.getTracks() ?? []), ...(this.mic?.getTracks() ?? [])]) track.stop();
    this.agentVideo.srcObject = null;
    this.signaling = this.media = this.screen = this.mic = null;
    if (state.kind === 'ended') this.host.emit('ended', { reason: state.reason });
    // The agent may promise a callback in wrap-up, after this page's socket closed: one look
    // later lets this page ring for it too.
    if (state.kind === 'ended' && this.answered && this.host.identity())
      setTimeout(() => rewatchCallbacks(this.host.server), WRAP_UP_LOOK_MS);
    this.set(state);
  }

  private set(state: CallState): void {
    // The page may have changed (a route with a payment form): count its private fields afresh.
    const privateFields = state.kind === 'inCall' ? this.pageLink.privateFields() : undefined;
    if (state.kind === 'inCall' && privateFields !== undefined) state = { ...state, privateFields };
    this.state = state;
    this.save();
    this.onState(state);
  }
}
