// The releases over HTTP (docs/releases.md): `/releases/` (every release), `/releases/{v}` (one release:
// its VoID, as any document), `/releases/{v}/{file}` (its files, with their checksums), the Mementos
// `/releases/{v}/id/…` and `/releases/{v}/graph/…` (each release's documents, negotiated like the current
// ones), `/releases/{A}/diff/{B}` (the changeset: a page, RDF, or RDF Patch) and the TimeMaps
// `/timemap/id/…`. The current documents' TimeGate is time-travel.ts.

import type { Quad } from '@rdfjs/types';
import express, { type Request, type Response } from 'express';
import { Parser } from 'n3';
import { releaseIri } from '../../dump/describe-dataset.ts';
import { contentType, HTML, MEDIA_TYPES, RDF_PATCH, TURTLE, type Format, type RdfFormat } from '../../rdf/formats.ts';
import { serializeQuads } from '../../rdf/serialize.ts';
import { changesetIri, changesetQuads, writeRdfPatch } from '../../release/changeset.ts';
import { compareQuads, type Comparison } from '../../release/compare.ts';
import { RELEASE_VOID, type Release } from '../../release/releases.ts';
import { answerIfNotModified, strongEtag } from '../caching.ts';
import { descriptionOf } from '../describe.ts';
import { HttpError, setResponseFormat } from '../http-error.ts';
import { httpDate, mementoLinkValues, writeLinkFormatTimeMap } from '../memento.ts';
import { allowMethods, READ_METHODS } from '../middleware/cors.ts';
import { chooseFormat, DOCUMENT_FORMATS, negotiateOrThrow } from '../negotiate.ts';
import { renderDiffPage, renderReleasesPage, renderTimeMapPage } from '../pages/releases-pages.ts';
import { iriForPath, splitExtension, type ResourcePath } from '../resource-paths.ts';
import {
  chooseDocumentFormat,
  DATA_CACHE_CONTROL,
  resourcePage,
  sendDocument,
  type ResourceContext,
} from '../send-document.ts';
import {
  documentPath,
  isTimeTravelPath,
  mementoLinks,
  originOf,
  readReleaseFile,
  type TimeTravel,
} from '../time-travel.ts';
import { DUMP_CACHE_CONTROL, sendDistFile } from './dumps.ts';
import { sendResource } from './resources.ts';

export interface ReleasesRouterOptions {
  /** The app's context of the current documents (base, JSON-LD context, caches). */
  ctx: ResourceContext;
  timeTravel: TimeTravel;
}

/** At most this many diffs computed at once, and waiting: each takes the main thread for a few hundred ms. */
const DIFF_QUEUE = 4;

