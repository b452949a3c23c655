import type { ConsoleState } from '../state/store.js';

const THEME_KEY = 'lifeline.console.theme';

/** The agent's theme choice, remembered in this browser; `system` follows the OS. */
export const themeStorage = {
  load(): ConsoleState['theme'] {
    const theme = localStorage.getItem(THEME_KEY);
    return theme === 'light' || theme === 'dark' ? theme : 'system';
  },
  save(theme: ConsoleState['theme']): void {
    if (theme === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, theme);
  },
};
