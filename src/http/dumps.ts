// The dumps: what the pipeline built into dist/ (DistInfo), the /dumps/ listing and each file,
// pre-compressed gzip when accepted, single byte ranges, strong ETags from each file's SHA-256.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Request, type Response, Router } from 'express';
import { answerIfNotModified } from './caching.ts';
import { HttpError, setResponseFormat } from './http-error.ts';
import { acceptsEncoding, negotiateOrThrow } from './negotiate.ts';

/** One file of dist/, with its pre-compressed twin when `NAME.gz` exists. */
export interface DistFile {
  /** File name inside dist/ (no directories), e.g. `anmc21.ttl`. */
  name: string;
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  mediaType: string;
  gzip?: { name: string; path: string; size: number; sha256: string };
}

/** What the app knows of the built dataset. */
export interface DistInfo {
  dir: string;
  /** Dataset version: from manifest.json `version`, else the first 16 hex of the N-Quads dump's SHA-256. Drives every ETag. */
  version: string;
  /** Last-Modified of every data response: manifest `modified` (or `generated`), else the newest file's mtime. */
  modified: Date;
  /** Every file, including the `.gz` twins as files of their own, sorted by name. */
  files: DistFile[];
}

/** Media types by extension of dist/ files. */
export const DIST_MEDIA_TYPES: Record<string, string> = {
  nq: 'application/n-quads',
  ttl: 'text/turtle',
  nt: 'application/n-triples',
  trig: 'application/trig',
  jsonld: 'application/ld+json',
  rdf: 'application/rdf+xml',
  json: 'application/json',
  gz: 'application/gzip',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
};

/** The N-Quads dump, whose hash is the dataset version when the manifest gives none. */
export const MAIN_DUMP = 'anmc21.nq';

interface Manifest {
  version?: string;
  modified?: string;
  generated?: string;
  files?: { name?: string; path?: string; sha256?: string; size?: number; bytes?: number }[];
}

/**
 * Read dist/: hash every file, pair `X` with `X.gz`, and take version and date from manifest.json.
 * A manifest whose size or SHA-256 for a file disagrees with the bytes on disk is stale: that throws,
 * so the server never advertises checksums it does not serve.
 */
export async function loadDistInfo(dir: string): Promise<DistInfo> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: DistFile[] = [];
  let newest = 0;
  for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    newest = Math.max(newest, info.mtimeMs);
    const ext = entry.name.slice(entry.name.lastIndexOf('.') + 1).toLowerCase();
    files.push({
      name: entry.name,
      path,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mediaType: DIST_MEDIA_TYPES[ext] ?? 'application/octet-stream',
    });
  }
  for (const file of files) {
    const twin = files.find((f) => f.name === `${file.name}.gz`);
    if (twin) file.gzip = { name: twin.name, path: twin.path, size: twin.size, sha256: twin.sha256 };
  }
  let manifest: Manifest = {};
  const manifestFile = files.find((f) => f.name === 'manifest.json');
  if (manifestFile) {
    manifest = JSON.parse(await readFile(manifestFile.path, 'utf8')) as Manifest;
    for (const listed of manifest.files ?? []) {
      const name = (listed.name ?? listed.path ?? '').split('/').pop()!;
      const actual = files.find((f) => f.name === name);
      if (!actual) throw new Error(`${manifestFile.path}: lists ${name}, which is not in ${dir}`);
      if (listed.sha256 !== undefined && listed.sha256.toLowerCase() !== actual.sha256) {
        throw new Error(
          `${manifestFile.path}: SHA-256 of ${name} is ${actual.sha256}, the manifest says ${listed.sha256} (stale manifest?)`,
        );
      }
      const listedSize = listed.bytes ?? listed.size;
      if (listedSize !== undefined && listedSize !== actual.size) {
        throw new Error(`${manifestFile.path}: ${name} has ${actual.size} bytes, the manifest says ${listedSize}`);
      }
    }
  }
  const main = files.find((f) => f.name === MAIN_DUMP);
  const version = manifest.version ?? main?.sha256.slice(0, 16);
  if (!version) throw new Error(`${dir}: no manifest.json version and no ${MAIN_DUMP} to derive one from`);
  if (!/^[\w.+-]+$/.test(version))
    throw new Error(`Dataset version must be a token usable in an ETag, got ${JSON.stringify(version)}`);
  const stated = manifest.modified ?? manifest.generated;
  const modified =
    stated !== undefined && !Number.isNaN(Date.parse(stated)) ? new Date(stated) : new Date(newest || Date.now());
  return { dir, version, modified, files };
}

/** Cache-Control of dump files and the listing: the bytes change only with a new version, which changes the ETag. */
export const DUMP_CACHE_CONTROL = 'public, max-age=3600';

export interface DumpsRouterOptions {
  dist: DistInfo;
  /** Renders the /dumps/ listing as HTML. */
  renderListing: (dist: DistInfo) => string;
}

/** `/dumps` (redirect), `/dumps/` (listing, HTML or JSON) and `/dumps/NAME`. */
export function createDumpsRouter({ dist, renderListing }: DumpsRouterOptions): Router {
  const router = Router({ strict: true, caseSensitive: true });
  router.get('/dumps', (_req, res) => {
    res.redirect(301, '/dumps/');
  });
  router.get('/dumps/', (req, res) => {
    const { mediaType } = negotiateOrThrow(req.get('accept'), ['text/html', 'application/json']);
    setResponseFormat(res, mediaType);
    res.vary('Accept');
    const etag = `"${dist.version}-dumps-${mediaType === 'text/html' ? 'html' : 'json'}"`;
    if (answerIfNotModified(req, res, { etag, lastModified: dist.modified, cacheControl: DUMP_CACHE_CONTROL })) return;
    if (mediaType === 'text/html') {
      res.type('text/html; charset=utf-8').send(renderListing(dist));
    } else {
      res.type('application/json; charset=utf-8').send(JSON.stringify(listingJson(dist), null, 2) + '\n');
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

/** Send a dist file: gzip twin when accepted, 304 on a current validator, 206 for one satisfiable range, 416 otherwise. */
async function sendDistFile(req: Request, res: Response, file: DistFile, dist: DistInfo): Promise<void> {
  const gzipped = file.gzip !== undefined && acceptsEncoding(req.get('accept-encoding'), 'gzip');
  const body = gzipped ? file.gzip! : file;
  const etag = `"${body.sha256.slice(0, 32)}"`;
  if (file.gzip) res.vary('Accept-Encoding');
  res.setHeader(
    'Content-Type',
    /^text\/|\+xml$|\/(ld\+)?json$|n-quads|n-triples|trig/.test(file.mediaType)
      ? `${file.mediaType}; charset=utf-8`
      : file.mediaType,
  );
  if (gzipped) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Accept-Ranges', 'bytes');
  res.setHeader('Link', '</.well-known/void>; rel="describedby"; type="text/turtle"');
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
  await pipeline(createReadStream(body.path, { start, end }), res);
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
