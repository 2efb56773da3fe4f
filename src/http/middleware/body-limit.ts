// A request body larger than a route takes is refused from its declared Content-Length, before a byte
// of it is read (body parsers otherwise read, or drain, the whole declared body before answering 413).

import type { RequestHandler } from 'express';
import { HttpError } from '../http-error.ts';

/** The 413 for a body past `limit` bytes; the connection is closed, so the rest is never read. */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError(413, `Request body larger than ${limit} bytes`, {
    headers: { Connection: 'close' },
    details: { maxBodyBytes: limit },
  });
}

/** Refuse (413) a request whose Content-Length exceeds `limit` bytes. */
export function bodyLimit(limit: number): RequestHandler {
  return (req, _res, next) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) throw bodyTooLarge(limit);
    next();
  };
}
