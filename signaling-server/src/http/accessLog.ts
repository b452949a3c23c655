import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Tokens never reach a log line, wherever they ride: the query string or a header. */
const redactUrl = (url = '') => url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');

/** One structured line per request (method, path, status, time), at info level. */
export function accessLog(log: Logger) {
  return pinoHttp({
    logger: log,
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
