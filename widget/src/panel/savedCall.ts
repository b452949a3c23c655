import type { HelpRequestReply } from '@lifeline/shared/widgetWire';

/**
 * A call this browser tab can pick up on its next page. Products that are many pages (a link to
 * the settings, a form that posts, a reload) load the widget afresh on each: the user's place in
 * line, or their call, goes on there. Kept in sessionStorage: this tab only, gone with it.
 */
export interface SavedCall extends HelpRequestReply {
  /** In line, or talking to an agent (then their name and photo, and when the call went live). */
  stage: 'waiting' | 'live';
  agentName?: string;
  agentPhoto?: string;
  since?: number;
  /** What the user had paused: it stays paused on the next page until they resume it. */
  screenPaused?: boolean;
  micMuted?: boolean;
}

const key = (server: string, tenant: string) => `lifeline:call:${server}:${tenant}`;

export function saveCall(server: string, tenant: string, call: SavedCall): void {
  try {
    sessionStorage.setItem(key(server, tenant), JSON.stringify(call));
  } catch {
    // Storage refused (a sandboxed frame, private mode quota): the call just won't follow.
  }
}

/** The call to resume on this page, if one is saved and its token still works. */
export function savedCall(server: string, tenant: string, now = Date.now()): SavedCall | null {
  try {
    const raw = sessionStorage.getItem(key(server, tenant));
    const call = raw ? (JSON.parse(raw) as Partial<SavedCall>) : null;
    const usable =
      call &&
      typeof call.sessionId === 'string' &&
      typeof call.token === 'string' &&
      // Past its token's life there is nothing to resume.
      typeof call.expiresAt === 'number' &&
      call.expiresAt > now &&
      (call.stage === 'waiting' || call.stage === 'live');
    if (usable) return call as SavedCall;
    if (raw) forgetCall(server, tenant);
    return null;
  } catch {
    return null;
  }
}

export function forgetCall(server: string, tenant: string): void {
  try {
    sessionStorage.removeItem(key(server, tenant));
  } catch {
    // Nothing was kept.
  }
}
