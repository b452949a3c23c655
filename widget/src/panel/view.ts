import type { AvailabilityReply } from '@lifeline/shared';
import { accentFor, type Brand } from './brand.js';
import type { CallState } from './callState.js';
import { when } from './i18n/format.js';
import { type Box, makeDraggable, moveAside, PanelPlacement } from './placement.js';
import type { Strings } from './strings.js';
import { PANEL_CSS } from './styles.js';

export interface ViewActions {
  /** Start the call, about the topic the user chose (a product area), if any. */
  start(area?: string): void;
  callback(): void;
  /** "Call me back later": pick a time. */
  schedule(): void;
  /** Book the callback: a slot, or null for as soon as possible. */
  book(at: number | null): void;
  cancelCallback(): void;
  rate(score: number, comment?: string): void;
  share(change: { screenPaused?: boolean; micMuted?: boolean }): void;
  /** The user's answer to the agent asking to see the screen or to take control. */
  answer(accept: boolean): void;
  stopScreenShare(): void;
  stopControl(): void;
  clearDrawings(): void;
  /** Ask for the microphone again after it was refused or missing. */
  retryMic(): void;
  end(): void;
  close(): void;
}

type ButtonSpec = { label: string; onClick: () => void; kind?: 'primary' | 'danger' };

/** States the user must see even with the panel minimised: the agent answered, the call is over. */
const NEEDS_THE_USER: readonly CallState['kind'][] = ['connecting', 'ended', 'failed'];

/**
 * Renders the panel for each call state. Of its own it keeps only where the panel sits and what
 * it last asked of the user.
 */
export class PanelView {
  readonly agentVideo = document.createElement('video');
  private readonly panel = document.createElement('section');
  private readonly header = document.createElement('div');
  private readonly heading = document.createElement('h2');
  /** The host's logo and name, when it set them. */
  private readonly brand = document.createElement('span');
  private readonly logo = document.createElement('img');
  private readonly brandName = document.createElement('span');
  private readonly minimise = document.createElement('button');
  /** Minimised in a call, the header still says the agent sees the page (or the screen). */
  private readonly sharing = Object.assign(document.createElement('span'), { className: 'sharing' });
  private readonly status = document.createElement('p');
  private readonly note = document.createElement('p');
  private readonly actions = document.createElement('div');
  private readonly reconnecting = document.createElement('p');
  /** State-specific content above the buttons (the rating), replaced on each render. */
  private extra: HTMLElement | null = null;
  /** The call timer's tick, while the call shows. */
  private ticker: ReturnType<typeof setInterval> | null = null;
  /** What the last render needed of the user, to open a minimised panel only when that changes. */
  private needed = '';
  /** Where the panel covers the page: told whenever it moves, changes size, opens or closes. */
  readonly placement = new PanelPlacement(this.panel);
  constructor(
    root: ShadowRoot,
    private readonly act: ViewActions,
    private readonly strings: Strings,
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PANEL_CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.panel.className = 'panel';
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-label', this.strings.title);
    // Its own language and direction: an Arabic panel reads right to left on any page.
    this.panel.lang = this.strings.locale;
    this.panel.dir = this.strings.dir;
    this.panel.hidden = true;
    this.agentVideo.className = 'video';
    this.agentVideo.autoplay = true;
    this.agentVideo.playsInline = true;
    this.agentVideo.setAttribute('aria-label', this.strings.agentVideo);
    this.status.setAttribute('aria-live', 'polite');
    this.note.className = 'note';
    this.actions.className = 'actions';
    this.reconnecting.setAttribute('role', 'status');
    this.reconnecting.className = 'note';
    this.buildHeader();
    this.panel.append(this.header, this.agentVideo, this.status, this.reconnecting, this.note, this.actions);
    root.append(this.panel);
  }

  /** The title bar: a handle to drag the panel (or move it with arrow keys), and Minimise. */
  private buildHeader(): void {
    this.header.className = 'header';
    this.heading.tabIndex = 0;
    this.heading.title = this.strings.moveHint;
    this.minimise.type = 'button';
    this.minimise.className = 'minimise';
    this.minimise.addEventListener('click', () => this.setMinimised(!this.panel.classList.contains('minimised')));
    this.brand.className = 'brand';
    this.logo.alt = '';
    this.brand.append(this.logo, this.brandName);
    this.header.append(this.brand, this.heading, this.sharing, this.minimise);
    this.setMinimised(false);
    makeDraggable(this.panel, this.heading, () => this.placement.place());
  }

  setMinimised(minimised: boolean): void {
    this.panel.classList.toggle('minimised', minimised);
    this.minimise.textContent = minimised ? this.strings.restore : this.strings.minimise;
    this.minimise.setAttribute('aria-expanded', String(!minimised));
  }

