// Static assets of the HTML pages under /assets: our stylesheet and two small scripts, and the YASGUI
// bundle from node_modules (no CDN). Only the files listed here are served; each is read once, with
// a content-hash ETag, a day of caching and a gzip variant for clients that accept it.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import express, { type Request, type Response } from 'express';
import { answerIfNotModified } from '../caching.ts';
import { acceptsEncoding } from '../negotiate.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { contentType, MEDIA_TYPES } from '../../rdf/formats.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const yasguiDir = () => join(dirname(require.resolve('@zazuko/yasgui/package.json')), 'build');

/** URL path → file and media type. */
const ASSETS: Record<string, { file: () => string; type: string }> = {
  '/assets/site.css': { file: () => join(here, '../pages/assets/site.css'), type: contentType(MEDIA_TYPES.css) },
  '/assets/site.js': { file: () => join(here, '../pages/assets/site.js'), type: contentType(MEDIA_TYPES.javascript) },
  '/assets/query-editor.js': {
    file: () => join(here, '../pages/assets/query-editor.js'),
    type: contentType(MEDIA_TYPES.javascript),
  },
  '/assets/yasgui/yasgui.min.js': {
    file: () => join(yasguiDir(), 'yasgui.min.js'),
    type: contentType(MEDIA_TYPES.javascript),
  },
  '/assets/yasgui/yasgui.min.css': {
    file: () => join(yasguiDir(), 'yasgui.min.css'),
    type: contentType(MEDIA_TYPES.css),
  },
};

export const ASSET_CACHE_CONTROL = 'public, max-age=86400';

interface Loaded {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

/** The /assets router. */
export function createAssetsRouter(): express.Router {
  const loaded = new Map<string, Promise<Loaded>>();
  const load = (path: string): Promise<Loaded> => {
    let p = loaded.get(path);
    if (!p) {
      p = readFile(ASSETS[path].file()).then((body) => ({
        body,
        gzip: gzipSync(body, { level: 9 }),
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      }));
      p.catch(() => loaded.delete(path)); // a failed read is not cached
      loaded.set(path, p);
    }
    return p;
  };
  const router = express.Router();
  router.all(Object.keys(ASSETS), allowMethods(READ_METHODS));
  router.get(Object.keys(ASSETS), async (req: Request, res: Response) => {
    const asset = await load(req.path);
    res.setHeader('Content-Type', ASSETS[req.path].type);
    res.vary('Accept-Encoding');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Each encoding is its own representation, so it has its own strong tag.
    const gzip = acceptsEncoding(req.get('accept-encoding'), 'gzip');
    const etag = gzip ? asset.etag.replace(/"$/, '-gz"') : asset.etag;
    if (answerIfNotModified(req, res, { etag, cacheControl: ASSET_CACHE_CONTROL })) return;
    const body = gzip ? asset.gzip : asset.body;
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', String(body.length));
    res.end(body);
  });
  return router;
}
