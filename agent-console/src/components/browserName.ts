import Bowser from 'bowser';

/** "Chrome 140 on Windows 10" from a user agent string, or the raw string if unrecognised. */
export function browserAndOs(userAgent: string | undefined): string {
  if (!userAgent) return 'unknown';
  const { browser, os } = Bowser.parse(userAgent);
  if (!browser.name) return userAgent;
  const name = [browser.name, browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const system = [os.name, os.versionName ?? os.version].filter(Boolean).join(' ');
  return system ? `${name} on ${system}` : name;
}
