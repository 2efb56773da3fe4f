// Reading dist/ back (DistInfo: every file with its size, SHA-256, media type and gzip twin; the dataset
// version, date and counts from manifest.json), once at start-up; the other half of write-dumps.ts.
//
// dist/ is verified before anything is served: manifest.json must be there and parse, and every file
// it lists must have the size and SHA-256 it states. Each file is read through a descriptor opened
// for the verification and kept open, so what is served is what was verified: a rebuild swaps in a
// new folder (write-dumps.ts) and the running server goes on serving the version it checked, whole;
// a file changed in place is noticed (size or modification time) and refused, never sent under old
// headers.

import { createHash } from 'node:crypto';
import { open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
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
  gzip?: DistFile;
  /** The descriptor the file was verified through, kept open; read it with readDistFile / streamDistFile. */
  handle: FileHandle;
  /** Modification time at verification, milliseconds: a change in place shows here (or in the size). */
  mtimeMs: number;
}

/** dist/ is not a complete, consistent build: the message names the file and what is wrong. */
export class DistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DistError';
  }
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

interface ManifestEntry {
  name?: string;
  path?: string;
  sha256?: string;
  size?: number;
  bytes?: number;
}

interface Manifest {
  version?: string;
  modified?: string;
  generated?: string;
  triples?: TripleCounts;
  files?: ManifestEntry[];
}

/** Read manifest.json strictly: present, JSON, a `files` list whose entries each name a file with its size and hash. */
async function readManifest(
  dir: string,
): Promise<{ manifest: Manifest; entries: Map<string, Required<Pick<ManifestEntry, 'sha256'>> & { size: number }> }> {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DistError(`${file} is missing: ${dir} is not a complete build (run \`anmc21 build\`)`);
    throw new DistError(`${file} cannot be read: ${(error as Error).message}`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch (error) {
    throw new DistError(
      `${file} is not valid JSON (truncated or damaged; ${text.length} characters): ${(error as Error).message}`,
    );
  }
  if (!manifest || typeof manifest !== 'object' || !Array.isArray(manifest.files) || manifest.files.length === 0)
    throw new DistError(`${file} lists no files ("files" must be a non-empty list)`);
  const entries = new Map<string, { sha256: string; size: number }>();
  manifest.files.forEach((entry, i) => {
    const name = String(entry?.name ?? entry?.path ?? '')
      .split('/')
      .pop()!;
    const size = entry?.bytes ?? entry?.size;
    if (!name || typeof entry.sha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(entry.sha256) || !Number.isInteger(size))
      throw new DistError(`${file}: entry ${i + 1} of "files" needs a name, its size and its SHA-256`);
    entries.set(name, { sha256: entry.sha256.toLowerCase(), size: size! });
  });
  return { manifest, entries };
}

/** Hash a file through its descriptor (positional reads, whatever else reads it). */
async function hashThrough(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, size)));
  let at = 0;
  for (;;) {
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, at);
    if (bytesRead === 0) break;
    hash.update(chunk.subarray(0, bytesRead));
    at += bytesRead;
  }
  return hash.digest('hex');
}

/**
 * Read dist/ and verify it against manifest.json (see the top of this file): throws DistError naming
 * the first file missing, of another size or hash, or a manifest missing or damaged. Files the manifest
 * does not list are not served. Close the descriptors with closeDist when done.
 */
export async function loadDistInfo(dir: string): Promise<DistInfo> {
  const dist = await openDistInfo(dir);
  try {
    await verifyDistFiles(dist);
  } catch (error) {
    await closeDist(dist);
    throw error;
  }
  return dist;
}

/**
 * The first half of loadDistInfo: manifest.json read, every file it lists opened and its size checked,
 * but no file hashed yet (each `sha256` is the manifest's until verifyDistFiles confirms it). For a
 * caller that verifies while it loads: nothing may be served before every file is verified.
 */