/** `/releases…` and `/timemap/…`. */
export function createReleasesRouter({ ctx, timeTravel: tt }: ReleasesRouterOptions): express.Router {
  const router = express.Router({ strict: true, caseSensitive: true });
  const { archive } = tt;
  const comparisons = new Map<string, Promise<Comparison>>();
  let diffing = 0;

  router.use(['/releases', '/timemap'], allowMethods(READ_METHODS));
  router.get('/releases', (_req, res) => res.redirect(301, '/releases/'));
  router.get('/releases/', (req, res) => {
    const { mediaType } = negotiateOrThrow(req.get('accept'), [MEDIA_TYPES.html, MEDIA_TYPES.json]);
    setResponseFormat(res, mediaType);
    res.vary('Accept');
    const latest = archive.releases.at(-1)?.manifest.version ?? 'none';
    const etag = strongEtag(latest, JSON.stringify(['/releases/', mediaType]));
    if (
      answerIfNotModified(req, res, {
        etag,
        lastModified: archive.releases.at(-1)?.issued,
        cacheControl: DUMP_CACHE_CONTROL,
      })
    )
      return;
    res.type(contentType(mediaType));
    res.send(
      mediaType === MEDIA_TYPES.html
        ? renderReleasesPage(listing(tt))
        : JSON.stringify({ releases: listing(tt) }, null, 2) + '\n',
    );
  });

  // Everything under /releases/{version}: the version is the first segment, `.ext` aside.
  router.use('/releases/', async (req, res, next) => {
    const rest = decodeURIComponent(req.path).slice(1);
    const slash = rest.indexOf('/');
    const head = slash < 0 ? rest : rest.slice(0, slash);
    const tail = slash < 0 ? '' : rest.slice(slash);
    if (head === '') return next();
    if (slash < 0) {
      // /releases/{v} or /releases/{v}.{ext}: the release, described by its VoID.
      const { release, extension } = releaseAndExtension(head);
      return sendReleaseDescription(req, res, release, extension);
    }
    const release = findOrThrow(head);
    if (isTimeTravelPath(tail)) return sendMemento(req, res, release, splitExtension(tail));
    const diff = /^\/diff\/([^/]+)$/.exec(tail);
    if (diff) return sendDiff(req, res, release, diff[1]!);
    const file = /^\/([^/]+)$/.exec(tail);
    if (file) {
      const dist = tt.downloads.get(release.manifest.version)!;
      const found = dist.files.find((f) => f.name === file[1]);
      if (!found)
        throw new HttpError(
          404,
          `Release ${release.manifest.version} has no file "${file[1]!.slice(0, 100)}". Its files: ${dist.files.map((f) => f.name).join(', ')}`,
        );
      return sendDistFile(req, res, found, dist, `/releases/${release.manifest.version}`);
    }
    throw new HttpError(
      404,
      `Nothing at ${JSON.stringify(req.path.slice(0, 200))}: a release has its files, /id/… and /graph/… mementos and /diff/{version}`,
    );
  });

  router.get('/timemap/*rest', async (req, res) => {
    const rp = splitExtension(decodeURIComponent(req.path).slice('/timemap'.length));
    if (!isTimeTravelPath(rp.path)) throw new HttpError(404, 'TimeMaps exist for the resources under /id/ and /graph/');
    const iri = iriForPath(rp.path, ctx.iris);
    const origin = originOf(req, tt);
    const links = await mementoLinks(tt, origin, iri, documentPath(iri, rp, ctx));
    if (!links) throw new HttpError(404, `No release describes <${iri}>: it has no TimeMap`);
    const { mediaType } = negotiateOrThrow(req.get('accept'), [MEDIA_TYPES.linkFormat, MEDIA_TYPES.html]);
    setResponseFormat(res, mediaType === MEDIA_TYPES.linkFormat ? MEDIA_TYPES.text : mediaType);
    res.vary('Accept');
    const etag = strongEtag(archive.releases.at(-1)!.manifest.version, JSON.stringify([req.path, mediaType, origin]));
    if (
      answerIfNotModified(req, res, {
        etag,
        lastModified: archive.releases.at(-1)!.issued,
        cacheControl: DATA_CACHE_CONTROL,
      })
    )
      return;
    res.setHeader('Content-Type', contentType(mediaType));
    if (mediaType === MEDIA_TYPES.html) {
      const releases = await archive.mementosOf(iri);
      res.send(renderTimeMapPage({ iri, links, releases: releases.map((r) => r.manifest) }));
    } else {
      res.send(writeLinkFormatTimeMap(links));
    }
  });

  function findOrThrow(version: string): Release {
    const release = archive.find(version);
    if (!release) {
      throw new HttpError(
        404,
        `No release ${JSON.stringify(version.slice(0, 40))}. Releases: ${archive.releases.map((r) => r.manifest.version).join(', ') || 'none yet'}`,
      );
    }
    return release;
  }

  /**
   * `2026-11-30.2` is a version; `2026-11-30.ttl` is a version and a format extension (a document
   * format, or for a changeset RDF Patch's `rdfp`).
   */
  function releaseAndExtension(
    segment: string,
    formats: readonly Format[] = DOCUMENT_FORMATS,
  ): { release: Release; extension?: Format } {
    const known = archive.find(segment);
    if (known) return { release: known };
    const dot = segment.lastIndexOf('.');
    const extension = dot < 0 ? undefined : formats.find((f) => f.extension === segment.slice(dot + 1).toLowerCase());
    return extension ? { release: findOrThrow(segment.slice(0, dot)), extension } : { release: findOrThrow(segment) };
  }

  /** The context of one release's documents: its store (loaded on first use), its version in every ETag. */
  async function releaseContext(release: Release): Promise<ResourceContext> {
    return { ...ctx, store: await archive.store(release), dist: tt.downloads.get(release.manifest.version)! };
  }

  async function sendReleaseDescription(req: Request, res: Response, release: Release, extension?: Format) {
    const quads = async (): Promise<Quad[]> =>
      new Parser({ format: TURTLE.mediaType, baseIRI: ctx.iris.base }).parse(
        (await readReleaseFile(tt, release.manifest.version, RELEASE_VOID)).toString('utf8'),
      );
    const at = `/releases/${release.manifest.version}`;
    const iri = releaseIri(ctx.iris.base, release.manifest.version);
    await sendDocument(
      req,
      res,
      { ...ctx, dist: tt.downloads.get(release.manifest.version)! },
      {
        chosen: chooseDocumentFormat(req, res, extension),
        key: at,
        resourcePath: at,
        quads,
        html: async (lang) => resourcePage(descriptionOf(iri, await quads()), ctx.iris, at, lang),
      },
    );
  }

  async function sendMemento(req: Request, res: Response, release: Release, rp: ResourcePath) {
    const releaseCtx = await releaseContext(release);
    const iri = iriForPath(rp.path, ctx.iris);
    const mount = `/releases/${release.manifest.version}`;
    const origin = originOf(req, tt);
    const links = await mementoLinks(tt, origin, iri, documentPath(iri, rp, ctx));
    const current = { url: `${origin}${mount}${documentPath(iri, rp, ctx)}`, datetime: release.issued };
    await sendResource(req, res, releaseCtx, rp, {
      mount,
      headers: { 'Memento-Datetime': httpDate(release.issued) },
      links: links ? mementoLinkValues(links, current) : [],
      memento: {
        version: release.manifest.version,
        issued: release.manifest.issued,
        original: documentPath(iri, rp, ctx),
      },
      notFound: links ? { Link: mementoLinkValues(links).join(', ') } : {},
      scope: `in release ${release.manifest.version}`,
    });
  }

  async function sendDiff(req: Request, res: Response, from: Release, target: string) {
    const formats: readonly Format[] = [...DOCUMENT_FORMATS, RDF_PATCH];
    const { release: to, extension } = releaseAndExtension(target, formats);
    res.vary('Accept');
    const chosen = chooseFormat(formats, { accept: req.get('accept'), formatParam: req.query.format, extension });
    setResponseFormat(res, chosen.format === RDF_PATCH ? MEDIA_TYPES.text : chosen.format.mediaType);
    const [a, b] = [from.manifest.version, to.manifest.version];
    const at = `/releases/${a}/diff/${b}`;
    // Both releases are immutable: the pair names the changeset; the format and page language the body.
    const etag = strongEtag(`${a}_${b}`, JSON.stringify([chosen.format.mediaType, req.get('accept-language') ?? '']));
    res.setHeader('Content-Type', contentType(chosen.format.mediaType));
    res.setHeader(
      'Link',
      formats
        .filter((f) => f !== chosen.format)
        .map((f) => `<${at}.${f.extension}>; rel="alternate"; type="${f.mediaType}"`)
        .join(', '),
    );
    if (chosen.by !== 'extension') res.setHeader('Content-Location', `${at}.${chosen.format.extension}`);
    if (chosen.format === HTML) res.vary('Accept-Language');
    if (answerIfNotModified(req, res, { etag, lastModified: to.issued, cacheControl: DATA_CACHE_CONTROL })) return;
    const comparison = await compare(from, to);
    const iri = changesetIri(ctx.iris.base, a, b);
    let body: string;
    if (chosen.format === RDF_PATCH) {
      const follows = to.manifest.previousVersion === a && from.manifest.previousVersion;
      body = writeRdfPatch(comparison.changeset, {
        id: iri,
        ...(follows ? { prev: changesetIri(ctx.iris.base, from.manifest.previousVersion!, a) } : {}),
      });
    } else if (chosen.format === HTML) {
      body = renderDiffPage({
        from: from.manifest,
        to: to.manifest,
        summary: comparison.summary,
        base: ctx.iris.base,
        path: at,
        between: between(from, to),
      });
    } else {
      const quads = changesetQuads(comparison.changeset, {
        iri,
        dataset: ctx.iris.dataset,
        from: releaseIri(ctx.iris.base, a),
        to: releaseIri(ctx.iris.base, b),
        created: to.manifest.issued,
        ...(to.manifest.previousVersion === a ? { reason: to.manifest.changes } : {}),
      });
      body = await serializeQuads(quads, chosen.format as RdfFormat, { context: ctx.context });
    }
    const bytes = Buffer.from(body, 'utf8');
    res.setHeader('Content-Length', String(bytes.length));
    res.end(bytes);
  }

  /** The releases after `from` up to `to` (their changelog lines say why). */
  function between(from: Release, to: Release) {
    const [lo, hi] = from.issued <= to.issued ? [from, to] : [to, from];
    return archive.releases.filter((r) => r.issued > lo.issued && r.issued <= hi.issued).map((r) => r.manifest);
  }

  /** A comparison of two releases: cached, and computed one at a time with a short queue. */
  function compare(from: Release, to: Release): Promise<Comparison> {
    const key = `${from.manifest.version} ${to.manifest.version}`;
    const known = comparisons.get(key);
    if (known) return known;
    if (diffing >= DIFF_QUEUE) {
      throw new HttpError(503, 'Too many changesets are being computed; try again shortly', {
        headers: { 'Retry-After': '2' },
      });
    }
    diffing++;
    const run = (async () => {
      try {
        const [before, after] = await Promise.all([archive.quads(from), archive.quads(to)]);
        return compareQuads(before, after);
      } finally {
        diffing--;
      }
    })();
    run.catch(() => comparisons.delete(key));
    comparisons.set(key, run);
    // The few last pairs: a comparison holds both releases' quads, summarised.
    while (comparisons.size > 4) comparisons.delete(comparisons.keys().next().value!);
    return run;
  }

  return router;
}

/** Every release with its files and links, for the listings (/releases/ and /dumps/). */
export function listing(tt: TimeTravel) {
  return tt.archive.releases.map((r) => {
    const m = r.manifest;
    const at = `/releases/${m.version}`;
    return {
      version: m.version,
      iri: releaseIri(m.base, m.version),
      url: at,
      issued: m.issued,
      ...(m.previousVersion
        ? { previousVersion: m.previousVersion, diff: `/releases/${m.previousVersion}/diff/${m.version}` }
        : {}),
      changes: m.changes,
      datasetVersion: m.datasetVersion,
      code: m.code.commit,
      quads: m.quads,
      files: tt.downloads.get(m.version)!.files.map((f) => ({
        name: f.name,
        url: `${at}/${f.name}`,
        mediaType: f.mediaType,
        size: f.size,
        sha256: f.sha256,
      })),
    };
  });
}
export type ReleaseListing = ReturnType<typeof listing>;
