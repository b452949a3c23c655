import { LoginReply } from '@lifeline/shared';

const AUTH_KEY = 'lifeline.console.auth';

/**
 * The sign-in kept across reloads and tabs (localStorage): the token is short-lived and
 * refreshed while the console is open, and revoked server-side on sign-out.
 */
export const signInStorage = {
  load(): LoginReply | null {
    try {
      const saved = localStorage.getItem(AUTH_KEY);
      const parsed = saved ? LoginReply.safeParse(JSON.parse(saved)) : null;
      return parsed?.success ? parsed.data : null;
    } catch {
      return null;
    }
  },
  save(auth: LoginReply): void {
    localStorage.setItem(AUTH_KEY, JSON.stringify(auth));
  },
  clear(): void {
    localStorage.removeItem(AUTH_KEY);
  },
};

/** When to refresh a token just received: at 80% of its life, and at least a minute before it expires. */
export function refreshDelayMs(expiresAt: number, now: number): number {
  const left = expiresAt - now;
  return Math.max(0, Math.min(left - 60_000, left * 0.8));
}
