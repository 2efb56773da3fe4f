// The article at /source, line by line, linked both ways with the graph (HTML only: the data is
// /id/source/article); `?quote=line-column-endColumn` highlights one quote.

import { readFile } from 'node:fs/promises';
import express from 'express';
import { LABEL_LANGUAGES } from '../../rdf/labels.ts';
import { answerIfNotModified, strongEtag } from '../caching.ts';
import { HttpError } from '../http-error.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { negotiateLanguage } from '../negotiate.ts';
import { CONTENT_SECURITY_POLICY, uiLanguage } from '../pages/layout.ts';
import {
  parseQuoteParam,
  readSourceIndex,
  renderSourcePage,
  resolveHighlight,
  type SourceIndex,
} from '../pages/source.ts';
import { pathForIri } from '../resource-paths.ts';
import { DATA_CACHE_CONTROL, type ResourceContext } from '../send-document.ts';
import { contentType, HTML } from '../../rdf/formats.ts';

export function createSourceRouter(ctx: ResourceContext, sourceFile: string): express.Router {
  const { store, iris, dist } = ctx;
  // The source index: read once (the store does not change while the app runs); a failure is retried.
  let sourceIndex: Promise<SourceIndex> | undefined;
  const readSource = () =>
    (sourceIndex ??= readSourceIndex(store, iris).catch((err: unknown) => {
      sourceIndex = undefined;
      throw err;
    }));

  const router = express.Router();
  router.all('/source', allowMethods(READ_METHODS));
  router.get('/source', async (req, res) => {
    const langParam = uiLanguage(typeof req.query.lang === 'string' ? req.query.lang : undefined);
    const lang = langParam ?? uiLanguage(negotiateLanguage(req.get('accept-language'), LABEL_LANGUAGES)) ?? 'en';
    const quote = parseQuoteParam(req.query.quote);
    if (req.query.quote !== undefined && !quote)
      throw new HttpError(400, 'The quote parameter must be line-column-endColumn, e.g. 72-105-107');
    res.vary('Accept-Language');
    res.setHeader('Content-Type', contentType(HTML.mediaType));
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    const etag = strongEtag(dist.version, JSON.stringify(['/source', lang, quote ?? null]));
    if (answerIfNotModified(req, res, { etag, lastModified: dist.modified, cacheControl: DATA_CACHE_CONTROL })) return;
    let text: string;
    try {
      text = await readFile(sourceFile, 'utf8');
    } catch (err) {
      throw new HttpError(404, 'The source article is not available on this server', { cause: err });
    }
    const index = await readSource();
    const body = renderSourcePage({
      text,
      index,
      lang,
      highlight: quote && resolveHighlight(index, quote),
      pathFor: (iri) => pathForIri(iri, iris) ?? iri,
      sourceName: 'zh.wikipedia.org: 亞洲主要都市網',
    });
    res.setHeader('Content-Length', String(Buffer.byteLength(body)));
    res.end(body);
  });
  return router;
}
