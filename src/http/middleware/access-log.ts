// The access log: one line per request (time, method, target, status, type, bytes, duration), written
// when the response is done or the client went away; the fast path logs through the same line.

import type { RequestHandler } from 'express';

/** What the access log shows for a request whose client left before any answer (nginx's convention). */
export const CLIENT_CLOSED = 499;

export interface AccessLog {
  /** Express middleware: logs each request it sees when its response closes. */
  middleware: RequestHandler;
  /** Log one request answered elsewhere (the fast path). `started` is `process.hrtime.bigint()` at arrival. */
  record(
    method: string,
    target: string,
    status: number,
    type: unknown,
    length: unknown,
    started: bigint,
    finished: boolean,
  ): void;
}

export function createAccessLog(log: (line: string) => void): AccessLog {
  const record: AccessLog['record'] = (method, target, status, type, length, started, finished) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log(
      `${new Date().toISOString()} ${method} ${target.slice(0, 300)} ${status} ${String(type ?? '-').split(';')[0]} ${length ?? '-'} ${ms.toFixed(1)}ms${finished ? '' : ' (aborted)'}`,
    );
  };
  const middleware: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('close', () => {
      record(
        req.method,
        req.originalUrl,
        // The client left before any answer was sent: nginx's "client closed request".
        res.headersSent || res.writableFinished ? res.statusCode : CLIENT_CLOSED,
        res.getHeader('content-type'),
        res.getHeader('content-length'),
        started,
        res.writableFinished,
      );
    });
    next();
  };
  return { middleware, record };
}
