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
  /** The brand's colour for the button and the panel, e.g. `#e91e63` (`data-color`). */
  color?: string;
  /** The company's name in the panel's header (`data-brand`). */
  brand?: string;
  /** The company's logo in the panel's header: an image URL (`data-logo`). */
  logo?: string;
}

type Unsettable = 'label' | 'launcher' | 'color' | 'brand' | 'logo';
export type WidgetConfig = Required<Omit<WidgetOptions, Unsettable>> & Record<Unsettable, string | null>;

/**
 * Merges options over a base, ignoring values that are not allowed (a typo never breaks the
 * page). Options come from `Lifeline.init({...})`, or as they are from a script tag's data
 * attributes (`data-tenant`, `data-allow-control`, ...).
 */
export function resolveConfig(base: WidgetConfig, options: WidgetOptions | DOMStringMap): WidgetConfig {
  const next = { ...base };
  const { server, position, theme, privateSelectors, allowControl } = options;
  // Text options: tenant and locale must say something; the others are unset by an empty string.
  for (const key of ['tenant', 'locale', 'label', 'launcher', 'color', 'brand', 'logo'] as const) {
    const value = options[key];
    const allowed = value || (key !== 'tenant' && key !== 'locale');
    // A colour the browser cannot read would leave the button without a background.
    if (typeof value === 'string' && allowed && (key !== 'color' || !value || CSS.supports('color', value)))
      (next as Record<typeof key, string | null>)[key] = value || null;
  }
  if (typeof server === 'string' && server) next.server = new URL(server).origin;
  if (/^bottom-(right|left)$/.test(position as string)) next.position = position as WidgetConfig['position'];
  if (/^(auto|light|dark)$/.test(theme as string)) next.theme = theme as WidgetConfig['theme'];
  if (Array.isArray(privateSelectors))
    next.privateSelectors = privateSelectors.filter((s) => typeof s === 'string' && s);
  // A boolean, or a data attribute's words: `data-allow-control` alone (or "true") means yes.
  const control = ({ true: true, '': true, false: false } as Record<string, boolean>)[String(allowControl)];
  if (control !== undefined) next.allowControl = control;
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
    color: null,
    brand: null,
    logo: null,
  };
}

/** The theme to draw: an explicit choice, else the host page's declared scheme, else the system's. */
export function effectiveTheme(theme: WidgetConfig['theme']): 'light' | 'dark' {
  if (theme !== 'auto') return theme;
  const host = getComputedStyle(document.documentElement).colorScheme;
  if (host === 'dark' || host === 'light') return host;
  return matchMedia('(prefers-color-scheme:dark)').matches ? 'dark' : 'light';
}
