// The one typed HTTP error and the one error handler: errors answered in the negotiated format,
// never a stack trace to a client, never a 200 with an error body.

import type { ErrorRequestHandler, Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { negotiateMediaType, parseAccept } from './negotiate.ts';

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

/** Media types an error can be written in, in order of preference when the client does not care. */
export const ERROR_MEDIA_TYPES = [
  'text/plain',
  'text/html',
  'application/json',
  'application/problem+json',
  'text/turtle',
  'application/ld+json',
  'application/n-triples',
  'application/n-quads',
  'application/trig',
  'application/rdf+xml',
] as const;
export type ErrorMediaType = (typeof ERROR_MEDIA_TYPES)[number];

/**
 * The format of an error response: the one the route already negotiated (stored by
 * {@link setResponseFormat}) if it can carry an error, otherwise negotiated from Accept among
 * ERROR_MEDIA_TYPES, otherwise text/plain (an error is never refused with 406 itself).
 */
export function errorMediaType(
  req: Request,
  res: Response,
  accepted: (offers: readonly string[]) => string | undefined,
): ErrorMediaType {
  const chosen = res.locals.responseFormat as string | undefined;
  if (chosen && (ERROR_MEDIA_TYPES as readonly string[]).includes(chosen)) return chosen as ErrorMediaType;
  try {
    return (accepted(ERROR_MEDIA_TYPES) as ErrorMediaType | undefined) ?? 'text/plain';
  } catch {
    return 'text/plain'; // malformed Accept: that is the error being reported
  }
}

/** Remember the media type a route negotiated, so an error thrown later is answered in it. */
export function setResponseFormat(res: Response, mediaType: string): void {
  res.locals.responseFormat = mediaType;
}

export interface ErrorBodyOptions {
  /** Renders the HTML page for an error (the HTML layer owns the page); default: a bare escaped page. */
  renderHtml?: (error: HttpError) => string;
}

/** Serialise an error in a media type. RDF bodies describe it with the W3C HTTP vocabulary. */
export function renderError(error: HttpError, mediaType: ErrorMediaType, options: ErrorBodyOptions): string {
  const message = error.message;
  switch (mediaType) {
    case 'text/plain':
      return `${error.status} ${error.title}: ${message}\n`;
    case 'text/html':
      return (options.renderHtml ?? renderBareHtml)(error);
    case 'application/json':
    case 'application/problem+json':
      return (
        JSON.stringify(
          { type: 'about:blank', title: error.title, status: error.status, detail: message, ...error.details },
          null,
          2,
        ) + '\n'
      );
    case 'application/ld+json':
      return (
        JSON.stringify(
          {
            '@context': { http: HTTP_NS, rdfs: RDFS_NS },
            '@type': 'http:Response',
            'http:statusCodeValue': error.status,
            'http:reasonPhrase': error.title,
            'rdfs:comment': message,
          },
          null,
          2,
        ) + '\n'
      );
    case 'text/turtle':
    case 'application/trig':
      return (
        `# ${error.status} ${error.title}\n` +
        `@prefix http: <${HTTP_NS}> .\n@prefix rdfs: <${RDFS_NS}> .\n\n` +
        `[] a http:Response ;\n  http:statusCodeValue ${error.status} ;\n  http:reasonPhrase ${JSON.stringify(error.title)} ;\n` +
        `  rdfs:comment ${JSON.stringify(message)} .\n`
      );
    case 'application/n-triples':
    case 'application/n-quads':
      return (
        `_:error <${RDF_TYPE}> <${HTTP_NS}Response> .\n` +
        `_:error <${HTTP_NS}statusCodeValue> "${error.status}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n` +
        `_:error <${HTTP_NS}reasonPhrase> ${JSON.stringify(error.title)} .\n` +
        `_:error <${RDFS_NS}comment> ${JSON.stringify(message)} .\n`
      );
    case 'application/rdf+xml':
      return (
        `<?xml version="1.0" encoding="utf-8"?>\n` +
        `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:http="${HTTP_NS}" xmlns:rdfs="${RDFS_NS}">\n` +
        `  <http:Response>\n` +
        `    <http:statusCodeValue rdf:datatype="http://www.w3.org/2001/XMLSchema#integer">${error.status}</http:statusCodeValue>\n` +
        `    <http:reasonPhrase>${escapeXml(error.title)}</http:reasonPhrase>\n` +
        `    <rdfs:comment>${escapeXml(message)}</rdfs:comment>\n` +
        `  </http:Response>\n</rdf:RDF>\n`
      );
  }
}

const HTTP_NS = 'http://www.w3.org/2011/http#';
const RDFS_NS = 'http://www.w3.org/2000/01/rdf-schema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

function renderBareHtml(error: HttpError): string {
  const title = escapeXml(`${error.status} ${error.title}`);
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${escapeXml(error.message)}</p></body></html>\n`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Headers a successful response may have set that must not survive into an error response. */
const SUCCESS_ONLY_HEADERS = [
  'etag',
  'last-modified',
  'content-location',
  'link',
  'content-encoding',
  'content-range',
  'content-disposition',
  'accept-ranges',
  'content-length',
];

export interface ErrorHandlerOptions extends ErrorBodyOptions {
  /** Picks a media type from the client's Accept among offers; may throw on a malformed header. Default: negotiate.ts. */
  accepted?: (req: Request, offers: readonly string[]) => string | undefined;
  /** Where 5xx causes are logged (one line with the stack; never sent to the client). */
  logError?: (line: string) => void;
  /** Content-Security-Policy of HTML error pages (default: nothing but inline style). */
  contentSecurityPolicy?: string;
}

/** The one error-handling middleware. Mount it last. */
export function errorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const accepted =
    options.accepted ??
    ((req: Request, offers: readonly string[]) =>
      negotiateMediaType(parseAccept(req.get('accept')), offers)?.mediaType);
  const logError = options.logError ?? ((line: string) => console.error(line));
  return (err, req, res, _next) => {
    const error = toHttpError(err);
    if (error.status === 503) {
      // Expected under load (timeouts, a full queue): one line, no stack.
      logError(`${req.method} ${req.originalUrl.slice(0, 200)} -> 503: ${error.message}`);
    } else if (error.status >= 500) {
      const cause = error.cause ?? error;
      logError(
        `${req.method} ${req.originalUrl} -> ${error.status}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
      );
    }
    if (res.headersSent) {
      // Too late to change the status: cut the connection so the client sees a failure, not a short 200.
      res.destroy(error);
      return;
    }
    for (const name of SUCCESS_ONLY_HEADERS) res.removeHeader(name);
    const mediaType = errorMediaType(req, res, (offers) => accepted(req, offers));
    const body = renderError(error, mediaType, options);
    res.status(error.status);
    for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
    res.setHeader('Content-Type', `${mediaType}; charset=utf-8`);
    res.setHeader('Cache-Control', 'no-store');
    res.vary('Accept');
    if (mediaType === 'text/html')
      res.setHeader(
        'Content-Security-Policy',
        options.contentSecurityPolicy ?? "default-src 'none'; style-src 'unsafe-inline'",
      );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body); // Node drops the body of a HEAD response and keeps its length
  };
}
