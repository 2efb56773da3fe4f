// The ontology at /ontology (with format extensions): ontology/ontology.ttl whole if present, else the
// store's ontology graph; HTML: the ontology resource's page.

import { readFile } from 'node:fs/promises';
import type { Quad } from '@rdfjs/types';
import express, { type Request, type Response } from 'express';
import { DataFactory, Parser } from 'n3';
import { ONTOLOGY_IRI } from '../../vocab.ts';
import { describeResource, descriptionOf } from '../describe.ts';
import { HttpError } from '../http-error.ts';
import type { Format } from '../negotiate.ts';
import {
  chooseDocumentFormat,
  documentAt,
  type ResourceContext,
  resourcePage,
  sendDocument,
} from '../send-document.ts';
import { TURTLE } from '../../rdf/formats.ts';

export function createOntologyRouter(ctx: ResourceContext, ontologyFile: string): express.Router {
  const { store, iris } = ctx;
  let ontology: Promise<Quad[]> | undefined;
  const ontologyQuads = (): Promise<Quad[]> =>
    (ontology ??= (async () => {
      try {
        return new Parser({ format: TURTLE.mediaType }).parse(await readFile(ontologyFile, 'utf8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      return store.match(null, null, null, DataFactory.namedNode(iris.graph('ontology')));
    })());

  const sendOntology = async (req: Request, res: Response, extension: Format | undefined): Promise<void> => {
    const chosen = chooseDocumentFormat(req, res, extension);
    const quads = await ontologyQuads();
    if (quads.length === 0)
      throw new HttpError(
        404,
        `No ontology in this dataset (no ${ontologyFile}, empty graph <${iris.graph('ontology')}>)`,
      );
    await sendDocument(req, res, ctx, {
      chosen,
      key: '/ontology',
      resourcePath: '/ontology',
      quads: async () => quads,
      html: async (lang) => {
        const d =
          (await describeResource(store, ONTOLOGY_IRI, { iris })) ??
          descriptionOf(
            ONTOLOGY_IRI,
            quads.filter((q) => q.subject.value === ONTOLOGY_IRI),
          );
        return resourcePage(d, iris, '/ontology', lang);
      },
    });
  };

  const router = express.Router();
  router.use(documentAt('/ontology', sendOntology));
  return router;
}
