// The recorded releases: one immutable folder per release under `config.releasesDir`
// (`releases/2026-11-29/`: the gzipped N-Quads, the release's VoID and its manifest), listed, ordered,
// named and verified here. Recording a new one is record-release.ts; docs/releases.md is the contract.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { DUMP_NAME } from '../dataset.ts';
import { N_QUADS, TURTLE } from '../rdf/formats.ts';

/** The files of a release folder besides its manifest. */
export const RELEASE_DUMP = `${DUMP_NAME}.${N_QUADS.extension}.gz`;
export const RELEASE_VOID = 'void.ttl';
export const RELEASE_MANIFEST = 'manifest.json';

/** A file of a release, as its manifest lists it. */
export interface ReleaseFile {
  path: string;
  mediaType: string;
  encoding?: 'gzip';
  bytes: number;
  sha256: string;
}

/** An input file of the build, by its path in the repository and the SHA-256 of its bytes at the code version. */
export interface ReleaseInput {
  file: string;
  sha256: string;
}

/** `releases/{version}/manifest.json`. Written once by `anmc21 release`, never changed. */
export interface ReleaseManifest {
  /** `YYYY-MM-DD` (UTC date of `issued`), `YYYY-MM-DD.N` for the Nth release of one day. */
  version: string;
  /**
   * When the release took effect (ISO 8601, UTC): the Memento-Datetime of its documents. Now, unless
   * given (a release recorded after the fact takes the time its code version was committed).
   */
  issued: string;
  /** When the folder was written (ISO 8601, UTC); later than `issued` for a release recorded after the fact. */
  recorded: string;
  /** The release before it; absent for the first. */
  previousVersion?: string;
  /** One line: what changed since the previous release, and why (the changelog line). */
  changes: string;
  /** The dataset IRI and the base its IRIs are minted under. */
  dataset: string;
  base: string;
  /** The built dataset's own version: the first 16 hex of the SHA-256 of its N-Quads (uncompressed). */
  datasetVersion: string;
  /** dcterms:modified of the built dataset (the article's commit date). */
  modified: string;
  /** The article: its path, its SHA-256, and the git commit that last changed it at the code version. */
  source: { file: string; page: string; sha256: string; commit?: string; committed?: string };
  /** Every input of the build (article, supplements, registry, ontology, shapes, context). */
  inputs: ReleaseInput[];
  /** The code that built it: a git commit of this repository. */
  code: { commit: string };
  /** Quads per named graph (by graph IRI), all quads, and the distinct triples of their union. */
  graphs: Record<string, number>;
  quads: number;
  triples: number;
  /** Every file of the folder but the manifest, with size and SHA-256. */
  files: ReleaseFile[];
}

/** A release as read from its folder. */
export interface Release {
  manifest: ReleaseManifest;
  /** Absolute path of its folder. */
  dir: string;
  issued: Date;
}

/** A release folder or the releases folder is not what it must be; the message names the file and the fault. */
export class ReleaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseError';
  }
}

const VERSION = /^(\d{4})-(\d{2})-(\d{2})(?:\.([2-9]|[1-9]\d+))?$/;

/** The date and the day's sequence number (1 for the plain date) of a version, or undefined if it is not one. */
export function parseVersion(version: string): { date: string; sequence: number } | undefined {
  const m = VERSION.exec(version);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) return undefined;
  return { date, sequence: m[4] ? Number(m[4]) : 1 };
}

/** Order of versions: by date, then by the day's sequence (so `2026-11-30.10` follows `2026-11-30.9`). */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) throw new ReleaseError(`Not a release version: ${JSON.stringify(x ? b : a)}`);
  return x.date < y.date ? -1 : x.date > y.date ? 1 : x.sequence - y.sequence;
}

