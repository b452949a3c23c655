import type { Request } from 'express';

/** The client's address, through trusted proxies only (TRUST_PROXY), for limits and logs. */
export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
