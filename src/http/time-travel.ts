// Time travel for the current documents (Memento, RFC 7089): every IRI under id/ and graph/ is an
// Original Resource and its own TimeGate (Pattern 1.1, 302-style; docs/releases.md says why). A request
// with Accept-Datetime is redirected to the release in force then; every other response says where the
// TimeMap and the first and last Mementos are. The Mementos and TimeMaps are routes/releases.ts.

import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import type { Request, Response } from 'express';
import { Parser } from 'n3';
import { describeVersions } from '../dump/describe-dataset.ts';
import { closeDist, loadDistInfo, readDistFile, type DistInfo } from '../dump/read-dist.ts';
import { MEDIA_TYPES, TURTLE } from '../rdf/formats.ts';
import type { ReleaseArchive } from '../release/archive.ts';
import { RELEASE_MANIFEST, RELEASE_VOID } from '../release/releases.ts';
import { HttpError } from './http-error.ts';
import { mementoLinkValues, readAcceptDatetime, type MementoLinks } from './memento.ts';
import { publicOrigin } from './origin.ts';
import { iriForPath, pathForIri, type ResourcePath } from './resource-paths.ts';
import { DATA_CACHE_CONTROL, type ResourceContext } from './send-document.ts';

/** The releases as the app serves them. */
export interface TimeTravel {
  archive: ReleaseArchive;
  /** Each release's files (its manifest among them), checksummed at start-up, by version. */
  downloads: ReadonlyMap<string, DistInfo>;
  /** The configured public origin for absolute links; absent: the request's own. */
  publicUrl?: string;
}

/**
 * The releases' files as DistInfo, verified now against each manifest and read through the descriptors
 * that were hashed (dump/read-dist.ts), the manifest itself served beside them: a server never advertises
 * a checksum it does not serve (a damaged release stops the start-up). Close with closeTimeTravel.
 */
export async function openTimeTravel(archive: ReleaseArchive, publicUrl?: string): Promise<TimeTravel> {
  const downloads = new Map<string, DistInfo>();
  try {
    for (const release of archive.releases) {
      const m = release.manifest;
      const info = await loadDistInfo(release.dir);
      downloads.set(m.version, info);
      const file = path.join(release.dir, RELEASE_MANIFEST);
      const handle = await open(file, 'r');
      const bytes = await handle.readFile();
      const { mtimeMs } = await handle.stat();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      info.files.push({
        name: RELEASE_MANIFEST,
        path: file,
        size: bytes.length,
        sha256,
        mediaType: MEDIA_TYPES.json,
        handle,
        mtimeMs,
      });
      info.files.sort((a, b) => a.name.localeCompare(b.name));
      // A release's documents date from when it took effect.
      Object.assign(info, { modified: release.issued, modifiedText: m.issued });
    }
  } catch (error) {
    await Promise.allSettled([...downloads.values()].map(closeDist));
    throw error;
  }
  return { archive, downloads, ...(publicUrl ? { publicUrl } : {}) };
}

/** A file of a release, as verified at start-up. */
export async function readReleaseFile(tt: TimeTravel, version: string, name: string): Promise<Buffer> {
  const file = tt.downloads.get(version)?.files.find((f) => f.name === name);
  if (!file) throw new Error(`Release ${version} has no verified file ${name}`);
  return readDistFile(file);
}

/** Close the releases' file descriptors. */
export async function closeTimeTravel(tt: TimeTravel): Promise<void> {
  await Promise.allSettled([...tt.downloads.values()].map(closeDist));
}

/**
 * The releases in the dataset description: each release's own VoID (as recorded in its folder), and the
 * dataset's dcat:hasVersion of each, with dcat:hasCurrentVersion the latest when it is what is served.
 */