/** The version a release issued at `issued` takes: its UTC date, with `.N` when the day already has releases. */
export function nextVersion(existing: readonly string[], issued: Date): string {
  const date = issued.toISOString().slice(0, 10);
  const sameDay = existing.filter((v) => parseVersion(v)?.date === date).length;
  return sameDay === 0 ? date : `${date}.${sameDay + 1}`;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Every release under `dir`, oldest first, from their manifests (cheap: no checksums; see
 * {@link verifyRelease}). Throws ReleaseError when a folder is not a release or the releases do not form
 * one chain (each names the one before it as previousVersion, issued strictly later). A missing `dir`
 * means no releases.
 */
export async function listReleases(dir: string): Promise<Release[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const releases: Release[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (!parseVersion(entry.name)) {
      throw new ReleaseError(
        `${path.join(dir, entry.name)}: not a release folder (a name like 2026-11-30 or 2026-11-30.2)`,
      );
    }
    releases.push(await readRelease(path.join(dir, entry.name)));
  }
  releases.sort((a, b) => compareVersions(a.manifest.version, b.manifest.version));
  releases.forEach((release, i) => {
    const where = path.join(release.dir, RELEASE_MANIFEST);
    const before = releases[i - 1];
    if (release.manifest.previousVersion !== before?.manifest.version) {
      throw new ReleaseError(
        `${where}: previousVersion is ${JSON.stringify(release.manifest.previousVersion ?? null)}, but the release before it is ${JSON.stringify(before?.manifest.version ?? null)}`,
      );
    }
    if (before && release.issued.getTime() <= before.issued.getTime()) {
      throw new ReleaseError(
        `${where}: issued ${release.manifest.issued} is not later than ${before.manifest.issued} (release ${before.manifest.version})`,
      );
    }
  });
  return releases;
}

/** Read one release folder's manifest and check its shape. */
export async function readRelease(dir: string): Promise<Release> {
  const file = path.join(dir, RELEASE_MANIFEST);
  let manifest: ReleaseManifest;
  try {
    manifest = JSON.parse(await readFile(file, 'utf8')) as ReleaseManifest;
  } catch (error) {
    throw new ReleaseError(`${file}: ${(error as Error).message}`);
  }
  const fault = manifestFault(manifest, path.basename(dir));
  if (fault) throw new ReleaseError(`${file}: ${fault}`);
  return { manifest, dir, issued: new Date(manifest.issued) };
}

function manifestFault(m: ReleaseManifest, folder: string): string | undefined {
  if (typeof m !== 'object' || m === null) return 'not a JSON object';
  if (m.version !== folder) return `version ${JSON.stringify(m.version)} differs from its folder name "${folder}"`;
  if (typeof m.issued !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(m.issued))
    return `issued must be an ISO 8601 UTC date-time, got ${JSON.stringify(m.issued)}`;
  if (typeof m.recorded !== 'string' || Number.isNaN(Date.parse(m.recorded)))
    return 'recorded must be an ISO 8601 date-time';
  if (parseVersion(m.version)?.date !== m.issued.slice(0, 10))
    return `version ${m.version} is not the date of issued ${m.issued}`;
  if (typeof m.changes !== 'string' || m.changes.trim() === '' || /[\r\n]/.test(m.changes))
    return 'changes must be one non-empty line';
  if (!/^[0-9a-f]{16}$/.test(m.datasetVersion ?? '')) return 'datasetVersion must be 16 hex digits';
  if (!/^[0-9a-f]{40}$/.test(m.code?.commit ?? '')) return 'code.commit must be a full git commit id';
  if (!Array.isArray(m.files) || m.files.length === 0) return 'files must list the folder’s files';
  for (const f of m.files) {
    if (typeof f.path !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(f.path) || f.path === RELEASE_MANIFEST)
      return `bad file name ${JSON.stringify(f.path)}`;
    if (!Number.isInteger(f.bytes) || !/^[0-9a-f]{64}$/.test(f.sha256)) return `${f.path}: bytes and sha256 required`;
  }
  if (!m.files.some((f) => f.path === RELEASE_DUMP)) return `files must include ${RELEASE_DUMP}`;
  return undefined;
}

/** What verifying a release found; `problems` is empty when it holds. */
export interface Verification {
  version: string;
  problems: string[];
  /** Bytes of the folder's files (manifest included). */
  bytes: number;
}

/**
 * Check a release against its manifest: every listed file present with its size and SHA-256, nothing
 * unlisted, the N-Quads (decompressed) hashing to datasetVersion and holding the counted quads, no
 * blank nodes, and a VoID that parses.
 */
export async function verifyRelease(release: Release): Promise<Verification> {
  const { manifest, dir } = release;
  const problems: string[] = [];
  let bytes = (await stat(path.join(dir, RELEASE_MANIFEST))).size;
  const present = (await readdir(dir)).filter((name) => name !== RELEASE_MANIFEST);
  for (const name of present) {
    if (!manifest.files.some((f) => f.path === name)) problems.push(`${name} is in the folder but not in the manifest`);
  }
  for (const file of manifest.files) {
    let data: Buffer;
    try {
      data = await readFile(path.join(dir, file.path));
    } catch {
      problems.push(`${file.path} is listed but missing`);
      continue;
    }
    bytes += data.length;
    if (data.length !== file.bytes)
      problems.push(`${file.path} has ${data.length} bytes, the manifest says ${file.bytes}`);
    const hash = sha256(data);
    if (hash !== file.sha256) problems.push(`${file.path} has SHA-256 ${hash}, the manifest says ${file.sha256}`);
  }
  if (problems.length === 0) {
    try {
      const nquads = gunzipSync(await readFile(path.join(dir, RELEASE_DUMP)));
      const version = sha256(nquads).slice(0, 16);
      if (version !== manifest.datasetVersion)
        problems.push(
          `${RELEASE_DUMP} decompresses to dataset version ${version}, the manifest says ${manifest.datasetVersion}`,
        );
      const quads = parseNQuads(nquads.toString('utf8'), path.join(dir, RELEASE_DUMP));
      if (quads.length !== manifest.quads)
        problems.push(`${RELEASE_DUMP} holds ${quads.length} quads, the manifest says ${manifest.quads}`);
      const counts = countByGraph(quads);
      for (const graph of new Set([...Object.keys(manifest.graphs), ...Object.keys(counts)])) {
        if ((counts[graph] ?? 0) !== (manifest.graphs[graph] ?? 0))
          problems.push(
            `graph <${graph}> holds ${counts[graph] ?? 0} quads, the manifest says ${manifest.graphs[graph] ?? 0}`,
          );
      }
      if (manifest.files.some((f) => f.path === RELEASE_VOID)) {
        new Parser({ format: TURTLE.mediaType }).parse(await readFile(path.join(dir, RELEASE_VOID), 'utf8'));
      }
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return { version: manifest.version, problems, bytes };
}

/** The N-Quads of a release (its gzipped dump, decompressed). */
export async function readReleaseText(release: Release): Promise<string> {
  return gunzipSync(await readFile(path.join(release.dir, RELEASE_DUMP))).toString('utf8');
}

/** The quads of a release. */
export async function readReleaseQuads(release: Release): Promise<Quad[]> {
  return parseNQuads(await readReleaseText(release), path.join(release.dir, RELEASE_DUMP));
}

/**
 * Parse N-Quads strictly; a blank node anywhere is an error: the dataset is published without any,
 * so the quads of two releases compare term by term (no canonical relabelling needed).
 */
export function parseNQuads(text: string, file: string): Quad[] {
  let quads: Quad[];
  try {
    quads = new Parser({ format: N_QUADS.mediaType }).parse(text);
  } catch (error) {
    throw new ReleaseError(`${file}: ${(error as Error).message}`);
  }
  const blank = quads.findIndex((q) => [q.subject, q.object, q.graph].some((t) => t.termType === 'BlankNode'));
  if (blank >= 0) {
    throw new ReleaseError(
      `${file}: quad ${blank + 1} has a blank node; releases hold none, so that changesets compare terms one to one`,
    );
  }
  return quads;
}

/** Quads per graph IRI (the default graph as ""). */
export function countByGraph(quads: readonly Quad[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const q of quads) counts[q.graph.value] = (counts[q.graph.value] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The release in force at `when`: the last one issued at or before it; before the first, undefined. */
export function releaseInForce(releases: readonly Release[], when: Date): Release | undefined {
  let found: Release | undefined;
  for (const release of releases) if (release.issued.getTime() <= when.getTime()) found = release;
  return found;
}

/** A release by version, or a ReleaseError listing the versions there are. */
export function findRelease(releases: readonly Release[], version: string): Release {
  const found = releases.find((r) => r.manifest.version === version);
  if (!found) {
    throw new ReleaseError(
      `No release ${JSON.stringify(version)}; releases: ${releases.map((r) => r.manifest.version).join(', ') || 'none'}`,
    );
  }
  return found;
}
