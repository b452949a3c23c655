import { decode, ErrorCode, type ErrorFrame, LifelineError } from '@lifeline/shared';
import { CloseCode } from '@lifeline/shared/transport';
import type { RawData, WebSocket } from 'ws';
import type { $ZodType, output } from 'zod/v4/core';

/** Close code for a socket superseded by a newer one of the same user or agent. */
export const REPLACED = CloseCode.Replaced;

export function sendFrame(ws: WebSocket | undefined, message: { type: string }): void {
  if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

export function errorFrame(error: LifelineError): ErrorFrame {
  return { type: 'error', code: error.code, message: error.message };
}

/**
 * One socket's inbound frame: rate limit, then schema validation, then the handler. A bad frame
 * gets an error frame with a stable code; the connection stays up.
 */
export function receiveFrame<S extends $ZodType>(
  ws: WebSocket,
  data: RawData,
  isBinary: boolean,
  schema: S,
  allowed: boolean,
  handle: (message: output<S>) => void,
): void {
  if (!allowed) return sendFrame(ws, errorFrame(new LifelineError(ErrorCode.RateLimited, 'slow down')));
  if (isBinary) return sendFrame(ws, errorFrame(LifelineError.badMessage('binary frames are not accepted')));
  const result = decode(schema, data.toString());
  if (!result.ok) return sendFrame(ws, errorFrame(result.error));
  try {
    handle(result.value);
  } catch (err) {
    const error = err instanceof LifelineError ? err : new LifelineError(ErrorCode.Internal, 'internal error');
    sendFrame(ws, errorFrame(error));
  }
}
