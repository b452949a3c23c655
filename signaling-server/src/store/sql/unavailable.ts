/** Network errors and PostgreSQL's "server going away" states (class 08, 57P01–57P03). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03']);

/**
 * Whether an error means the database (or Redis) cannot be reached right now, rather than a bug:
 * the request is answered 503 `unavailable`, to be tried again, instead of 500.
 */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  return (
    UNAVAILABLE_CODES.has(code) ||
    code.startsWith('08') ||
    /Connection terminated|timeout exceeded when trying to connect|Stream isn't writeable|Connection is closed/.test(
      message,
    )
  );
}
