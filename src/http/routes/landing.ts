// The landing page at `/`: for people, the timeline, map and members (pages/landing.ts); for data
// clients, the dataset description (the RDF of `/` is the VoID graph).

import express from 'express';
import { renderLandingPage } from '../pages/landing.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { readLandingData, type LandingData } from '../pages/landing-data.ts';
import { uiLanguage } from '../pages/layout.ts';
import { asiaOutline } from '../pages/map-projection.ts';
import { pathForIri } from '../resource-paths.ts';
import { alternates, chooseDocumentFormat, type ResourceContext, sendDocument } from '../send-document.ts';
import type { DatasetDescription } from './dataset.ts';

export function createLandingRouter(ctx: ResourceContext, description: DatasetDescription): express.Router {
  const { store, iris, dist } = ctx;
  // Landing pictures: read once (the store does not change while the app runs); a failure is retried.
  let landing: Promise<LandingData> | undefined;
  const landingData = () =>
    (landing ??= readLandingData(store).catch((err: unknown) => {
      landing = undefined;
      throw err;
    }));

  const router = express.Router();
  router.all('/', allowMethods(READ_METHODS));
  router.get('/', async (req, res) => {
    const chosen = chooseDocumentFormat(req, res);
    const langParam = uiLanguage(typeof req.query.lang === 'string' ? req.query.lang : undefined);
    await sendDocument(req, res, ctx, {
      chosen,
      key: langParam ? `/?lang=${langParam}` : '/',
      quads: description.quads,
      html: async (htmlLang) => {
        const f = await description.facts();
        return renderLandingPage({
          lang: langParam ?? uiLanguage(htmlLang) ?? 'en',
          data: await landingData(),
          outline: await asiaOutline(),
          pathFor: (iri) => pathForIri(iri, iris),
          title: 'ANMC21 (亞洲主要都市網) linked data',
          description:
            'The Asian Network of Major Cities 21 as traceable linked data: every fact links to the quote or reference it comes from.',
          version: dist.version,
          triples: f.total,
          examples: f.examples.map((iri) => ({
            iri,
            href: pathForIri(iri, iris) ?? iri,
            label: iri.slice(iris.base.length),
          })),
          dumps: dist.files.map((file) => ({ name: file.name, href: `/dumps/${file.name}`, size: file.size })),
          alternates: alternates('/dataset'),
        });
      },
    });
  });
  return router;
}