  /**
   * The host's brand: its logo and name in the header, its colour on the main buttons with
   * words in black or white, whichever reads (see brand.ts). Applied again on each open, since
   * the host may change it with init().
   */
  setBrand({ color, brand, logo }: Brand): void {
    this.brand.hidden = !brand && !logo;
    this.brandName.textContent = brand ?? '';
    this.logo.hidden = !logo;
    if (logo) this.logo.src = logo;
    else this.logo.removeAttribute('src');
    // The logo says the name when there is no name beside it.
    this.logo.alt = brand ? '' : 'Logo';
    const accent = accentFor(color);
    for (const [name, value] of [
      ['--accent', accent?.accent],
      ['--on-accent', accent?.onAccent],
    ] as const) {
      if (value) this.panel.style.setProperty(name, value);
      else this.panel.style.removeProperty(name);
    }
  }

  /**
   * The agent points, draws or highlights where the panel sits: it moves to the other side of
   * the screen (on a phone, the other end), so nothing of it covers what the agent shows.
   */
  moveAsideFrom(place: Box): void {
    if (!this.panel.hidden && moveAside(this.panel, place)) this.placement.place();
  }

  /** While the connection to the server is being restored. */
  setReconnecting(active: boolean): void {
    this.reconnecting.textContent = active ? this.strings.reconnecting : '';
  }

  show(visible: boolean): void {
    this.panel.hidden = !visible;
  }

  render(state: CallState): void {
    const { act, strings } = this;
    const showVideo = state.kind === 'connecting' || state.kind === 'inCall';
    this.agentVideo.hidden = !showVideo;
    this.panel.classList.toggle('with-video', showVideo);
    const sharing = state.kind === 'inCall' && !state.screenPaused;
    this.panel.classList.toggle('is-sharing', sharing);
    if (!sharing) this.sharing.replaceChildren();
    else {
      const dot = Object.assign(document.createElement('span'), { className: 'dot' });
      this.sharing.replaceChildren(dot, state.sharingScreen ? strings.sharingScreen : strings.sharingPage);
    }
    // The agent answering, asking something of the user, or the call's end opens a minimised
    // panel (once: the user may minimise it again).
    const needed =
      state.kind === 'inCall' ? (state.asking ?? '') : NEEDS_THE_USER.includes(state.kind) ? state.kind : '';
    if (needed && needed !== this.needed) this.setMinimised(false);
    this.needed = needed;
    this.heading.textContent = state.kind === 'consent' ? strings.consentTitle : strings.title;
    this.note.textContent = [
      'recorded' in state && state.recorded ? strings.recorded : '',
      'micOn' in state && !state.micOn ? strings.micOff : '',
    ]
      .filter(Boolean)
      .join(' ');
    const endCall: ButtonSpec = { label: strings.endCall, onClick: act.end, kind: 'danger' };
    switch (state.kind) {
      case 'consent': {
        const topics = state.availability?.topics ?? [];
        this.fill(strings.consentBody, [
          { label: strings.start, onClick: () => act.start(this.chosenTopic()), kind: 'primary' },
          { label: strings.notNow, onClick: act.close },
        ]);
        if (state.availability) this.showBefore(availabilityLine(state.availability, strings), topics);
        return;
      }
      case 'starting':
        // A way out even while the browser asks for the microphone.
        return this.fill(state.busy ? strings.busy : strings.starting, [{ label: strings.notNow, onClick: act.end }]);
      case 'waiting': {
        // An identified user books a callback the server keeps; anyone else is rung here.
        const later = state.identified
          ? { label: strings.callLater, onClick: act.schedule }
          : { label: strings.callMeBack, onClick: act.callback };
        if (state.closed && !state.callback) {
          return this.fill(strings.closed, [
            { ...later, kind: 'primary' },
            { label: strings.cancel, onClick: act.end },
          ]);
        }
        const parts = state.callback
          ? [strings.callbackConfirmed]
          : [
              state.requeued ? strings.requeued : '',
              state.position === null ? strings.finding : strings.position(state.position),
              state.noAgents ? strings.noAgents : state.etaMs === null ? '' : strings.eta(state.etaMs, state.etaUpToMs),
            ];
        const offerCallback = !state.callback && (state.noAgents || (state.etaMs ?? 0) > 5 * 60_000);
        return this.fill(parts.filter(Boolean).join(' '), [
          ...(offerCallback ? [later] : []),
          ...(state.micOn ? [] : [{ label: strings.retryMic, onClick: act.retryMic }]),
          { label: strings.cancel, onClick: act.end },
        ]);
      }
      case 'connecting':
        this.fill(strings.connecting(state.agentName), [endCall]);
        if (state.agentPhoto) this.showAgent(state.agentName, state.agentPhoto);
        return;
      case 'inCall': {
        if (state.asking) {
          const screen = state.asking === 'screen';
          return this.fill(screen ? strings.askScreen(state.agentName) : strings.askControl(state.agentName), [
            {
              label: screen ? strings.shareScreen : strings.allowControl,
              onClick: () => act.answer(true),
              kind: 'primary',
            },
            { label: strings.decline, onClick: () => act.answer(false) },
          ]);
        }
        if (state.controlled) {
          return this.fill(strings.controlled(state.agentName), [
            { label: strings.stopControl, onClick: act.stopControl, kind: 'danger' },
            endCall,
          ]);
        }
        const pause = state.screenPaused
          ? {
              label: strings.resumeSharing,
              onClick: () => act.share({ screenPaused: false }),
              kind: 'primary' as const,
            }
          : { label: strings.pauseSharing, onClick: () => act.share({ screenPaused: true }) };
        const mute = {
          label: state.micMuted ? strings.unmute : strings.mute,
          onClick: () => act.share({ micMuted: !state.micMuted }),
        };
        const text = state.screenPaused
          ? strings.paused
          : [strings.inCall(state.agentName), state.privateFields ? strings.privateFields(state.privateFields) : '']
              .filter(Boolean)
              .join(' ');
        const clear = { label: strings.clearDrawings, onClick: act.clearDrawings };
        const retryMic = { label: strings.retryMic, onClick: act.retryMic };
        const stopScreen = { label: strings.stopScreen, onClick: act.stopScreenShare };
        this.fill(text, [
          pause,
          state.micOn ? mute : retryMic,
          ...(state.sharingScreen ? [stopScreen] : []),
          clear,
          endCall,
        ]);
        if (!state.screenPaused)
          this.showLive(state.sharingScreen ? strings.sharingScreen : strings.sharingPage, state.since);
        return;
      }
      case 'ended': {
        const promise = state.promise
          ? strings.promise(state.promise.agentName, when(state.promise.dueAt, strings.locale))
          : '';
        this.fill([strings.ended[state.reason], promise].filter(Boolean).join(' '), [
          { label: strings.close, onClick: act.close, kind: 'primary' },
        ]);
        return this.renderRating(state);
      }
      case 'scheduling':
        return this.renderScheduling(state);
      case 'scheduled':
        return this.fill(
          state.cancelled
            ? strings.callbackCancelled
            : strings.booked(state.dueAt > Date.now() ? when(state.dueAt, strings.locale) : null, state.agentName),
          state.cancelled
            ? [
                { label: strings.helpNow, onClick: act.start, kind: 'primary' },
                { label: strings.close, onClick: act.close },
              ]
            : [
                { label: strings.close, onClick: act.close, kind: 'primary' },
                { label: strings.cancelCallback, onClick: act.cancelCallback },
              ],
        );
      case 'failed':
        // A call that moved to another tab is not over: there is nothing to try again here.
        if (state.problem === 'moved_elsewhere')
          return this.fill(strings.problems[state.problem], [
            { label: strings.close, onClick: act.close, kind: 'primary' },
          ]);
        return this.fill(strings.problems[state.problem], [
          { label: strings.tryAgain, onClick: act.start, kind: 'primary' },
          { label: strings.close, onClick: act.close },
        ]);
    }
  }

