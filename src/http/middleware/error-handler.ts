// The one error handler: any error answered in the format the route negotiated (or the client's
// Accept, or plain text), RDF bodies built as quads and written by the same writers as data; never a
// stack trace to a client, never a 200 with an error body.

import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { contentType, HTML, MEDIA_TYPES, RDF_FORMATS, rdfFormatOf } from '../../rdf/formats.ts';
import { serializeQuads } from '../../rdf/serialize.ts';
import { HTTP, RDF, RDFS, XSD } from '../../vocab.ts';
import { toHttpError, type HttpError } from '../http-error.ts';
import { negotiateMediaType, parseAccept } from '../negotiate.ts';
import { CLIENT_CLOSED } from './access-log.ts';

/** Media types an error can be written in, in order of preference when the client does not care. */
export const ERROR_MEDIA_TYPES: readonly string[] = [
  MEDIA_TYPES.text,
  HTML.mediaType,
  MEDIA_TYPES.json,
  MEDIA_TYPES.problemJson,
  ...RDF_FORMATS.map((f) => f.mediaType),
];

/**
 * The format of an error response: the one the route already negotiated (stored by
 * setResponseFormat) if it can carry an error, otherwise negotiated from Accept among
 * ERROR_MEDIA_TYPES, otherwise text/plain (an error is never refused with 406 itself).
 */
export function errorMediaType(
  req: Request,
  res: Response,
  accepted: (offers: readonly string[]) => string | undefined,
): string {
  const chosen = res.locals.responseFormat as string | undefined;
  if (chosen && ERROR_MEDIA_TYPES.includes(chosen)) return chosen;
  try {
    return accepted(ERROR_MEDIA_TYPES) ?? MEDIA_TYPES.text;
  } catch {
    return MEDIA_TYPES.text; // malformed Accept: that is the error being reported
  }
}

export interface ErrorBodyOptions {
  /** Renders the HTML page for an error (the HTML layer owns the page); default: a bare escaped page. */
  renderHtml?: (error: HttpError) => string;
}

/** The error as RDF: a `http:Response` (W3C HTTP vocabulary) with its status, reason and message. */
export function errorQuads(error: HttpError): Quad[] {
  const { namedNode, literal, blankNode, quad } = DataFactory;
  const node = blankNode('error');
  return [
    quad(node, namedNode(RDF('type')), namedNode(HTTP('Response'))),
    quad(node, namedNode(HTTP('statusCodeValue')), literal(String(error.status), namedNode(XSD('integer')))),
    quad(node, namedNode(HTTP('reasonPhrase')), literal(error.title)),
    quad(node, namedNode(RDFS('comment')), literal(error.message)),
  ];
}

/** Serialise an error in one of ERROR_MEDIA_TYPES. */
export async function renderError(error: HttpError, mediaType: string, options: ErrorBodyOptions): Promise<string> {
  const rdf = rdfFormatOf(mediaType);
  if (rdf) return serializeQuads(errorQuads(error), rdf);
  switch (mediaType) {
    case HTML.mediaType:
      return (options.renderHtml ?? renderBareHtml)(error);
    case MEDIA_TYPES.json:
    case MEDIA_TYPES.problemJson:
      return (
        JSON.stringify(
          { type: 'about:blank', title: error.title, status: error.status, detail: error.message, ...error.details },
          null,
          2,
        ) + '\n'
      );
    default:
      return `${error.status} ${error.title}: ${error.message}\n`;
  }
}

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

/** Error codes of a connection the client closed or reset, of a body cut short, or of writing to it after. */
const CLIENT_GONE_CODES = new Set([
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_STREAM_DESTROYED',
  'ERR_STREAM_WRITE_AFTER_END',
]);

/**
 * Whether an error only says the client went away: it closed the connection (during a download, or
 * while sending its body: a short body), so there is no one to answer. Body readers say it by code
 * (`ECONNRESET` "aborted") or, in body-parser's words, `request.aborted`.
 */
export function clientWentAway(err: unknown, req: Request, res: Response): boolean {
  const e = err as { code?: unknown; type?: unknown } | null;
  if (e?.type === 'request.aborted') return true;
  const gone = req.socket?.destroyed === true || res.destroyed || req.readableAborted;
  return gone || (typeof e?.code === 'string' && CLIENT_GONE_CODES.has(e.code) && !res.writable);
}

/** The one error-handling middleware. Mount it last. */
export function errorHandler(options: ErrorHandlerOptions = {}): ErrorRequestHandler {
  const accepted =
    options.accepted ??
    ((req: Request, offers: readonly string[]) =>
      negotiateMediaType(parseAccept(req.get('accept')), offers)?.mediaType);
  const logError = options.logError ?? ((line: string) => console.error(line));
  return (err, req, res, _next) => {
    if (clientWentAway(err, req, res)) {
      // Not our fault and no one to answer: the access log's one line (status 499 if nothing was
      // sent, "(aborted)") is the record; no stack, no 5xx.
      if (!res.headersSent) res.statusCode = CLIENT_CLOSED;
      if (!res.destroyed) res.destroy();
      return;
    }
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
    const chosen = errorMediaType(req, res, (offers) => accepted(req, offers));
    renderError(error, chosen, options)
      .then(
        (body) => ({ body, mediaType: chosen }),
        async (failure: unknown) => {
          // Not writable in that format (it should always be): say it in plain text, and log why.
          logError(
            `${req.method} ${req.originalUrl.slice(0, 200)}: error body as ${chosen} failed: ${String(failure)}`,
          );
          return { body: await renderError(error, MEDIA_TYPES.text, options), mediaType: MEDIA_TYPES.text };
        },
      )
      .then(({ body, mediaType }) => {
        for (const name of SUCCESS_ONLY_HEADERS) res.removeHeader(name);
        res.status(error.status);
        for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
        res.setHeader('Content-Type', contentType(mediaType));
        res.setHeader('Cache-Control', 'no-store');
        res.vary('Accept');
        if (mediaType === HTML.mediaType)
          res.setHeader(
            'Content-Security-Policy',
            options.contentSecurityPolicy ?? "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
          );
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        res.end(body); // Node drops the body of a HEAD response and keeps its length
      });
  };
}