export async function releaseDescriptions(tt: TimeTravel, base: string, servedVersion: string): Promise<Quad[]> {
  const out: Quad[] = [];
  for (const release of tt.archive.releases) {
    const text = (await readReleaseFile(tt, release.manifest.version, RELEASE_VOID)).toString('utf8');
    out.push(...new Parser({ format: TURTLE.mediaType, baseIRI: base }).parse(text));
  }
  const latest = tt.archive.releases.at(-1);
  out.push(
    ...describeVersions(
      base,
      tt.archive.releases.map((r) => r.manifest.version),
      latest?.manifest.datasetVersion === servedVersion,
    ),
  );
  return out;
}

/** Paths whose resources have Mementos: the entities and the named graphs. */
const TIME_TRAVEL_PATH = /^\/(?:id|graph)\//;
export function isTimeTravelPath(resourcePath: string): boolean {
  return TIME_TRAVEL_PATH.test(resourcePath);
}

/** This server's origin for absolute links: the configured public URL, else the request's own (origin.ts). */
export function originOf(req: Request, tt: TimeTravel): string {
  return publicOrigin(req, tt.publicUrl);
}

/** The path of a resource's document: the IRI's path, with the format extension the request named. */
export function documentPath(iri: string, rp: ResourcePath, ctx: ResourceContext): string {
  return (pathForIri(iri, ctx.iris) ?? rp.path) + (rp.extension ? `.${rp.extension.extension}` : '');
}

/** The Memento links of the document at `docPath` (its Mementos: the releases describing `iri`), or none. */
export async function mementoLinks(
  tt: TimeTravel,
  origin: string,
  iri: string,
  docPath: string,
): Promise<MementoLinks | undefined> {
  const releases = await tt.archive.mementosOf(iri);
  if (releases.length === 0) return undefined;
  return {
    original: origin + docPath,
    timegate: origin + docPath,
    timemap: `${origin}/timemap${docPath}`,
    mementos: releases.map((r) => ({ url: `${origin}/releases/${r.manifest.version}${docPath}`, datetime: r.issued })),
  };
}

/**
 * For a current document: `Vary: Accept-Datetime` (it is a TimeGate), and the Link values that make it
 * an Original Resource: `original timegate`, `timemap`, the first and last Mementos. None when no
 * release describes it.
 */
export async function timeTravelLinks(
  req: Request,
  res: Response,
  tt: TimeTravel,
  ctx: ResourceContext,
  rp: ResourcePath,
): Promise<string[]> {
  res.vary('Accept-Datetime');
  const iri = iriForPath(rp.path, ctx.iris);
  const links = await mementoLinks(tt, originOf(req, tt), iri, documentPath(iri, rp, ctx));
  return links ? mementoLinkValues(links) : [];
}

/**
 * The TimeGate: a request with Accept-Datetime is answered 302 to the Memento in force then
 * (archive.mementoAt), with `Vary: Accept-Datetime` and the Memento links; a malformed Accept-Datetime
 * is 400, a resource no release describes 404. False when the request has no Accept-Datetime.
 */
export async function answerTimeGate(
  req: Request,
  res: Response,
  tt: TimeTravel,
  ctx: ResourceContext,
  rp: ResourcePath,
): Promise<boolean> {
  res.vary('Accept-Datetime');
  const when = readAcceptDatetime(req.get('accept-datetime'));
  if (!when) return false;
  const iri = iriForPath(rp.path, ctx.iris);
  const docPath = documentPath(iri, rp, ctx);
  const origin = originOf(req, tt);
  const [links, release] = await Promise.all([mementoLinks(tt, origin, iri, docPath), tt.archive.mementoAt(iri, when)]);
  if (!links || !release) throw new HttpError(404, `No release describes <${iri}>, so it has no Memento`);
  const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
  res.status(302);
  res.setHeader('Location', `${origin}/releases/${release.manifest.version}${docPath}${query}`);
  res.setHeader('Link', mementoLinkValues(links).join(', '));
  res.setHeader('Cache-Control', DATA_CACHE_CONTROL);
  res.setHeader('Content-Length', '0');
  res.end();
  return true;
}
