import type { WidgetConfig } from './config.js';

/** What the loader and the panel agree on: the panel module's one export. */
export type LifelineEvent = 'ready' | 'open' | 'queued' | 'connected' | 'ended' | 'error' | 'callback' | 'availability';

/** What the loader hands the panel when it mounts it. */
export interface PanelHost {
  /** The shadow root the panel renders into. */
  root: ShadowRoot;
  emit(event: LifelineEvent, detail?: unknown): void;
  /** The panel was dismissed: show the help button again. */
  onClose(): void;
  /** What the host set with Lifeline.identify(), signed by its backend. */
  identity(): HostIdentity | null;
  /** What the host set with Lifeline.setContext(). */
  context(): Record<string, string | number | boolean>;
  /**
   * The host's settings as they are now: the server's origin, the tenant, the language to speak
   * (`de`: Lifeline.init, data-locale, the page, the browser), its private fields and whether
   * the agent may take control (the page view), and its brand (colour, name, logo).
   */
  config(): WidgetConfig;
}

/** What the loader hands the button's module (`/widget/button.js`). */
export interface ButtonHost {
  config(): WidgetConfig;
  /** The identified user, when the host has called Lifeline.identify(). */
  identity: HostIdentity | null;
  /** The floating help button, in the widget's shadow root. */
  button: HTMLButtonElement;
  emit(event: LifelineEvent, detail?: unknown): void;
}

/** The button module's one export, called when the page loads and again on each identify(). */
export type WatchButton = (host: ButtonHost) => void;

/**
 * The signed-in user, as the host's backend vouches: a JWT it signs with the tenant's identity
 * secret (or private key). The widget passes it on untouched; the server verifies it.
 */
export type HostIdentity = string;

export interface PanelController {
  open(): void;
  close(): void;
  /** Bytes received from the agent, for diagnostics. */
  stats(): Promise<{ audioBytesReceived: number; videoBytesReceived: number } | null>;
}

export type MountPanel = (host: PanelHost) => PanelController;
