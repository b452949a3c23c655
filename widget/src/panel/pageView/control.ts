import type { ControlAction } from '@lifeline/shared';
import { type AgentRequest, describeTarget } from '@lifeline/shared/pageView';
import type { Privacy } from './privacy.js';

type Act = Extract<AgentRequest, { t: 'act' }>;

/** Input the user makes themselves; any of it takes control back at once. */
const USER_INPUT = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * The agent clicking and typing in the user's page, only while the user allows it. The user's
 * own input (trusted events only: ours are synthetic) ends it; a private field is never typed
 * into. Every action is reported for the session's timeline.
 */
export class PageControl {
  private active = false;

  constructor(
    /** The live element behind a node id of the page view. */
    private readonly find: (id: number) => Element | null,
    private readonly privacy: Privacy,
    private readonly report: (action: ControlAction, target?: string) => void,
    /** Control ended by the user's own input or the agent; the panel drops its banner. */
    private readonly ended: (by: 'user' | 'agent') => void,
  ) {}

  get granted(): boolean {
    return this.active;
  }

  grant(): void {
    if (this.active) return;
    this.active = true;
    for (const type of USER_INPUT) addEventListener(type, this.takeBack, { capture: true });
    this.report('granted');
  }

  end(by: 'user' | 'agent'): void {
    if (!this.active) return;
    this.active = false;
    for (const type of USER_INPUT) removeEventListener(type, this.takeBack, { capture: true });
    this.report(by === 'user' ? 'ended_by_user' : 'ended_by_agent');
    this.ended(by);
  }

  act(request: Act): void {
    if (!this.active) return;
    const element = this.find(request.on);
    if (!(element instanceof HTMLElement)) return;
    if (this.privacy.isPrivate(element))
      return this.report('refused', describeTarget(element, this.privacy.isPrivate(element)));
    if (request.a === 'click') {
      element.focus({ preventScroll: true });
      element.click();
    } else if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) {
      typeInto(element, request.v);
    } else return;
    this.report(request.a, describeTarget(element, this.privacy.isPrivate(element)));
  }

  private readonly takeBack = (event: Event) => {
    if (event.isTrusted) this.end('user');
  };
}

/**
 * Sets a field's value the way frameworks notice: through the prototype's setter (React
 * tracks the instance's own), then `input` and `change` events as typing would fire.
 */
function typeInto(field: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  const prototype = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  field.focus({ preventScroll: true });
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
  field.dispatchEvent(new Event('change', { bubbles: true }));
}
