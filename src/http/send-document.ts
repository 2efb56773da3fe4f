// Sending a data document, shared by the routes that serve one (resources, dataset, ontology, landing):
// the negotiated format, the strong ETag and 304, Link and Content-Location (docs/publishing.md), and
// the two caches (rendered bodies by ETag, whole responses for the fast path).

import { LABEL_LANGUAGES } from '../rdf/labels.ts';
import { Lru } from '../store/lru.ts';
import { SingleFlight } from '../store/single-flight.ts';
import type { Quad } from '@rdfjs/types';
import type { Request, RequestHandler, Response } from 'express';
import type { Store } from '../store/store.ts';
import type { Iris } from '../vocab.ts';
import { answerIfNotModified, strongEtag } from './caching.ts';
import type { DistInfo } from '../dump/read-dist.ts';
import { type CachedResponse, rememberResponse } from './fast-path.ts';
import { CONTENT_SECURITY_POLICY } from './pages/layout.ts';
import type { AlternateView, MementoNotice } from './pages/resource-view.ts';
import { setResponseFormat } from './http-error.ts';
import { answerMethods, READ_METHODS } from './middleware/cors.ts';
import { pathForIri, resourcePathOf } from './resource-paths.ts';
import { type Description, documentDataset } from './describe.ts';
import { renderResourcePage } from './pages/resource-page.ts';
import { buildResourceView } from './pages/resource-view.ts';
import { chooseFormat, DOCUMENT_FORMATS, type Format, type ChosenFormat, negotiateLanguage } from './negotiate.ts';
import { contentType, HTML, JSON_LD, type RdfFormat } from '../rdf/formats.ts';
import { jsonLdProfileFrom, type JsonLdContext } from '../rdf/jsonld.ts';
import { serializeQuads } from '../rdf/serialize.ts';

/** Cache-Control of data documents: a short freshness, then revalidation with the strong ETag. */
export const DATA_CACHE_CONTROL = 'public, max-age=300, must-revalidate';
export const SPARQL_PATH = '/sparql';

export interface ResourceContext {
  store: Store;
  iris: Iris;
  dist: DistInfo;
  context: JsonLdContext;
  /**
   * Rendered documents by strong ETag. The data is immutable for a dataset version and the ETag names
   * everything a body depends on (version, resource, format, languages, JSON-LD profile), so a hit is
   * served without touching the store. Bounded; absent: no caching.
   */
  documents?: Lru<string, string>;
  /** Renders in flight by ETag, so identical requests on a cold cache render once. */
  renders?: SingleFlight<string, string>;
  /** Descriptions in flight by IRI and language, likewise. */
  descriptions?: SingleFlight<string, Description | undefined>;
  /**
   * Whole 200 responses to plain GETs (headers and bytes) by request line and the headers the answer
   * depends on (see `responseKey`), for the fast path (fast-path.ts) that answers repeats without Express.
   */
  responses?: Lru<string, CachedResponse>;
}

/** A document cache sized in bytes (UTF-16 estimate). */
export function createDocumentCache(maxBytes = 64 * 1024 * 1024): Lru<string, string> {
  return new Lru<string, string>(8192, maxBytes, (body, key) => 2 * (body.length + key.length));
}

/** The strong ETag of a document, and what it was computed from (once per response). */
const tags = new WeakMap<Request, { key: string; tag: ReturnType<typeof computeDocumentTag> }>();
export function documentTag(req: Request, ctx: ResourceContext, key: string, chosen: ChosenFormat, lang?: string) {
  const known = tags.get(req);
  if (known && known.key === key) return known.tag;
  const tag = computeDocumentTag(req, ctx, key, chosen, lang);
  tags.set(req, { key, tag });
  return tag;
}

function computeDocumentTag(req: Request, ctx: ResourceContext, key: string, chosen: ChosenFormat, lang?: string) {
  const { format, range } = chosen;
  const htmlLang = format === HTML ? negotiateLanguage(req.get('accept-language'), LABEL_LANGUAGES) : undefined;
  const profile = format === JSON_LD ? jsonLdProfileFrom(range?.params.profile) : undefined;
  return {
    htmlLang,
    profile,
    etag: strongEtag(ctx.dist.version, JSON.stringify([key, format.mediaType, lang, htmlLang, profile])),
  };
}

/**
 * A route for one document path, with or without a format extension (`/dataset`, `/dataset.ttl`),
 * matched on the decoded path as dereferencing would; GET and HEAD.
 */
export function documentAt(
  path: string,
  send: (req: Request, res: Response, extension: Format | undefined) => Promise<void>,
): RequestHandler {
  return async (req, res, next) => {
    const rp = resourcePathOf(req);
    if (rp.path !== path) return next();
    if (answerMethods(req, res, READ_METHODS)) return;
    await send(req, res, rp.extension);
  };
}

