import type { ControlAction } from '@lifeline/shared';
import { type Annotation, parseAnnotation } from '@lifeline/shared/annotations';
import type { MediaSession } from '@lifeline/shared/media';
import { type AgentRequest, type PageMessage, type PanelPlace, parseAgentRequest } from '@lifeline/shared/pageView';
import { screenShareSupported } from '../transport/capture.js';
import type { CallHost } from './host.js';
import type { PageView } from './pageView/index.js';

export interface PageViewLinkEvents {
  /** The agent asks to see the screen or to take control: false when the user cannot be asked now. */
  asked(what: 'screen' | 'control'): boolean;
  /** Control of the page ended (the user's Stop, the agent's, a pause). */
  controlEnded(): void;
  /** Control of the page, for the session's timeline (the server writes it). */
  report(action: ControlAction, target?: string): void;
  /** A mark the agent drew, anchored to an element of the page view. */
  annotation(annotation: Annotation, element: (id: number) => Element | null): void;
}

/**
 * The page view's side of a call, over the media session's data path: what the page allows,
 * the page view itself (a lazily loaded chunk: rrweb's recorder is most of it), the agent's
 * marks and requests, and control of the page. One media session at a time; a new one (a
 * transfer, the next page) starts a new page view.
 */
export class PageViewLink {
  private module: Promise<typeof import('./pageView/index.js')> | null = null;
  private view: PageView | null = null;
  private media: MediaSession | null = null;
  /** Where the help panel covers the page: the agent's mirror shows it. */
  private panel: PanelPlace | null = null;

  constructor(
    private readonly host: Pick<CallHost, 'config'>,
    private readonly events: PageViewLinkEvents,
  ) {}

  /** Fetches the page view's chunk while the user waits in the queue. */
  prefetch(): void {
    this.module ??= import('./pageView/index.js');
    this.module.catch(() => undefined);
  }

  /**
   * The page view of this media session: the agent's mirror gets a full snapshot, then every
   * change (or nothing while `paused`). Resolves true once it records; false when the chunk
   * failed to load (the call goes on with voice and video) or the session is no longer current.
   */
  async start(media: MediaSession, paused: boolean): Promise<boolean> {
    this.stop();
    this.media = media;
    this.sendCaps();
    const module = await (this.module ?? import('./pageView/index.js')).catch(() => null);
    if (!module || this.media !== media) return false;
    this.view = new module.PageView(media, {
      paused,
      privateSelectors: this.host.config().privateSelectors,
      report: (action, target) => this.events.report(action, target),
      controlEnded: () => {
        this.send({ t: 'control', state: 'ended' });
        this.events.controlEnded();
      },
    });
    return true;
  }

  stop(): void {
    this.view?.stop();
    this.view = null;
    this.media = null;
  }

  /** A message from the agent: a mark to draw, or a request about the page view. */
  fromAgent(raw: string): void {
    const annotation = parseAnnotation(raw);
    if (annotation) return this.events.annotation(annotation, (id) => this.view?.element(id) ?? null);
    const request = parseAgentRequest(raw);
    if (request) this.agentRequest(request);
  }

  /** Paused: nothing of the page is recorded or sent; resumed: a fresh snapshot. */
  pause(paused: boolean): void {
    this.view?.pause(paused);
  }

  /** The user's answer to the agent's request for control: true when the agent now has it. */
  answerControl(accept: boolean): boolean {
    const granted = accept && !!this.view;
    if (accept) this.view?.grantControl();
    else this.events.report('declined');
    this.send({ t: 'control', state: granted ? 'granted' : 'declined' });
    return granted;
  }

  /** The user said no to the screen share, or its picker failed. */
  declineScreen(): void {
    this.send({ t: 'screen', state: 'declined' });
  }

  /** The user takes control back (the banner's Stop; any input of theirs does the same). */
  takeControlBack(): void {
    this.view?.takeControlBack();
  }

  /** The help panel moved, changed size, opened or closed. */
  panelAt(at: PanelPlace | null): void {
    this.panel = at;
    this.send({ t: 'panel', at });
  }

  /** How many fields on the page are hidden from the agent; undefined with no page view. */
  privateFields(): number | undefined {
    return this.view?.privateFields();
  }

  private agentRequest(request: AgentRequest): void {
    if (request.t === 'control.ask' || request.t === 'screen.ask') {
      const what = request.t === 'screen.ask' ? 'screen' : 'control';
      const allowed = what === 'screen' ? screenShareSupported() : this.host.config().allowControl;
      if (!allowed || !this.events.asked(what)) this.send({ t: what, state: 'declined' });
      return;
    }
    // Asked for the whole page again: what the page allows may have been missed too.
    if (request.t === 'sync') this.sendCaps();
    this.view?.handle(request);
  }

  /**
   * What this page allows (the agent's console offers control and the screen share from it),
   * and where the help panel covers it.
   */
  private sendCaps(): void {
    this.send({ t: 'caps', control: this.host.config().allowControl, screen: screenShareSupported() });
    this.send({ t: 'panel', at: this.panel });
  }

  private send(message: PageMessage): void {
    this.media?.sendData(JSON.stringify(message));
  }
}