  /** The times the team can call, as a labelled list in the user's own time zone. */
  private renderScheduling(state: Extract<CallState, { kind: 'scheduling' }>): void {
    const { act, strings } = this;
    if (state.slots === null) return this.fill(strings.findingTimes, [{ label: strings.back, onClick: act.end }]);
    const label = document.createElement('label');
    label.textContent = strings.timeLabel;
    const select = document.createElement('select');
    const option = (text: string, value: string) => {
      const o = document.createElement('option');
      o.textContent = text;
      o.value = value;
      return o;
    };
    select.append(
      option(strings.soonest, ''),
      ...state.slots.map((at) => option(when(at, strings.locale), String(at))),
    );
    label.append(select);
    const box = document.createElement('div');
    box.className = 'rating';
    box.append(label);
    this.fill([strings.scheduleTitle, state.error ? strings.bookFailed(state.error) : ''].filter(Boolean).join(' '), [
      { label: strings.book, onClick: () => act.book(select.value ? Number(select.value) : null), kind: 'primary' },
      { label: strings.back, onClick: act.end },
    ]);
    this.actions.before(box);
    this.extra = box;
  }

  private renderRating(state: Extract<CallState, { kind: 'ended' }>): void {
    const { strings } = this;
    if (!state.canRate) return;
    const box = document.createElement('div');
    box.className = 'rating';
    if (state.commented) {
      box.textContent = strings.thanks;
    } else {
      const question = document.createElement('p');
      question.textContent = strings.rateQuestion;
      const scores = document.createElement('div');
      scores.setAttribute('role', 'group');
      scores.setAttribute('aria-label', strings.rateQuestion);
      // What 1 and 5 mean, said to everyone (and read with the group).
      const scale = Object.assign(document.createElement('p'), { className: 'scale', id: 'lifeline-rate-scale' });
      scale.textContent = strings.rateScale;
      scores.setAttribute('aria-describedby', scale.id);
      for (let n = 1; n <= 5; n++) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = String(n);
        button.setAttribute('aria-label', strings.rateLabel(n));
        button.setAttribute('aria-pressed', String(state.rated === n));
        button.addEventListener('click', () => this.act.rate(n));
        scores.append(button);
      }
      box.append(question, scores, scale);
      if (state.rated !== null) {
        const rated = state.rated;
        const label = document.createElement('label');
        label.textContent = strings.commentLabel;
        const comment = document.createElement('textarea');
        comment.maxLength = 2000;
        label.append(comment);
        const send = document.createElement('button');
        send.type = 'button';
        send.textContent = strings.sendComment;
        send.addEventListener('click', () => this.act.rate(rated, comment.value.trim()));
        box.append(label, send);
      }
    }
    this.actions.before(box);
    this.extra = box;
  }

  /** Who answered, the moment they do: their photo beside their name, until their video arrives. */
  private showAgent(name: string, photo: string): void {
    const face = Object.assign(document.createElement('p'), { className: 'agent' });
    const img = Object.assign(document.createElement('img'), { src: photo, alt: '' });
    img.referrerPolicy = 'no-referrer';
    face.append(img, Object.assign(document.createElement('strong'), { textContent: name }));
    this.extra = face;
    this.actions.before(face);
  }

  /**
   * In the call: a clear sign of what the agent sees right now, and how long the call has lasted
   * (updated each second, not announced: the status line carries what changes).
   */
  private showLive(sharing: string, since: number): void {
    const live = Object.assign(document.createElement('p'), { className: 'live' });
    const timer = document.createElement('span');
    timer.setAttribute('role', 'timer');
    timer.setAttribute('aria-label', this.strings.callTime);
    const tick = () => {
      const seconds = Math.max(0, Math.floor((Date.now() - since) / 1000));
      timer.textContent = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
      if (!live.isConnected && this.ticker) clearInterval(this.ticker);
    };
    tick();
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = setInterval(tick, 1000);
    live.append(Object.assign(document.createElement('span'), { className: 'dot' }), `${sharing} · `, timer);
    this.extra = live;
    this.actions.before(live);
  }

  /** Before the call: the team's availability in a line, and the topics as a radio group. */
  private showBefore(line: string, topics: ReadonlyArray<{ area: string; label: string }>): void {
    const before = document.createElement('div');
    before.className = 'before';
    const said = Object.assign(document.createElement('p'), { className: 'availability', textContent: line });
    before.append(said);
    if (topics.length > 0) {
      const group = document.createElement('fieldset');
      group.className = 'topics';
      group.append(Object.assign(document.createElement('legend'), { textContent: this.strings.topicQuestion }));
      for (const { area, label } of [...topics, { area: '', label: this.strings.anyTopic }]) {
        const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'topic', value: area });
        const choice = document.createElement('label');
        choice.append(input, ` ${label}`);
        group.append(choice);
      }
      before.append(group);
    }
    this.extra = before;
    this.actions.before(before);
  }

  private chosenTopic(): string | undefined {
    const chosen = this.panel.querySelector<HTMLInputElement>('input[name=topic]:checked');
    return chosen?.value || undefined;
  }

  private fill(text: string, buttons: ButtonSpec[]): void {
    this.extra?.remove();
    this.extra = null;
    this.status.textContent = text;
    const hadFocus = this.panel.matches(':focus-within');
    this.actions.replaceChildren(
      ...buttons.map(({ label, onClick, kind }) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = label;
        if (kind) button.className = kind;
        // Called with nothing: a handler with an optional argument (start's topic) must not get the event.
        button.addEventListener('click', () => onClick());
        return button;
      }),
    );
    // Keep keyboard users inside the panel as its buttons change.
    if (hadFocus || !this.panel.hidden) (this.actions.firstElementChild as HTMLElement | null)?.focus();
  }
}

/** What the button's press will meet: open with a likely wait, nobody online, or closed until when. */
function availabilityLine(availability: AvailabilityReply, strings: Strings): string {
  if (!availability.open && availability.nextOpenAt !== null)
    return strings.closedUntil(when(availability.nextOpenAt, strings.locale));
  if (availability.agentsOnline === 0) return strings.nobodyOnline;
  return strings.online(availability.etaMs);
}
