// The dataset description (VoID + DCAT, see well-known.ts) at /.well-known/void and at the dataset's
// own IRI /dataset (with format extensions), and the JSON-LD context at /context.jsonld.

import type { Quad } from '@rdfjs/types';
import express, { type Request, type Response } from 'express';
import type { Store } from '../../store/store.ts';
import type { Iris } from '../../vocab.ts';
import { answerIfNotModified, strongEtag } from '../caching.ts';
import { descriptionOf } from '../describe.ts';
import type { DistInfo } from '../../dump/read-dist.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import type { Format } from '../negotiate.ts';
import type { JsonLdContext } from '../../rdf/jsonld.ts';
import {
  chooseDocumentFormat,
  documentAt,
  type ResourceContext,
  resourcePage,
  sendDocument,
} from '../send-document.ts';
import { type DatasetFacts, loadVoid, readDatasetFacts } from '../well-known.ts';
import { contentType, JSON_LD } from '../../rdf/formats.ts';

/** The dataset's counts and examples, and its VoID graph: read once (the store does not change while the app runs). */
export interface DatasetDescription {
  facts(): Promise<DatasetFacts>;
  quads(): Promise<Quad[]>;
}

/**
 * `releases`: the releases' descriptions (each release's VoID, and the dataset's dcat:hasVersion), added
 * to the dataset's own.
 */
export function createDatasetDescription(
  store: Store,
  iris: Iris,
  dist: DistInfo,
  releases?: () => Promise<Quad[]>,
): DatasetDescription {
  let facts: Promise<DatasetFacts> | undefined;
  let quads: Promise<Quad[]> | undefined;
  const description: DatasetDescription = {
    facts: () => (facts ??= readDatasetFacts(store, iris)),
    quads: () =>
      (quads ??= Promise.all([loadVoid({ iris, dist, store }), releases?.() ?? []]).then(([own, versions]) => [
        ...own,
        ...versions,
      ])),
  };
  return description;
}

export function createDatasetRouter(
  ctx: ResourceContext,
  description: DatasetDescription,
  context: JsonLdContext,
): express.Router {
  const { iris, dist } = ctx;
  const router = express.Router();

  const sendVoid = async (req: Request, res: Response, extension?: Format) => {
    const chosen = chooseDocumentFormat(req, res, extension);
    await sendDocument(req, res, ctx, {
      chosen,
      key: '/dataset',
      resourcePath: '/dataset',
      quads: description.quads,
      html: async (lang) =>
        resourcePage(descriptionOf(iris.dataset, await description.quads()), iris, '/dataset', lang),
    });
  };

  router.all(['/.well-known/void', '/context.jsonld'], allowMethods(READ_METHODS));
  router.get('/.well-known/void', (req, res) => sendVoid(req, res));
  router.use(documentAt('/dataset', sendVoid));

  router.get('/context.jsonld', (req, res) => {
    res.setHeader('Content-Type', contentType(JSON_LD.mediaType));
    if (
      answerIfNotModified(req, res, {
        etag: strongEtag(dist.version, '/context.jsonld'),
        lastModified: dist.modified,
        cacheControl: 'public, max-age=3600',
      })
    )
      return;
    res.send(JSON.stringify({ '@context': context }, null, 2) + '\n');
  });
  return router;
}
