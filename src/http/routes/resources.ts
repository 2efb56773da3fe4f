// Dereferencing: every path not taken by another route is an IRI under the base (or the ontology
// namespace), answered in the negotiated format, or 404 in that format. Mounted last.

import express, { type Request, type Response } from 'express';
import { describeResource, descriptionQuads, type Description } from '../describe.ts';
import { isIriRef } from '../../rdf/terms.ts';
import { HttpError } from '../http-error.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { DOCUMENT_FORMATS } from '../negotiate.ts';
import { iriForPath, pathForIri, type ResourcePath, resourcePathOf } from '../resource-paths.ts';
import {
  chooseDocumentFormat,
  documentTag,
  type ResourceContext,
  resourcePage,
  sendDocument,
} from '../send-document.ts';

/** The fallback router: any other path, GET and HEAD. */
export function createResourcesRouter(ctx: ResourceContext): express.Router {
  const router = express.Router();
  router.use(allowMethods(READ_METHODS));
  router.use((req, res) => sendResource(req, res, ctx, resourcePathOf(req)));
  return router;
}

/** `?lang=` must be a language tag; it filters labels (and only labels) in every format. */
function readLangParam(req: Request): string | undefined {
  const lang = req.query.lang;
  if (lang === undefined) return undefined;
  if (typeof lang !== 'string' || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(lang)) {
    throw new HttpError(400, `The lang parameter must be one language tag such as "en" or "zh-Hant"`);
  }
  return lang;
}

/** Dereference one resource path (already decoded and split). 404 in the negotiated format when the store knows nothing of it. */
export async function sendResource(req: Request, res: Response, ctx: ResourceContext, rp: ResourcePath): Promise<void> {
  const chosen = chooseDocumentFormat(req, res, rp.extension);
  const lang = readLangParam(req);
  const iri = iriForPath(rp.path, ctx.iris);
  if (!isIriRef(iri))
    throw new HttpError(404, `${JSON.stringify(rp.path)} is not the path of an IRI this server mints`);
  let description: Description | undefined;
  const describe = async () => (description ??= await describeResource(ctx.store, iri, { iris: ctx.iris, lang }));
  // A cached document proves the resource exists: only successful bodies are cached.
  const cached = ctx.documents?.get(documentTag(req, ctx, iri, chosen, lang).etag) !== undefined;
  if (!cached && !(await describe())) {
    const hint = rp.unknownExtension
      ? ` (".${rp.unknownExtension}" is not a format extension; known: ${DOCUMENT_FORMATS.map((f) => f.extension).join(', ')})`
      : '';
    throw new HttpError(404, `No resource <${iri}> in this dataset${hint}`);
  }
  await sendDocument(req, res, ctx, {
    chosen,
    key: iri,
    lang,
    resourcePath: pathForIri(iri, ctx.iris) ?? rp.path,
    quads: async () => descriptionQuads((await describe())!),
    // The page shows labels in ?lang= (else Accept-Language's pick) and falls back visibly, so it
    // needs every label: it describes the resource unfiltered.
    html: async (htmlLang) =>
      resourcePage(
        lang === undefined ? (await describe())! : (await describeResource(ctx.store, iri, { iris: ctx.iris }))!,
        ctx.iris,
        pathForIri(iri, ctx.iris) ?? rp.path,
        lang ?? htmlLang,
        { languageLinks: true },
      ),
  });
}