export async function openDistInfo(dir: string): Promise<DistInfo> {
  const { manifest, entries } = await readManifest(dir);
  const present = new Set((await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name));
  const files: DistFile[] = [];
  let newest = 0;
  try {
    for (const [name, expected] of [...entries].sort(([a], [b]) => a.localeCompare(b))) {
      const path = join(dir, name);
      if (!present.has(name)) throw new DistError(`${path} is missing; manifest.json lists it`);
      const handle = await open(path, 'r');
      const file: DistFile = {
        name,
        path,
        size: 0,
        sha256: expected.sha256,
        mediaType: mediaTypeOfFile(name),
        handle,
        mtimeMs: 0,
      };
      files.push(file);
      const info = await handle.stat();
      if (info.size !== expected.size)
        throw new DistError(
          `${path} has ${info.size} bytes, manifest.json says ${expected.size} (truncated or changed after the build)`,
        );
      Object.assign(file, { size: info.size, mtimeMs: info.mtimeMs });
      newest = Math.max(newest, info.mtimeMs);
    }
  } catch (error) {
    await Promise.allSettled(files.map((f) => f.handle.close()));
    throw error;
  }
  for (const file of files) {
    const twin = files.find((f) => f.name === `${file.name}.gz`);
    if (twin) file.gzip = twin;
  }
  const main = files.find((f) => f.name === MAIN_DUMP);
  const version = manifest.version ?? main?.sha256.slice(0, 16);
  if (!version) throw new DistError(`${dir}: no manifest.json version and no ${MAIN_DUMP} to derive one from`);
  if (!/^[\w.+-]+$/.test(version))
    throw new DistError(`Dataset version must be a token usable in an ETag, got ${JSON.stringify(version)}`);
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

/**
 * Hash every file of an opened dist/ (but those named in `except`, which their caller verifies as it
 * reads them) through its descriptor; throws DistError at the first whose SHA-256 is not the manifest's.
 */
export async function verifyDistFiles(
  dist: DistInfo,
  { except = [] }: { except?: readonly string[] } = {},
): Promise<void> {
  for (const file of dist.files) {
    if (except.includes(file.name)) continue;
    const sha256 = await hashThrough(file.handle, file.size);
    if (sha256 !== file.sha256)
      throw new DistError(
        `${file.path}: SHA-256 is ${sha256}, manifest.json says ${file.sha256} (changed after the build)`,
      );
  }
}

/** Throws DistError when the file changed in place since it was verified (size or modification time). */
export async function checkDistFile(file: DistFile): Promise<void> {
  const info = await file.handle.stat();
  if (info.size !== file.size || info.mtimeMs !== file.mtimeMs)
    throw new DistError(
      `${file.path} changed on disk since it was verified at start-up (${info.size} bytes now, ${file.size} then); restart to serve the new build`,
    );
}

/** The verified bytes of a dist file. */
export async function readDistFile(file: DistFile): Promise<Buffer> {
  await checkDistFile(file);
  const bytes = Buffer.allocUnsafe(file.size);
  let at = 0;
  while (at < file.size) {
    const { bytesRead } = await file.handle.read(bytes, at, file.size - at, at);
    if (bytesRead === 0) throw new DistError(`${file.path} ended after ${at} of ${file.size} bytes`);
    at += bytesRead;
  }
  return bytes;
}

/**
 * A stream of bytes `start`..`end` (inclusive) of a verified dist file, by positional reads through its
 * descriptor. Not fs.createReadStream over the descriptor: destroying such a stream (a client that
 * leaves mid-download) closes the descriptor whatever `autoClose` says, and every later download fails.
 */
export async function streamDistFile(file: DistFile, start: number, end: number): Promise<Readable> {
  await checkDistFile(file);
  async function* chunks(): AsyncGenerator<Buffer> {
    for (let at = start; at <= end;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, end - at + 1));
      const { bytesRead } = await file.handle.read(chunk, 0, chunk.length, at);
      if (bytesRead === 0) throw new DistError(`${file.path} ended after ${at} of ${file.size} bytes`);
      at += bytesRead;
      yield chunk.subarray(0, bytesRead);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** Close the descriptors of a DistInfo. */
export async function closeDist(dist: DistInfo): Promise<void> {
  await Promise.allSettled(dist.files.map((f) => f.handle.close()));
}
