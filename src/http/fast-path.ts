// The fast path: whole 200 responses to plain GETs of documents (immutable for a dataset version),
// cached by the request line and what the answer depends on, and answered before Express. Filled by
// sendDocument (resources.ts); conditional, Range and HEAD requests take the normal path.
//
// The key holds the Accept header as sent, of Accept-Language only the interface language it picks
// (what a page depends on), and the Host: the bodies hold no absolute URL of this server, but the
// Memento Link header does when no public URL is configured, so an answer made for one Host is never
// served to another. Requests whose negotiation headers are unusually long skip the fast path rather
// than add keys.
// Keys are weighed with their values, so the cache stays within its bytes whatever clients send.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { LABEL_LANGUAGES } from '../rdf/labels.ts';
import { Lru } from '../store/lru.ts';
import type { AccessLog } from './middleware/access-log.ts';
import { negotiateLanguage } from './negotiate.ts';
import { hostProblem } from './origin.ts';

/** Longest Accept or Accept-Language a cached answer is kept for; longer ones go through the app every time. */
const MAX_KEY_HEADER = 256;

export interface CachedResponse {
  headers: [string, string][];
  body: Buffer;
}

/**
 * What a dereferenced document depends on besides the dataset version: the request target, the Host
 * (checked before, at most 255 characters), Accept and the interface language Accept-Language picks;
 * undefined when the request should not use the cache (no Host, negotiation headers too long or malformed).
 * Requests with conditional or range headers never take the fast path, so they need no place in the key.
 */
export function responseKey(
  url: string,
  headers: { host?: string; accept?: string; 'accept-language'?: string },
): string | undefined {
  // Without a Host (HTTP/1.0) the links name the address the request arrived on, which the key lacks.
  if (!headers.host) return undefined;
  const accept = headers.accept ?? '';
  const languages = headers['accept-language'];
  if (accept.length > MAX_KEY_HEADER || (languages?.length ?? 0) > MAX_KEY_HEADER) return undefined;
  let language: string | undefined;
  try {
    language = negotiateLanguage(languages, LABEL_LANGUAGES);
  } catch {
    return undefined; // malformed: the app answers it
  }
  return `${url}\u0000${(headers.host ?? '').toLowerCase()}\u0000${accept}\u0000${language ?? ''}`;
}

/** A response cache sized in bytes, keys (UTF-16) and headers included. */
export function createResponseCache(maxBytes = 64 * 1024 * 1024): Lru<string, CachedResponse> {
  return new Lru<string, CachedResponse>(
    8192,
    maxBytes,
    (r, key) => r.body.length + 2 * key.length + r.headers.reduce((n, [k, v]) => n + 2 * (k.length + v.length), 64),
  );
}

/**
 * Keep a whole 200 response to a GET (its headers as set, and its bytes) for the fast path. Only for
 * bodies that are immutable for the dataset version; the caller sends `body` itself.
 */
export function rememberResponse(
  responses: Lru<string, CachedResponse>,
  req: Request,
  res: Response,
  body: Buffer,
): void {
  if (req.method !== 'GET') return;
  const headers = Object.entries(res.getHeaders()).map(
    ([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)] as [string, string],
  );
  const key = responseKey(req.originalUrl, req.headers);
  if (key !== undefined) responses.set(key, { headers, body });
}

/** Whether a request may be answered from the cache: a plain GET, nothing conditional, partial or past. */
function isPlainGet(method: string | undefined, h: IncomingHttpHeaders): boolean {
  // Accept-Datetime asks the TimeGate for another version: never the cached current one.
  return (
    method === 'GET' &&
    !h['if-none-match'] &&
    !h['if-modified-since'] &&
    !h.range &&
    !h['if-range'] &&
    !h['accept-datetime']
  );
}

/**
 * Answer a request from the cache if its exact response is there (logged like any other request).
 * Returns false when the request must go through the app.
 */
export function answerFromCache(
  req: IncomingMessage,
  res: ServerResponse,
  responses: Lru<string, CachedResponse>,
  accessLog: AccessLog,
): boolean {
  if (!req.url || !isPlainGet(req.method, req.headers) || hostProblem(req) !== undefined) return false;
  const key = responseKey(req.url, req.headers);
  const hit = key === undefined ? undefined : responses.get(key);
  if (!hit) return false;
  const started = process.hrtime.bigint();
  res.writeHead(200, hit.headers);
  res.end(hit.body);
  accessLog.record(
    'GET',
    req.url,
    200,
    hit.headers.find(([n]) => n === 'content-type')?.[1],
    hit.body.length,
    started,
    true,
  );
  return true;
}
