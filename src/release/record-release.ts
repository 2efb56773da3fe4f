// Recording a release: the built dist/ becomes `releases/{version}/` (its gzipped N-Quads byte for byte,
// the release's VoID, a manifest), written beside the releases and renamed into place, then the changelog
// is regenerated from every manifest. A release folder is never written twice: recording refuses.

import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describeRelease, type DumpFile } from '../dump/describe-dataset.ts';
import { N_QUADS, TURTLE } from '../rdf/formats.ts';
import { termToNT } from '../rdf/n-triples.ts';
import { writeTurtle } from '../rdf/turtle.ts';
import { WRITER_PREFIXES } from '../vocab.ts';
import { renderChangelog, CHANGELOG } from './changelog.ts';
import {
  countByGraph,
  listReleases,
  nextVersion,
  parseNQuads,
  RELEASE_DUMP,
  RELEASE_MANIFEST,
  RELEASE_VOID,
  ReleaseError,
  verifyRelease,
  type Release,
  type ReleaseInput,
  type ReleaseManifest,
} from './releases.ts';

export interface RecordOptions {
  /** The releases folder (config.releasesDir). */
  releasesDir: string;
  /** The built dataset to record (holds anmc21.nq.gz and manifest.json). */
  distDir: string;
  /** The base the recorder expects the dist/ to be built under. */
  base: string;
  /** One line: what changed since the previous release and why. */
  changes: string;
  /** When it is released (default: now); must be later than the last release. */
  issued?: Date;
  /** The git commit of the code that built `distDir`. */
  codeCommit: string;
  /** The article (its path in the repository, its zh.wikipedia page) and its last commit at the code version. */
  source: { file: string; page: string; commit?: string; committed?: string };
  /** Every input of the build, hashed at the code version; the article among them. */
  inputs: ReleaseInput[];
  /** Check and report, write nothing. */
  dryRun?: boolean;
}

export interface Recorded {
  manifest: ReleaseManifest;
  /** The folder written (or that would be, in a dry run). */
  dir: string;
  /** Milliseconds spent, reading dist/ to the changelog written. */
  ms: number;
}

