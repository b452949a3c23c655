import type { PanelHost } from '../loader/contract.js';

/** The panel's view of its host: the loader's, with the settings it reads most at hand. */
export interface CallHost extends PanelHost {
  /** The Lifeline server's origin, e.g. https://help.example.com */
  readonly server: string;
  readonly tenant: string;
  locale(): string;
  /** The scheduled callback the help button rang for, when this press answers it. */
  answering(): string | null;
}

/** The panel's view of a loader's host (the settings read as they are at each use). */
export function callHost(host: PanelHost, answering: () => string | null): CallHost {
  return {
    answering,
    ...host,
    get server() {
      return host.config().server;
    },
    get tenant() {
      return host.config().tenant;
    },
    locale: () => host.config().locale,
  };
}
