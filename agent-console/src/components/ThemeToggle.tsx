import { useEffect } from 'react';
import { useConsoleClient, useConsoleState } from '../hooks/useConsole.js';

const NEXT = { system: 'dark', dark: 'light', light: 'system' } as const;
const LABEL = { system: 'Theme: system', dark: 'Theme: dark', light: 'Theme: light' };

/** Light, dark, or whatever the system says; remembered across reloads. */
export function ThemeToggle() {
  const client = useConsoleClient();
  const theme = useConsoleState((s) => s.theme);
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  return (
    <button type="button" className="link" onClick={() => client.setTheme(NEXT[theme])}>
      {LABEL[theme]}
    </button>
  );
}