interface DistManifest {
  base?: string;
  version?: string;
  modified?: string;
  files?: { path?: string; name?: string; sha256?: string }[];
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/**
 * Record `distDir` as the next release. Refuses (ReleaseError) when an existing release does not verify,
 * when the version's folder exists, when the data is the same as the latest release's, when `issued`
 * is not later than it, when the dist/ manifest disagrees with its files or the base, or when the
 * N-Quads hold a blank node.
 */
export async function recordRelease(o: RecordOptions): Promise<Recorded> {
  const started = performance.now();
  const changes = o.changes.trim();
  if (changes === '' || /[\r\n]/.test(changes))
    throw new ReleaseError('The changelog line (--note) must be one non-empty line');
  if (!/^[0-9a-f]{40}$/.test(o.codeCommit))
    throw new ReleaseError(`Not a full git commit id: ${JSON.stringify(o.codeCommit)}`);

  const releases = await listReleases(o.releasesDir);
  for (const release of releases) {
    const { problems } = await verifyRelease(release);
    if (problems.length > 0) {
      throw new ReleaseError(
        `Release ${release.manifest.version} does not verify (${problems.join('; ')}); refusing to add to a damaged archive`,
      );
    }
  }
  const latest = releases.at(-1);
  // Whole seconds: HTTP dates (Memento-Datetime, Accept-Datetime) have no finer resolution.
  const issued = new Date(Math.floor((o.issued ?? new Date()).getTime() / 1000) * 1000);
  if (Number.isNaN(issued.getTime())) throw new ReleaseError('The release date is not a valid date');
  if (latest && issued.getTime() <= latest.issued.getTime()) {
    throw new ReleaseError(
      `The release date ${issued.toISOString()} is not later than release ${latest.manifest.version} (${latest.manifest.issued})`,
    );
  }

  const { gz, nquads, dist } = await readDist(o.distDir, o.base);
  const datasetVersion = sha256(nquads).slice(0, 16);
  if (latest && latest.manifest.datasetVersion === datasetVersion) {
    throw new ReleaseError(
      `Nothing to release: ${o.distDir} holds the same data as release ${latest.manifest.version} (dataset version ${datasetVersion})`,
    );
  }
  const quads = parseNQuads(nquads.toString('utf8'), path.join(o.distDir, N_QUADS_FILE));
  const triples = new Set(quads.map((q) => `${termToNT(q.subject)} ${termToNT(q.predicate)} ${termToNT(q.object)}`))
    .size;

  const version = nextVersion(
    releases.map((r) => r.manifest.version),
    issued,
  );
  const dir = path.join(o.releasesDir, version);
  if (existsSync(dir)) throw new ReleaseError(`${dir} exists: releases are never rewritten`);

  const article = o.inputs.find((i) => i.file === o.source.file);
  if (!article) throw new ReleaseError(`The inputs do not include the article ${o.source.file}`);
  const dumpFile: DumpFile = {
    path: RELEASE_DUMP,
    mediaType: N_QUADS.mediaType,
    encoding: 'gzip',
    bytes: gz.length,
    sha256: sha256(gz),
  };
  const base: Omit<ReleaseManifest, 'files'> = {
    version,
    issued: isoSeconds(issued),
    recorded: isoSeconds(new Date()),
    ...(latest ? { previousVersion: latest.manifest.version } : {}),
    changes,
    dataset: `${o.base}dataset`,
    base: o.base,
    datasetVersion,
    modified: dist.modified ?? issued.toISOString(),
    source: { ...o.source, sha256: article.sha256 },
    inputs: o.inputs,
    code: { commit: o.codeCommit },
    graphs: countByGraph(quads),
    quads: quads.length,
    triples,
  };
  const voidTtl = Buffer.from(writeTurtle(describeRelease({ ...base, files: [dumpFile] }), WRITER_PREFIXES), 'utf8');
  const manifest: ReleaseManifest = {
    ...base,
    files: [
      dumpFile,
      { path: RELEASE_VOID, mediaType: TURTLE.mediaType, bytes: voidTtl.length, sha256: sha256(voidTtl) },
    ],
  };
  if (o.dryRun) return { manifest, dir, ms: performance.now() - started };

  await mkdir(o.releasesDir, { recursive: true });
  const tmp = await mkdtemp(path.join(o.releasesDir, `.${version}.tmp-`));
  try {
    await writeFile(path.join(tmp, RELEASE_DUMP), gz);
    await writeFile(path.join(tmp, RELEASE_VOID), voidTtl);
    await writeFile(path.join(tmp, RELEASE_MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    // Read-only on disk too: a slip of an editor or a script fails loudly here before review catches it.
    for (const name of [RELEASE_DUMP, RELEASE_VOID, RELEASE_MANIFEST]) await chmod(path.join(tmp, name), 0o444);
    await chmod(tmp, 0o755);
    // rename(2) onto a non-empty directory fails, so a folder that appeared meanwhile is not replaced.
    await rename(tmp, dir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
  const recorded: Release = { manifest, dir, issued: new Date(manifest.issued) };
  await writeChangelog(o.releasesDir, [...releases, recorded]);
  return { manifest, dir, ms: performance.now() - started };
}

const N_QUADS_FILE = `anmc21.${N_QUADS.extension}`;

/** ISO 8601 in UTC to the second (HTTP dates, and so Memento-Datetime, have no finer resolution). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** dist/'s gzipped N-Quads, checked against dist/manifest.json, and the N-Quads inside. */
async function readDist(distDir: string, base: string): Promise<{ gz: Buffer; nquads: Buffer; dist: DistManifest }> {
  const manifestFile = path.join(distDir, 'manifest.json');
  let dist: DistManifest;
  try {
    dist = JSON.parse(await readFile(manifestFile, 'utf8')) as DistManifest;
  } catch (error) {
    throw new ReleaseError(`${manifestFile}: ${(error as Error).message} (build first: anmc21 build)`);
  }
  if (dist.base !== undefined && dist.base !== base) {
    throw new ReleaseError(`${manifestFile}: built under base ${dist.base}, not ${base}`);
  }
  let gz: Buffer;
  try {
    gz = await readFile(path.join(distDir, RELEASE_DUMP));
  } catch {
    throw new ReleaseError(`${path.join(distDir, RELEASE_DUMP)} is missing`);
  }
  const listed = (dist.files ?? []).find((f) => (f.path ?? f.name) === RELEASE_DUMP);
  if (!listed || listed.sha256 !== sha256(gz)) {
    throw new ReleaseError(`${manifestFile}: ${RELEASE_DUMP} is not listed with its SHA-256 (stale or foreign dist/)`);
  }
  const nquads = gunzipSync(gz);
  if (dist.version && sha256(nquads).slice(0, 16) !== dist.version) {
    throw new ReleaseError(`${manifestFile}: version ${dist.version} is not the hash of ${RELEASE_DUMP}'s N-Quads`);
  }
  return { gz, nquads, dist };
}

/** Regenerate releases/CHANGELOG.md from the manifests (the manifests are the record; the file is their view). */
export async function writeChangelog(releasesDir: string, releases: readonly Release[]): Promise<void> {
  const file = path.join(releasesDir, CHANGELOG);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, renderChangelog(releases));
  await rename(tmp, file);
}
