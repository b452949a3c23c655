import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that carries a delivery's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'lifeline-signature';
/** How old a signed timestamp a receiver accepts by default: replays of older deliveries fail. */
export const DEFAULT_TOLERANCE_S = 300;

/** HMAC-SHA256 over `<timestamp>.<body>` with the tenant's webhook secret. */
export function signWebhook(secret: string, timestampS: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex');
  return `t=${timestampS},v1=${mac}`;
}

/**
 * What a tenant's backend runs on each delivery (README shows it): the body as received, the
 * signature header, their secret. False for a forged, altered or stale delivery.
 */
export function verifyWebhook(
  secret: string,
  header: string | undefined,
  body: string,
  nowMs: number,
  toleranceS = DEFAULT_TOLERANCE_S,
): boolean {
  const parts = new Map((header ?? '').split(',').map((part) => part.split('=', 2) as [string, string]));
  const timestampS = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestampS) || Math.abs(nowMs / 1000 - timestampS) > toleranceS) return false;
  const expected = signWebhook(secret, timestampS, body).split('v1=')[1] as string;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
