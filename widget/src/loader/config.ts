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
}

export type WidgetConfig = Required<Omit<WidgetOptions, 'label'>> & { label: string | null };

const POSITIONS = ['bottom-right', 'bottom-left'];
const THEMES = ['auto', 'light', 'dark'];

/** Merges options over a base, ignoring values that are not allowed (a typo never breaks the page). */
export function resolveConfig(base: WidgetConfig, options: WidgetOptions): WidgetConfig {
  const next = { ...base };
  if (typeof options.tenant === 'string' && options.tenant) next.tenant = options.tenant;
  if (typeof options.server === 'string' && options.server) next.server = new URL(options.server).origin;
  if (options.position && POSITIONS.includes(options.position)) next.position = options.position;
  if (options.theme && THEMES.includes(options.theme)) next.theme = options.theme;
  if (typeof options.label === 'string') next.label = options.label || null;
  if (typeof options.locale === 'string' && options.locale) next.locale = options.locale;
  if (Array.isArray(options.privateSelectors))
    next.privateSelectors = options.privateSelectors.filter((s) => typeof s === 'string' && s);
  if (typeof options.allowControl === 'boolean') next.allowControl = options.allowControl;
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
  };
}

/** Options from a script tag's data attributes (`data-tenant`, `data-server`, ...). */
export function optionsFromDataset(data: DOMStringMap): WidgetOptions {
  return {
    ...(data.tenant ? { tenant: data.tenant } : {}),
    ...(data.server ? { server: data.server } : {}),
    ...(data.position ? { position: data.position as NonNullable<WidgetOptions['position']> } : {}),
    ...(data.theme ? { theme: data.theme as NonNullable<WidgetOptions['theme']> } : {}),
    ...(data.label !== undefined ? { label: data.label } : {}),
    ...(data.locale ? { locale: data.locale } : {}),
    ...(data.allowControl !== undefined ? { allowControl: data.allowControl !== 'false' } : {}),
  };
}

/** The theme to draw: an explicit choice, else the host page's declared scheme, else the system's. */
export function effectiveTheme(theme: WidgetConfig['theme']): 'light' | 'dark' {
  if (theme !== 'auto') return theme;
  const host = getComputedStyle(document.documentElement).colorScheme;
  if (host === 'dark') return 'dark';
  if (host === 'light') return 'light';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}
