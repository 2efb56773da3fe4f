// Reading dist/ back (DistInfo: every file with its size, SHA-256, media type and gzip twin; the dataset
// version, date and counts from manifest.json), once at start-up; the other half of write-dumps.ts.

import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { mediaTypeOfFile } from '../rdf/formats.ts';
import type { TripleCounts } from './describe-dataset.ts';
import { MAIN_DUMP } from './write-dumps.ts';

export { MAIN_DUMP } from './write-dumps.ts';

/** One file of dist/, with its pre-compressed twin when `NAME.gz` exists. */
export interface DistFile {
  /** File name inside dist/ (no directories), e.g. `anmc21.ttl`. */
  name: string;
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  mediaType: string;
  gzip?: { name: string; path: string; size: number; sha256: string };
}

/** What the app knows of the built dataset. */
export interface DistInfo {
  dir: string;
  /** Dataset version: from manifest.json `version`, else the first 16 hex of the N-Quads dump's SHA-256. Drives every ETag. */
  version: string;
  /** Last-Modified of every data response: manifest `modified` (or `generated`), else the newest file's mtime. */
  modified: Date;
  /** `modified` as the manifest states it (ISO 8601, its own precision and offset), else `modified` in ISO 8601. */
  modifiedText: string;
  /** Triples per graph and in all, when the manifest states them. */
  triples?: TripleCounts;
  /** Every file, including the `.gz` twins as files of their own, sorted by name. */
  files: DistFile[];
}

interface Manifest {
  version?: string;
  modified?: string;
  generated?: string;
  triples?: TripleCounts;
  files?: { name?: string; path?: string; sha256?: string; size?: number; bytes?: number }[];
}

/**
 * Read dist/: hash every file, pair `X` with `X.gz`, and take version and date from manifest.json.
 * A manifest whose size or SHA-256 for a file disagrees with the bytes on disk is stale: that throws,
 * so the server never advertises checksums it does not serve.
 */
export async function loadDistInfo(dir: string): Promise<DistInfo> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: DistFile[] = [];
  let newest = 0;
  for (const entry of entries.filter((e) => e.isFile()).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    newest = Math.max(newest, info.mtimeMs);
    files.push({
      name: entry.name,
      path,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      mediaType: mediaTypeOfFile(entry.name),
    });
  }
  for (const file of files) {
    const twin = files.find((f) => f.name === `${file.name}.gz`);
    if (twin) file.gzip = { name: twin.name, path: twin.path, size: twin.size, sha256: twin.sha256 };
  }
  let manifest: Manifest = {};
  const manifestFile = files.find((f) => f.name === 'manifest.json');
  if (manifestFile) {
    manifest = JSON.parse(await readFile(manifestFile.path, 'utf8')) as Manifest;
    for (const listed of manifest.files ?? []) {
      const name = (listed.name ?? listed.path ?? '').split('/').pop()!;
      const actual = files.find((f) => f.name === name);
      if (!actual) throw new Error(`${manifestFile.path}: lists ${name}, which is not in ${dir}`);
      if (listed.sha256 !== undefined && listed.sha256.toLowerCase() !== actual.sha256) {
        throw new Error(
          `${manifestFile.path}: SHA-256 of ${name} is ${actual.sha256}, the manifest says ${listed.sha256} (stale manifest?)`,
        );
      }
      const listedSize = listed.bytes ?? listed.size;
      if (listedSize !== undefined && listedSize !== actual.size) {
        throw new Error(`${manifestFile.path}: ${name} has ${actual.size} bytes, the manifest says ${listedSize}`);
      }
    }
  }
  const main = files.find((f) => f.name === MAIN_DUMP);
  const version = manifest.version ?? main?.sha256.slice(0, 16);
  if (!version) throw new Error(`${dir}: no manifest.json version and no ${MAIN_DUMP} to derive one from`);
  if (!/^[\w.+-]+$/.test(version))
    throw new Error(`Dataset version must be a token usable in an ETag, got ${JSON.stringify(version)}`);
  const stated = manifest.modified ?? manifest.generated;
  const valid = stated !== undefined && !Number.isNaN(Date.parse(stated));
  const modified = valid ? new Date(stated) : new Date(newest || Date.now());
  return {
    dir,
    version,
    modified,
    modifiedText: valid ? stated : modified.toISOString(),
    ...(manifest.triples ? { triples: manifest.triples } : {}),
    files,
  };
}
