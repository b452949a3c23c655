import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** `scheme://host:port`, normalised (default ports dropped, lower case); null if not a URL. */
function normalise(origin: string): string | null {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Was this request made over TLS (directly, or at a proxy we trust that says so)? */
function overTls(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return (
    trustProxy &&
    String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')[0]
      ?.trim() === 'https'
  );
}

/**
 * The Origin allowlist, comparing scheme, host and port: the server's own origin always (never
 * a plain-http page when the server is reached over https), plus the configured origins (`*`
 * allows any). Non-browser clients send no Origin and are judged by their token alone.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[], trustProxy = false): boolean {
  const raw = req.headers.origin;
  if (!raw) return true;
  if (allowed.includes('*')) return true;
  const origin = normalise(raw);
  if (!origin) return false;
  if (allowed.some((entry) => normalise(entry) === origin)) return true;
  const url = new URL(origin);
  if (url.host !== req.headers.host) return false;
  return url.protocol === 'https:' || !overTls(req, trustProxy);
}
