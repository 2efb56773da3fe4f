// The one typed HTTP error (answered by middleware/error-handler.ts): a status, a message a client may
// read, headers and machine-readable details.

import { STATUS_CODES } from 'node:http';

export interface HttpErrorOptions {
  cause?: unknown;
  /** Headers the error response carries (e.g. `Allow` for 405, `Retry-After` for 503). */
  headers?: Record<string, string>;
  /** Extra machine-readable members for JSON bodies (e.g. `supported`, `line`, `column`). */
  details?: Record<string, unknown>;
}

/** An error with an HTTP status. Its message is shown to the client, so it must not hold secrets. */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly details: Record<string, unknown>;

  constructor(status: number, message: string, options: HttpErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be 400-599, got ${status}`);
    }
    this.name = 'HttpError';
    this.status = status;
    this.headers = options.headers ?? {};
    this.details = options.details ?? {};
  }

  /** The reason phrase for the status (`Not Found`). */
  get title(): string {
    return STATUS_CODES[this.status] ?? 'Error';
  }
}

/**
 * Turn anything thrown into an HttpError: HttpErrors pass through; client errors raised by Express
 * and body-parser (which carry `status` and `expose`) keep their status and message; malformed
 * percent-encoding is a 400; everything else is a 500 whose details stay in the log.
 */
export function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof URIError)
    return new HttpError(400, `Bad percent-encoding in the URL: ${err.message}`, { cause: err });
  const e = err as {
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
    type?: unknown;
    message?: unknown;
  } | null;
  const status =
    typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    if (e?.type === 'entity.too.large') return new HttpError(413, 'Request body too large', { cause: err });
    const message =
      e?.expose === true && typeof e.message === 'string' ? e.message : (STATUS_CODES[status] ?? 'Bad request');
    return new HttpError(status, message, { cause: err });
  }
  return new HttpError(500, 'Internal server error', { cause: err });
}

/**
 * Remember the media type a route negotiated, so an error thrown later is answered in it (kept in
 * Express's `res.locals`, made here for a response answered before Express: the fast paths).
 */
export function setResponseFormat(res: object, mediaType: string): void {
  const r = res as { locals?: Record<string, unknown> };
  (r.locals ??= Object.create(null) as Record<string, unknown>).responseFormat = mediaType;
}
