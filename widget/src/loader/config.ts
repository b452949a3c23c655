/** How a host configures the widget: data attributes on the script tag, or Lifeline.init({...}). */
export interface WidgetOptions {
  /** The tenant id the server knows this product by. */
  tenant?: string;
  /** The Lifeline server's origin; by default, where widget.js came from. */
  server?: string;
  position?: 'bottom-right' | 'bottom-left';
  /** `auto` follows the host page (its `color-scheme`), then the system. */
  theme?: 'auto' | 'light' | 'dark';
  /** The help button's text; by default "Help" in the user's language. */
  label?: string;
  /** e.g. `de`; by default the host page's `lang`, then the browser's language. */
  locale?: string;
  /** More fields whose text never leaves the page (passwords and card fields always stay). */
  privateSelectors?: string[];
  /** The agent may click and type in this page, once the user accepts (`data-allow-control`). */
  allowControl?: boolean;
  /**
   * A CSS selector for the product's own help link or menu item (`data-launcher="#help-link"`):
   * a click on it opens help, and the floating button is not shown.
   */
  launcher?: string;
}

export type WidgetConfig = Required<Omit<WidgetOptions, 'label' | 'launcher'>> & {
  label: string | null;
  launcher: string | null;
};

const POSITIONS = ['bottom-right', 'bottom-left'];
const THEMES = ['auto', 'light', 'dark'];

/** Merges options over a base, ignoring values that are not allowed (a typo never breaks the page). */
export function resolveConfig(base: WidgetConfig, options: WidgetOptions): WidgetConfig {
  const next = { ...base };
  const { server, position, theme, privateSelectors, allowControl } = options;
  // Text options: tenant and locale must say something; an empty label or launcher unsets it.
  for (const key of ['tenant', 'locale', 'label', 'launcher'] as const) {
    const value = options[key];
    const unsettable = key === 'label' || key === 'launcher';
    if (typeof value === 'string' && (value || unsettable))
      (next as Record<typeof key, string | null>)[key] = value || null;
  }
  if (typeof server === 'string' && server) next.server = new URL(server).origin;
  if (position && POSITIONS.includes(position)) next.position = position;
  if (theme && THEMES.includes(theme)) next.theme = theme;
  if (Array.isArray(privateSelectors))
    next.privateSelectors = privateSelectors.filter((s) => typeof s === 'string' && s);
  if (typeof allowControl === 'boolean') next.allowControl = allowControl;
  return next;
}

/** The defaults before any option: the host's language, following the host's colours. */
export function defaultConfig(server: string): WidgetConfig {
  return {
    tenant: 'default',
    server,
    position: 'bottom-right',
    theme: 'auto',
    label: null,
    locale: document.documentElement.lang || navigator.language || 'en',
    privateSelectors: [],
    allowControl: false,
    launcher: null,
  };
}

/**
 * Options from a script tag's data attributes (`data-tenant`, `data-server`, ...), taken as they
 * are: `resolveConfig` keeps only the allowed ones. `data-allow-control` alone means yes.
 */
export function optionsFromDataset(data: DOMStringMap): WidgetOptions {
  const { allowControl, ...rest } = data;
  return {
    ...(rest as WidgetOptions),
    ...(allowControl === undefined ? {} : { allowControl: allowControl !== 'false' }),
  };
}

/** The theme to draw: an explicit choice, else the host page's declared scheme, else the system's. */
export function effectiveTheme(theme: WidgetConfig['theme']): 'light' | 'dark' {
  if (theme !== 'auto') return theme;
  const host = getComputedStyle(document.documentElement).colorScheme;
  if (host === 'dark' || host === 'light') return host;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
