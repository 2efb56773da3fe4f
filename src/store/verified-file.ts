// Loading a dataset file into a store in chunks, through a descriptor opened (and kept open) by the
// caller, hashing the bytes as they pass: the engine parses each chunk as it comes, so no copy of the
// whole text is ever held in memory, and the SHA-256 and size of what was loaded are checked against
// those stated for the file (dist/manifest.json). A store so holds exactly the verified bytes, and the
// file is read once, not once to verify and again to load.
//
// Positional reads only: the main thread and every query worker read the same descriptor at once (a
// descriptor is the process's, whichever thread opened it), and a rebuild that swaps dist/ meanwhile
// changes nothing for them: the descriptor still names the file that was opened.

import { createHash } from 'node:crypto';
import { readSync } from 'node:fs';
import type { LoadFormat, OxigraphStore } from './oxigraph-store.ts';

/** An open file to load, with the size and SHA-256 (hex) it must have. */
export interface VerifiedFile {
  /** A descriptor open for reading; not closed here. */
  fd: number;
  /** For messages only. */
  path: string;
  size: number;
  sha256: string;
}

/** The bytes read are not those stated: the file was truncated or changed after the build. */
export class FileChangedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileChangedError';
  }
}

/** Bytes per read: large enough that a read costs little next to parsing it, small next to the file. */
const CHUNK_BYTES = 4 << 20;

/**
 * Call `load` with the file's bytes as an iterable of chunks (each valid only until the next is asked
 * for: the engine copies it), then check what was read. Throws FileChangedError when the size or
 * SHA-256 differ from those stated, whether or not `load` failed (an engine error on a damaged file is
 * reported as the damage); otherwise rethrows `load`'s own error. `chunkBytes`: bytes per read (tests).
 */
export function loadVerified(
  file: VerifiedFile,
  load: (chunks: Iterable<Uint8Array>) => void,
  chunkBytes = CHUNK_BYTES,
): void {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, file.size)));
  let at = 0;
  const read = (): Buffer | undefined => {
    // One byte past the stated size is asked for too, so a file that grew is noticed.
    const bytesRead = readSync(file.fd, buffer, 0, buffer.length, at);
    if (bytesRead === 0) return undefined;
    const chunk = buffer.subarray(0, bytesRead);
    hash.update(chunk);
    at += bytesRead;
    return chunk;
  };
  function* chunks(): Generator<Uint8Array> {
    for (let chunk = read(); chunk; chunk = read()) yield chunk;
  }
  let failure: { error: unknown } | undefined;
  try {
    load(chunks());
  } catch (error) {
    failure = { error };
  }
  // The engine stops at the end, or early at an error: the rest is hashed too, to tell damage from a bad load.
  while (read());
  const sha256 = hash.digest('hex');
  if (at !== file.size)
    throw new FileChangedError(
      `${file.path} has ${at} bytes, ${file.size} were verified (truncated or changed after the build)`,
    );
  if (sha256 !== file.sha256.toLowerCase())
    throw new FileChangedError(`${file.path}: SHA-256 is ${sha256}, expected ${file.sha256} (changed after the build)`);
  if (failure) throw failure.error;
}

/**
 * Load the dump `file` into `store` as bytes of our own build (StoreInput.verified: not re-validated
 * while parsed), checked as above: a file that is not the one the manifest states is rejected.
 */
export function loadVerifiedDump(store: Pick<OxigraphStore, 'load'>, file: VerifiedFile, format: LoadFormat): void {
  loadVerified(file, (chunks) => store.load([{ data: chunks, format, verified: true }]));
}
