import type { ControlAction } from '@lifeline/shared';
import type { AgentRequest } from '@lifeline/shared/pageView';
import { PageControl } from './control.js';
import { countPrivateFields, type Privacy, privacyFor } from './privacy.js';
import { type Recording, recordPage } from './recorder.js';
import { type DataPath, PageSender } from './sender.js';

export interface PageViewOptions {
  privateSelectors: readonly string[];
  report: (action: ControlAction, target?: string) => void;
  controlEnded: (by: 'user' | 'agent') => void;
  /** Start paused (the user paused sharing on an earlier page, or before a transfer). */
  paused?: boolean;
}

/**
 * The page view of one call, in its own lazily loaded chunk (rrweb's recorder is most of it):
 * the page recorded with private fields masked here, sent over the call's data path, and the
 * agent's control of the page when the user allows it.
 */
export class PageView {
  private readonly privacy: Privacy;
  private readonly sender: PageSender;
  private recording: Recording | null = null;
  private readonly control: PageControl;

  constructor(path: DataPath, options: PageViewOptions) {
    this.privacy = privacyFor(options.privateSelectors);
    this.sender = new PageSender(path, () => this.recording?.snapshot());
    this.recording = options.paused ? null : this.record();
    this.control = new PageControl((id) => this.element(id), this.privacy, options.report, options.controlEnded);
  }

  /** The live element behind a node id of the page view, for marks anchored to it. */
  element(id: number): Element | null {
    return this.recording?.element(id) ?? null;
  }

  /** How many fields on the page are hidden from the agent. */
  privateFields(): number {
    return countPrivateFields(this.privacy);
  }

  get controlled(): boolean {
    return this.control.granted;
  }

  /** Paused: nothing is recorded or sent; resumed: a fresh snapshot. Control ends with a pause. */
  pause(paused: boolean): void {
    if (paused) {
      this.control.end('user');
      this.recording?.stop();
      this.recording = null;
      this.sender.stop();
    } else this.recording ??= this.record();
  }

  grantControl(): void {
    this.control.grant();
  }

  /** The user takes control back (the banner's Stop). */
  takeControlBack(): void {
    this.control.end('user');
  }

  handle(request: AgentRequest): void {
    if (request.t === 'sync') this.recording?.snapshot();
    else if (request.t === 'control.stop') this.control.end('agent');
    else if (request.t === 'act') this.control.act(request);
  }

  stop(): void {
    this.control.end('agent');
    this.recording?.stop();
    this.recording = null;
    this.sender.stop();
  }

  private record(): Recording {
    return recordPage(this.privacy, (event) => this.sender.push(event));
  }
}
