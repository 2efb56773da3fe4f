// Dereferencing: every path not taken by another route is an IRI under the base (or the ontology
// namespace), answered in the negotiated format, or 404 in that format. Mounted last.

import express, { type Request, type Response } from 'express';
import { describeResource, descriptionQuads, type Description } from '../describe.ts';
import { isIriRef } from '../../rdf/terms.ts';
import { HttpError } from '../http-error.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { DOCUMENT_FORMATS } from '../negotiate.ts';
import { iriForPath, pathForIri, type ResourcePath, resourcePathOf } from '../resource-paths.ts';
import type { MementoNotice } from '../pages/resource-view.ts';
import { answerTimeGate, isTimeTravelPath, timeTravelLinks, type TimeTravel } from '../time-travel.ts';
import {
  chooseDocumentFormat,
  documentTag,
  type ResourceContext,
  resourcePage,
  sendDocument,
} from '../send-document.ts';

/**
 * The fallback router: any other path, GET and HEAD. With releases, the entities and graphs are also
 * Original Resources and their own TimeGates (time-travel.ts).
 */
export function createResourcesRouter(ctx: ResourceContext, timeTravel?: TimeTravel): express.Router {
  const router = express.Router();
  router.use(allowMethods(READ_METHODS));
  router.use(async (req, res) => {
    const rp = resourcePathOf(req);
    if (!timeTravel || !isTimeTravelPath(rp.path)) return sendResource(req, res, ctx, rp);
    if (await answerTimeGate(req, res, timeTravel, ctx, rp)) return;
    const links = await timeTravelLinks(req, res, timeTravel, ctx, rp);
    await sendResource(req, res, ctx, rp, { links, notFound: links.length ? { Link: links.join(', ') } : {} });
  });
  return router;
}

/** What a Memento, or a current document with Mementos, adds to a resource's response. */
export interface ResourceExtras {
  /** The documents are a release's copies under this path (`/releases/2026-11-30`). */
  mount?: string;
  /** More Link values (the Memento relations). */
  links?: readonly string[];
  /** More headers (Memento-Datetime). */
  headers?: Readonly<Record<string, string>>;
  /** The page says it is a release's copy. */
  memento?: MementoNotice;
  /** Headers of the 404 when the resource is not there (a Link to its TimeMap). */
  notFound?: Readonly<Record<string, string>>;
  /** Where the resource was looked for, for the 404: `in this dataset` by default. */
  scope?: string;
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
export async function sendResource(
  req: Request,
  res: Response,
  ctx: ResourceContext,
  rp: ResourcePath,
  extras: ResourceExtras = {},
): Promise<void> {
  const chosen = chooseDocumentFormat(req, res, rp.extension);
  const lang = readLangParam(req);
  const iri = iriForPath(rp.path, ctx.iris);
  if (!isIriRef(iri))
    throw new HttpError(404, `${JSON.stringify(rp.path)} is not the path of an IRI this server mints`);
  let description: Description | undefined;
  // Identical requests at once (a burst on a cold cache) describe the resource once.
  const describeOnce = () => describeResource(ctx.store, iri, { iris: ctx.iris, lang });
  const describe = async () =>
    (description ??= await (ctx.descriptions
      ? ctx.descriptions.run(`${iri}\u0000${lang ?? ''}`, describeOnce)
      : describeOnce()));
  // A cached document proves the resource exists: only successful bodies are cached.
  const cached = ctx.documents?.get(documentTag(req, ctx, iri, chosen, lang).etag) !== undefined;
  if (!cached && !(await describe())) {
    const hint = rp.unknownExtension
      ? ` (".${rp.unknownExtension}" is not a format extension; known: ${DOCUMENT_FORMATS.map((f) => f.extension).join(', ')})`
      : '';
    throw new HttpError(404, `No resource <${iri}> ${extras.scope ?? 'in this dataset'}${hint}`, {
      headers: { ...extras.notFound },
    });
  }
  const documentPath = (extras.mount ?? '') + (pathForIri(iri, ctx.iris) ?? rp.path);
  await sendDocument(req, res, ctx, {
    chosen,
    key: iri,
    lang,
    resourcePath: documentPath,
    links: extras.links,
    headers: extras.headers,
    quads: async () => descriptionQuads((await describe())!),
    // The page shows labels in ?lang= (else Accept-Language's pick) and falls back visibly, so it
    // needs every label: it describes the resource unfiltered.
    html: async (htmlLang) =>
      resourcePage(
        lang === undefined ? (await describe())! : (await describeResource(ctx.store, iri, { iris: ctx.iris }))!,
        ctx.iris,
        documentPath,
        lang ?? htmlLang,
        { languageLinks: true, mount: extras.mount, memento: extras.memento },
      ),
  });
}
