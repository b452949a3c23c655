import { decode, ErrorCode, type ErrorFrame, LifelineError } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import type { WebSocket } from 'ws';
import type { $ZodType, output } from 'zod/v4/core';
import type { Clock } from '../clock.js';
import { TokenBucket } from './rateLimit.js';

/** Close code for a socket superseded by a newer one of the same user or agent. */
export const REPLACED = CloseCode.Replaced;

const RATE_BURST = 100;
const RATE_PER_SECOND = 50;

export function sendFrame(ws: WebSocket | undefined, message: { type: string }): void {
  if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export function errorFrame(error: LifelineError): ErrorFrame {
  return { type: 'error', code: error.code, message: error.message };
}

/**
 * Wires one socket's inbound frames: rate limit, then schema validation, then the handler.
 * A bad frame gets an error frame with a stable code; the connection stays up.
 */
export function onFrames<S extends $ZodType>(
  ws: WebSocket,
  schema: S,
  clock: Clock,
  handle: (message: output<S>) => void,
  limited = true,
): void {
  const bucket = new TokenBucket(RATE_BURST, RATE_PER_SECOND, clock.now());
  ws.on('message', (data, isBinary) => {
    if (limited && !bucket.take(clock.now())) {
      return sendFrame(ws, errorFrame(new LifelineError(ErrorCode.RateLimited, 'slow down')));
    }
    if (isBinary) return sendFrame(ws, errorFrame(LifelineError.badMessage('binary frames are not accepted')));
    const result = decode(schema, data.toString());
    if (!result.ok) return sendFrame(ws, errorFrame(result.error));
    try {
      handle(result.value);
    } catch (err) {
      const error = err instanceof LifelineError ? err : new LifelineError(ErrorCode.Internal, 'internal error');
      sendFrame(ws, errorFrame(error));
    }
  });
}
