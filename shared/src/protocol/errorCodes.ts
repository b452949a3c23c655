/** Stable error codes: they travel on the wire and in HTTP bodies, so never rename one. */
export const ErrorCode = {
  BadJson: 'bad_json',
  BadMessage: 'bad_message',
  BadRequest: 'bad_request',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  RateLimited: 'rate_limited',
  InvalidState: 'invalid_state',
  NoAgentsOnline: 'no_agents_online',
  /** The service cannot answer right now (its database is away, or this node is standing by): retry. */
  Unavailable: 'unavailable',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The one error type of Lifeline: a stable code plus a human message. */
export class LifelineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate_limited`: when trying again can succeed (HTTP `Retry-After`). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'LifelineError';
  }

  static rateLimited(retryAfterMs: number, detail = 'too many requests: try again later') {
    return new LifelineError(ErrorCode.RateLimited, detail, retryAfterMs);
  }

  static badMessage(detail: string) {
    return new LifelineError(ErrorCode.BadMessage, detail);
  }
  static unauthorized(detail = 'missing or invalid credentials') {
    return new LifelineError(ErrorCode.Unauthorized, detail);
  }
  static invalidState(detail: string) {
    return new LifelineError(ErrorCode.InvalidState, detail);
  }
  static notFound(detail: string) {
    return new LifelineError(ErrorCode.NotFound, detail);
  }
  static unavailable(detail: string, retryAfterMs = 1_000) {
    return new LifelineError(ErrorCode.Unavailable, detail, retryAfterMs);
  }
}

/** Normalises anything thrown into a LifelineError without leaking internals. */
export function toLifelineError(err: unknown): LifelineError {
  if (err instanceof LifelineError) return err;
  return new LifelineError(ErrorCode.Internal, 'internal error');
}
