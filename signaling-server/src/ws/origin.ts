import type { IncomingMessage } from 'node:http';

/**
 * The Origin allowlist: the server's own origin always, plus the configured origins
 * (`*` allows any). Non-browser clients send no Origin and are judged by their token alone.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
