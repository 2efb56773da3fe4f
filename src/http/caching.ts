// HTTP validators, written once for every route: strong ETags, Last-Modified, Cache-Control and the
// 304 decision (RFC 9110 §13). Data documents, pages, dumps, assets and SPARQL results all use it.

import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A strong ETag for one representation of one dataset version: `version` (so a new dataset changes
 * every tag) and a hash of `key`, which names everything else the body depends on (path, format,
 * languages, query…).
 */
export function strongEtag(version: string, key: string): string {
  return `"${version}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}"`;
}

export interface Validators {
  etag: string;
  /** Last-Modified, for clients that revalidate by date; absent where only the tag is meaningful. */
  lastModified?: Date;
  /** Cache-Control for the route, e.g. `public, max-age=300`; absent: none set. */
  cacheControl?: string;
}

/** Set ETag, and Last-Modified and Cache-Control when given. */
export function setValidators(res: ServerResponse, v: Validators): void {
  res.setHeader('ETag', v.etag);
  if (v.lastModified) res.setHeader('Last-Modified', v.lastModified.toUTCString());
  if (v.cacheControl) res.setHeader('Cache-Control', v.cacheControl);
}

/**
 * Whether a GET/HEAD can be answered 304. If-None-Match takes precedence over If-Modified-Since
 * (RFC 9110 §13.2.2); If-None-Match uses weak comparison, so `W/"x"` matches `"x"`.
 */
export function isNotModified(req: IncomingMessage, etag: string, lastModified?: Date): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const opaque = etag.replace(/^W\//, '');
    return inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
  }
  const ims = req.headers['if-modified-since'];
  if (ims !== undefined && lastModified) {
    const since = Date.parse(ims);
    // HTTP dates have 1 s resolution.
    if (!Number.isNaN(since)) return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

/** Set validators and, when the client's copy is current, answer 304 (no body). Returns true when answered. */
export function answerIfNotModified(req: IncomingMessage, res: ServerResponse, v: Validators): boolean {
  setValidators(res, v);
  if (!isNotModified(req, v.etag, v.lastModified)) return false;
  res.statusCode = 304;
  res.end();
  return true;
}
