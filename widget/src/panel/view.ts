import type { CallState } from './callState.js';
import { strings } from './strings.js';
import { PANEL_CSS } from './styles.js';

export interface ViewActions {
  start(): void;
  callback(): void;
  rate(score: number, comment?: string): void;
  share(change: { screenPaused?: boolean; micMuted?: boolean }): void;
  clearDrawings(): void;
  end(): void;
  close(): void;
}

type ButtonSpec = { label: string; onClick: () => void; kind?: 'primary' | 'danger' };

/** Renders the panel for each call state; it holds no state of its own. */
export class PanelView {
  readonly agentVideo = document.createElement('video');
  private readonly panel = document.createElement('section');
  private readonly heading = document.createElement('h2');
  private readonly status = document.createElement('p');
  private readonly note = document.createElement('p');
  private readonly actions = document.createElement('div');
  private readonly reconnecting = document.createElement('p');
  /** State-specific content above the buttons (the rating), replaced on each render. */
  private extra: HTMLElement | null = null;
  constructor(
    root: ShadowRoot,
    private readonly act: ViewActions,
  ) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PANEL_CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    this.panel.className = 'panel';
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-label', strings.title);
    this.panel.hidden = true;
    this.agentVideo.className = 'video';
    this.agentVideo.autoplay = true;
    this.agentVideo.playsInline = true;
    this.agentVideo.setAttribute('aria-label', strings.agentVideo);
    this.status.setAttribute('aria-live', 'polite');
    this.note.className = 'note';
    this.actions.className = 'actions';
    this.reconnecting.setAttribute('role', 'status');
    this.reconnecting.className = 'note';
    this.panel.append(this.heading, this.agentVideo, this.status, this.reconnecting, this.note, this.actions);
    root.append(this.panel);
  } /** While the connection to the server is being restored. */
  setReconnecting(active: boolean): void {
    this.reconnecting.textContent = active ? strings.reconnecting : '';
  }

  show(visible: boolean): void {
    this.panel.hidden = !visible;
  }

  render(state: CallState): void {
    const { act } = this;
    const showVideo = state.kind === 'connecting' || state.kind === 'inCall';
    this.agentVideo.hidden = !showVideo;
    this.heading.textContent = state.kind === 'consent' ? strings.consentTitle : strings.title;
    this.note.textContent = [
      'recorded' in state && state.recorded ? strings.recorded : '',
      'micOn' in state && !state.micOn ? strings.micOff : '',
    ]
      .filter(Boolean)
      .join(' ');
    const endCall: ButtonSpec = { label: strings.endCall, onClick: act.end, kind: 'danger' };
    switch (state.kind) {
      case 'consent':
        return this.fill(strings.consentBody, [
          { label: strings.start, onClick: act.start, kind: 'primary' },
          { label: strings.notNow, onClick: act.close },
        ]);
      case 'starting':
        return this.fill(strings.starting, []);
      case 'waiting': {
        if (state.closed && !state.callback) {
          return this.fill(strings.closed, [
            { label: strings.callMeBack, onClick: act.callback, kind: 'primary' },
            { label: strings.cancel, onClick: act.end },
          ]);
        }
        const parts = state.callback
          ? [strings.callbackConfirmed]
          : [
              state.requeued ? strings.requeued : '',
              state.position === null ? strings.finding : strings.position(state.position),
              state.noAgents ? strings.noAgents : state.etaMs === null ? '' : strings.eta(state.etaMs),
            ];
        const offerCallback = !state.callback && (state.noAgents || (state.etaMs ?? 0) > 5 * 60_000);
        return this.fill(parts.filter(Boolean).join(' '), [
          ...(offerCallback ? [{ label: strings.callMeBack, onClick: act.callback }] : []),
          { label: strings.cancel, onClick: act.end },
        ]);
      }
      case 'connecting':
        return this.fill(strings.connecting(state.agentName), [endCall]);
      case 'inCall': {
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
        const text = state.screenPaused ? strings.paused : strings.inCall(state.agentName);
        const clear = { label: strings.clearDrawings, onClick: act.clearDrawings };
        return this.fill(text, [pause, ...(state.micOn ? [mute] : []), clear, endCall]);
      }
      case 'ended':
        this.fill(strings.ended[state.reason], [{ label: strings.close, onClick: act.close, kind: 'primary' }]);
        return this.renderRating(state);
      case 'failed':
        return this.fill(strings.problems[state.problem], [
          { label: strings.tryAgain, onClick: act.start, kind: 'primary' },
          { label: strings.close, onClick: act.close },
        ]);
    }
  }

  private renderRating(state: Extract<CallState, { kind: 'ended' }>): void {
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
      for (let n = 1; n <= 5; n++) {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = String(n);
        button.setAttribute('aria-label', strings.rateLabel(n));
        button.setAttribute('aria-pressed', String(state.rated === n));
        button.addEventListener('click', () => this.act.rate(n));
        scores.append(button);
      }
      box.append(question, scores);
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
        button.addEventListener('click', onClick);
        return button;
      }),
    );
    // Keep keyboard users inside the panel as its buttons change.
    if (hadFocus || !this.panel.hidden) (this.actions.firstElementChild as HTMLElement | null)?.focus();
  }
}