/** Choose the format of a data response from extension, ?format= and Accept; remember it for errors. */
export function chooseDocumentFormat(req: Request, res: Response, extension?: Format): ChosenFormat {
  res.vary('Accept');
  const chosen = chooseFormat(DOCUMENT_FORMATS, {
    accept: req.get('accept'),
    formatParam: req.query.format,
    extension,
  });
  setResponseFormat(res, chosen.format.mediaType);
  return chosen;
}

/**
 * Whether a document in this format keeps the named graphs: N-Quads and TriG do; JSON-LD, which could,
 * merges them as Turtle does, for the triple-minded clients that read it.
 */
export function keepsGraphs(format: Format): boolean {
  return format.kind === 'rdf' && format.dataset && format !== JSON_LD;
}

/** Link header: each alternate format, the describing document, and the SPARQL endpoint. */
export function linkHeader(resourcePath: string, current: Format): string {
  const links = DOCUMENT_FORMATS.map((f) => `<${resourcePath}.${f.extension}>; rel="alternate"; type="${f.mediaType}"`);
  links.push(`<${resourcePath}.${current.extension}>; rel="describedby"; type="${current.mediaType}"`);
  links.push(`<${SPARQL_PATH}>; rel="http://www.w3.org/ns/sparql-service-description#endpoint"`);
  return links.join(', ');
}

export function alternates(resourcePath: string): AlternateView[] {
  return DOCUMENT_FORMATS.map((f) => ({
    label: f.label,
    href: `${resourcePath}.${f.extension}`,
    mediaType: f.mediaType,
  }));
}

/**
 * The HTML page of a described resource whose documents are at `path` (`path.ttl`, …). `languageLinks`:
 * the page links to itself in each interface language. `mount`: the documents are a release's copies
 * under this path (`/releases/2026-11-30`), so links to other entities and graphs stay in that release.
 */
export function resourcePage(
  d: Description,
  iris: Iris,
  path: string,
  lang: string | undefined,
  { languageLinks = false, mount, memento }: { languageLinks?: boolean; mount?: string; memento?: MementoNotice } = {},
): string {
  return renderResourcePage(
    buildResourceView(d, {
      pathFor: (i) => {
        const p = pathForIri(i, iris);
        return mount && p && /^\/(?:id|graph)\//.test(p) ? mount + p : p;
      },
      lang,
      alternates: alternates(path),
      sparqlEndpoint: SPARQL_PATH,
      path: languageLinks ? path : undefined,
      memento,
    }),
  );
}

export interface SendDocumentOptions {
  chosen: ChosenFormat;
  /** Names the representation in the ETag besides format and language (usually the resource path). */
  key: string;
  quads: () => Promise<Quad[]>;
  html: (lang: string | undefined) => Promise<string>;
  /** Path with no extension, for Link and Content-Location; absent for documents without per-format URLs. */
  resourcePath?: string;
  lang?: string;
  /** More Link values (the Memento relations), after the alternates. */
  links?: readonly string[];
  /** More response headers (Memento-Datetime). */
  headers?: Readonly<Record<string, string>>;
}

/** Write a data document in the chosen format with validators, Link, Content-Location and 304 handling. */
export async function sendDocument(
  req: Request,
  res: Response,
  ctx: ResourceContext,
  o: SendDocumentOptions,
): Promise<void> {
  const { format } = o.chosen;
  if (format === HTML) res.vary('Accept-Language');
  const { htmlLang, profile, etag } = documentTag(req, ctx, o.key, o.chosen, o.lang);
  res.setHeader('Content-Type', contentType(format.mediaType));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(o.headers ?? {})) res.setHeader(name, value);
  if (o.resourcePath !== undefined) {
    res.setHeader('Link', [linkHeader(o.resourcePath, format), ...(o.links ?? [])].join(', '));
    if (o.chosen.by !== 'extension') res.setHeader('Content-Location', `${o.resourcePath}.${format.extension}`);
  } else if (o.links?.length) {
    res.setHeader('Link', o.links.join(', '));
  }
  if (format === HTML) res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  if (answerIfNotModified(req, res, { etag, lastModified: ctx.dist.modified, cacheControl: DATA_CACHE_CONTROL }))
    return;
  let body = ctx.documents?.get(etag);
  if (body === undefined) {
    const render = async () => {
      const rendered =
        format === HTML
          ? await o.html(htmlLang)
          : await serializeQuads(
              // A syntax with named graphs carries the document as clients read it (documentDataset).
              keepsGraphs(format) ? documentDataset(await o.quads()) : await o.quads(),
              format as RdfFormat,
              { context: ctx.context, profile, mergeGraphs: !keepsGraphs(format) },
            );
      ctx.documents?.set(etag, rendered);
      return rendered;
    };
    // The same document asked for many times at once is rendered once.
    body = ctx.renders ? await ctx.renders.run(etag, render) : await render();
  }
  const bytes = Buffer.from(body, 'utf8');
  res.setHeader('Content-Length', String(bytes.length));
  if (ctx.responses) rememberResponse(ctx.responses, req, res, bytes);
  res.end(bytes);
}
