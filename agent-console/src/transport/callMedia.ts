import type { ServerToConsole, SessionId } from '@lifeline/shared';
import type { Annotation } from '@lifeline/shared/annotations';
import { type MediaSession, openMediaSession, type SignalMessage } from '@lifeline/shared/media';
import type { AgentRequest, PageMessage } from '@lifeline/shared/pageView';
import { PageViewLink } from '../pageView/pageViewLink.js';
import { type ConsoleStore, NO_PAGE_VIEW, type PageViewState } from '../state/store.js';

type SessionLive = Extract<ServerToConsole, { type: 'session.live' }>;

const PAGE_NUDGE_MS = 3_000;

/**
 * The media of the agent's call: opened on `session.live`, kept through a signaling outage,
 * closed when the call ends. Mute and camera act on the tracks the user receives.
 */
export class CallMedia {
  private media: MediaSession | null = null;
  /** The call whose media is being opened (LiveKit connects asynchronously). */
  private connecting: SessionId | null = null;
  /** The user's page, mirrored: one per media session. */
  page: PageViewLink | null = null;

  constructor(
    private readonly store: ConsoleStore,
    /** Sends this call's signaling to the server. */
    private readonly signal: (sessionId: SessionId, message: SignalMessage) => void,
    private readonly onStarted: (sessionId: SessionId) => void,
  ) {}

  /** True when this call already has media (it went on while the console's socket was down). */
  has(sessionId: SessionId): boolean {
    return !!this.media && this.store.getState().call?.sessionId === sessionId;
  }

  async start(message: SessionLive): Promise<void> {
    const { sessionId } = message;
    const remote = new MediaStream();
    let media: MediaSession;
    this.connecting = sessionId;
    try {
      media = await openMediaSession(message.media, { send: (signal) => this.signal(sessionId, signal) });
    } catch {
      this.store.setState({ notice: "The call's media could not connect. End the call and try again." });
      return;
    }
    // The call ended while LiveKit was connecting: leave the room rather than leak it.
    if (this.connecting !== sessionId) return media.close();
    this.connecting = null;
    this.media = media;
    const page = new PageViewLink(
      (request) => media.sendData(JSON.stringify(request)),
      (m) => this.pageMessage(sessionId, m),
    );
    this.page = page;
    media.on('data', (raw) => page.receive(raw));
    // No page, or not what it allows, after a few seconds (a message lost on the way): ask
    // again (the page answers a sync with both), until they come.
    const nudge = setInterval(() => {
      if (this.page !== page) return clearInterval(nudge);
      const caps = this.store.getState().call?.page.caps;
      if (!page.hasPage || !caps) page.requestSync();
      else clearInterval(nudge);
    }, PAGE_NUDGE_MS);
    media.on('track', (track) => {
      remote.addTrack(track);
      // A video track from the user is the screen share they agreed to: show it.
      if (track.kind !== 'video') return;
      this.updatePage(sessionId, { screen: 'on', shown: 'screen' });
      track.addEventListener('ended', () => this.updatePage(sessionId, { screen: 'off', shown: 'page' }));
      remote.addEventListener('removetrack', (e) => {
        if (e.track === track) this.updatePage(sessionId, { screen: 'off', shown: 'page' });
      });
    });
    media.on('quality', (side, quality) => {
      const call = this.store.getState().call;
      if (call?.sessionId === sessionId)
        this.store.setState({ call: { ...call, quality: { ...call.quality, [side]: quality } } });
    });
    // The same call connecting again (the user's page changed, a callback's user answered): the
    // agent's mute and camera, the call's timer and its notes carry on.
    const going = this.store.getState().call;
    const same = going?.sessionId === sessionId ? going : null;
    const local = this.store.getState().localPreview;
    for (const track of local?.getTracks() ?? []) {
      track.enabled = !(track.kind === 'video' ? same?.cameraOff : same?.micMuted);
      media.publish(track, local as MediaStream, track.kind === 'video' ? 'camera' : 'microphone');
    }
    this.store.setState({
      offer: null,
      notice: null,
      call: {
        sessionId,
        user: message.user,
        remote,
        micMuted: same?.micMuted ?? false,
        cameraOff: same?.cameraOff ?? false,
        receiving: false,
        userPresent: message.userPresent,
        since: same?.since ?? Date.now(),
        screenPaused: false,
        userMuted: false,
        recording: message.recording,
        quality: { local: 'unknown', remote: 'unknown' },
        handedOver: message.transfer ?? same?.handedOver ?? null,
        transfer: null,
        page: NO_PAGE_VIEW,
      },
    });
    if (!same) this.onStarted(sessionId);
  }

  handleSignal(sessionId: SessionId, message: SignalMessage): void {
    if (this.store.getState().call?.sessionId === sessionId) void this.media?.handleSignal(message);
  }

  /** Pointer and pen strokes go to the user's page over the call's data channel. */
  annotate(annotation: Annotation): void {
    if (annotation.t === 'clear') {
      const current = this.store.getState().annotation;
      this.store.setState({ annotation: { ...current, clearedAt: Date.now() } });
    }
    this.media?.sendData(JSON.stringify(annotation));
  }

  /** A request to the user's page: a snapshot, the screen share, control, or an action under control. */
  requestOfPage(request: AgentRequest): void {
    if (request.t === 'screen.ask') this.updatePage(this.store.getState().call?.sessionId, { screen: 'asked' });
    if (request.t === 'control.ask') this.updatePage(this.store.getState().call?.sessionId, { control: 'asked' });
    this.media?.sendData(JSON.stringify(request));
  }

  updatePage(sessionId: SessionId | undefined, change: Partial<PageViewState>): void {
    const call = this.store.getState().call;
    if (call && call.sessionId === sessionId)
      this.store.setState({ call: { ...call, page: { ...call.page, ...change } } });
  }

  private pageMessage(sessionId: SessionId, message: Exclude<PageMessage, { t: 'pv' }>): void {
    switch (message.t) {
      case 'caps':
        return this.updatePage(sessionId, { caps: { control: message.control, screen: message.screen } });
      case 'control':
        return this.updatePage(sessionId, {
          control: message.state === 'granted' ? 'on' : message.state === 'declined' ? 'declined' : 'off',
        });
      case 'screen':
        return this.updatePage(sessionId, { screen: 'declined' });
      case 'panel':
        return this.updatePage(sessionId, { panel: message.at });
    }
  }

  toggleMute(): void {
    const { call, localPreview } = this.store.getState();
    if (!call) return;
    const micMuted = !call.micMuted;
    for (const track of localPreview?.getAudioTracks() ?? []) track.enabled = !micMuted;
    this.store.setState({ call: { ...call, micMuted } });
  }

  /** The agent's camera off (the user sees black) or back on; the microphone is separate. */
  toggleCamera(): void {
    const { call, localPreview } = this.store.getState();
    if (!call) return;
    const cameraOff = !call.cameraOff;
    for (const track of localPreview?.getVideoTracks() ?? []) track.enabled = !cameraOff;
    this.store.setState({ call: { ...call, cameraOff } });
  }

  close(): void {
    this.connecting = null;
    this.media?.close();
    this.media = null;
    this.page = null;
  }
}
