// The fast path: whole 200 responses to plain GETs of documents (immutable for a dataset version),
// cached by the request line and the headers the answer depends on, and answered before Express.
// Filled by sendDocument (resources.ts); conditional, Range and HEAD requests take the normal path.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { Lru } from '../store/lru.ts';
import type { AccessLog } from './middleware/access-log.ts';

export interface CachedResponse {
  headers: [string, string][];
  body: Buffer;
}

/**
 * What a dereferenced document depends on besides the dataset version: the request target, the
 * negotiation headers and the host (absolute links). Requests with conditional or range headers never
 * take the fast path, so they need no place in the key.
 */
export function responseKey(
  url: string,
  headers: { accept?: string; 'accept-language'?: string; host?: string },
): string {
  return `${url}\u0000${headers.accept ?? ''}\u0000${headers['accept-language'] ?? ''}\u0000${headers.host ?? ''}`;
}

/** A response cache sized in bytes. */
export function createResponseCache(maxBytes = 64 * 1024 * 1024): Lru<string, CachedResponse> {
  return new Lru<string, CachedResponse>(8192, maxBytes, (r) => r.body.length + 512);
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
  responses.set(responseKey(req.originalUrl, req.headers), { headers, body });
}

/** Whether a request may be answered from the cache: a plain GET, nothing conditional or partial. */
function isPlainGet(method: string | undefined, h: IncomingHttpHeaders): boolean {
  return method === 'GET' && !h['if-none-match'] && !h['if-modified-since'] && !h.range && !h['if-range'];
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
  if (!req.url || !isPlainGet(req.method, req.headers)) return false;
  const hit = responses.get(responseKey(req.url, req.headers));
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
