// The dumps over HTTP: `/dumps` (redirect), the `/dumps/` listing (HTML or JSON) and each file of
// dist/, pre-compressed gzip when accepted, single byte ranges, strong ETags from each file's SHA-256.

import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import { answerIfNotModified, strongEtag } from '../caching.ts';
import { DistError, streamDistFile, type DistFile, type DistInfo } from '../../dump/read-dist.ts';
import { HttpError, setResponseFormat } from '../http-error.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { acceptsEncoding, negotiateOrThrow } from '../negotiate.ts';
import { contentType, MEDIA_TYPES, TURTLE } from '../../rdf/formats.ts';

/** Cache-Control of dump files and the listing: the bytes change only with a new version, which changes the ETag. */
export const DUMP_CACHE_CONTROL = 'public, max-age=3600';

/** A release's downloads, as the listing shows them (served under /releases/, routes/releases.ts). */
export interface ReleaseDownloads {
  version: string;
  issued: string;
  changes: string;
  url: string;
  files: { name: string; url: string; mediaType: string; size: number; sha256: string }[];
}

export interface DumpsRouterOptions {
  dist: DistInfo;
  /** Every release's files, oldest first, listed after the current dumps. */
  releases?: readonly ReleaseDownloads[];
  /** Renders the /dumps/ listing as HTML. */
  renderListing: (dist: DistInfo, releases: readonly ReleaseDownloads[]) => string;
}

/** `/dumps` (redirect), `/dumps/` (listing, HTML or JSON) and `/dumps/NAME`. */
export function createDumpsRouter({ dist, releases = [], renderListing }: DumpsRouterOptions): Router {
  const router = Router({ strict: true, caseSensitive: true });
  router.use('/dumps', allowMethods(READ_METHODS));
  router.get('/dumps', (_req, res) => {
    res.redirect(301, '/dumps/');
  });
  router.get('/dumps/', (req, res) => {
    const { mediaType } = negotiateOrThrow(req.get('accept'), [MEDIA_TYPES.html, MEDIA_TYPES.json]);
    setResponseFormat(res, mediaType);
    res.vary('Accept');
    const etag = strongEtag(dist.version, JSON.stringify(['/dumps/', mediaType, releases.map((r) => r.version)]));
    if (answerIfNotModified(req, res, { etag, lastModified: dist.modified, cacheControl: DUMP_CACHE_CONTROL })) return;
    res.type(contentType(mediaType));
    if (mediaType === MEDIA_TYPES.html) {
      res.send(renderListing(dist, releases));
    } else {
      res.send(JSON.stringify({ ...listingJson(dist), releases }, null, 2) + '\n');
    }
  });
  router.get('/dumps/:name', async (req, res) => {
    const file = dist.files.find((f) => f.name === req.params.name);
    if (!file) {
      throw new HttpError(
        404,
        `No dump named "${req.params.name}". Available: ${dist.files.map((f) => f.name).join(', ')}`,
      );
    }
    await sendDistFile(req, res, file, dist);
  });
  return router;
}

function listingJson(dist: DistInfo) {
  return {
    version: dist.version,
    modified: dist.modified.toISOString(),
    files: dist.files.map((f) => ({
      name: f.name,
      url: `/dumps/${f.name}`,
      mediaType: f.mediaType,
      size: f.size,
      sha256: f.sha256,
    })),
  };
}

/**
 * Send a dist file (or a release's: `describedBy` is then the release): gzip twin when accepted, 304 on a
 * current validator, 206 for one satisfiable range, 416 otherwise.
 */
export async function sendDistFile(
  req: Request,
  res: Response,
  file: DistFile,
  dist: DistInfo,
  describedBy = '/.well-known/void',
): Promise<void> {
  const gzipped = file.gzip !== undefined && acceptsEncoding(req.get('accept-encoding'), 'gzip');
  const body = gzipped ? file.gzip! : file;
  const etag = `"${body.sha256.slice(0, 32)}"`;
  if (file.gzip) res.vary('Accept-Encoding');
  res.setHeader('Content-Type', contentType(file.mediaType));
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Link', `<${describedBy}>; rel="describedby"; type="${TURTLE.mediaType}"`);
  if (answerIfNotModified(req, res, { etag, lastModified: dist.modified, cacheControl: DUMP_CACHE_CONTROL })) return;

  let start = 0;
  let end = body.size - 1;
  const range = req.get('range');
  if (range !== undefined && rangeApplies(req, etag, dist.modified)) {
    const parsed = parseRange(range, body.size);
    if (parsed === 'unsatisfiable') {
      throw new HttpError(416, `Range "${range}" is outside the ${body.size} bytes of ${body.name}`, {
        headers: { 'Content-Range': `bytes */${body.size}` },
      });
    }
    if (parsed) {
      [start, end] = parsed;
      res.status(206);
      res.setHeader('Content-Range', `bytes ${start}-${end}/${body.size}`);
    }
  }
  res.setHeader('Content-Length', String(Math.max(0, end - start + 1)));
  if (req.method === 'HEAD' || body.size === 0) {
    res.end();
    return;
  }
  let stream: Readable;
  try {
    stream = await streamDistFile(body, start, end);
  } catch (error) {
    if (!(error instanceof DistError)) throw error;
    // The file changed under the server: never send other bytes under these headers.
    throw new HttpError(503, `${body.name} is being replaced; retry after the server restarts`, {
      cause: error,
      headers: { 'Retry-After': '30' },
    });
  }
  await pipeline(stream, res);
}

/** If-Range: the range applies only when the client's validator is current (strong ETag or exact date). */
function rangeApplies(req: Request, etag: string, modified: Date): boolean {
  const ifRange = req.get('if-range');
  if (ifRange === undefined) return true;
  if (ifRange.startsWith('"')) return ifRange === etag;
  const date = Date.parse(ifRange);
  return !Number.isNaN(date) && Math.floor(date / 1000) === Math.floor(modified.getTime() / 1000);
}

/**
 * Parse a Range header for one range (RFC 9110 §14.1.2). Undefined means "ignore it and send the
 * whole file" (not bytes, several ranges, malformed: all allowed by the RFC); 'unsatisfiable' → 416.
 */
export function parseRange(header: string, size: number): [number, number] | 'unsatisfiable' | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return undefined; // invalid range-spec: ignore
  if (start >= size) return 'unsatisfiable';
  return [start, end];
}
