import type { WidgetConfig } from './config.js';

/** What the loader and the panel agree on: the panel module's one export. */
export type LifelineEvent = 'ready' | 'open' | 'queued' | 'connected' | 'ended' | 'error' | 'callback' | 'availability';

export interface PanelHost {
  /** The Lifeline server's origin, e.g. https://help.example.com */
  server: string;
  tenant: string;
  /** The language to speak, e.g. `de` (Lifeline.init, data-locale, the page, the browser). */
  locale(): string;
  /** The shadow root the panel renders into. */
  root: ShadowRoot;
  emit(event: LifelineEvent, detail?: unknown): void;
  /** The panel was dismissed: show the help button again. */
  onClose(): void;
  /** What the host set with Lifeline.identify(), signed by its backend. */
  identity(): HostIdentity | null;
  /** The scheduled callback the help button rang for, when this press answers it. */
  answering(): string | null;
  /** What the host set with Lifeline.setContext(). */
  context(): Record<string, string | number | boolean>;
  /**
   * The host's settings as they are now: its private fields and whether the agent may take
   * control (the page view), and its brand (colour, name, logo) for the panel.
   */
  config(): Pick<WidgetConfig, 'privateSelectors' | 'allowControl' | 'color' | 'brand' | 'logo'>;
}

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
