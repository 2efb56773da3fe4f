#!/usr/bin/env node
// Compile src/ to build/ for the program's production runs (`npm start`, the anmc21 bin, the query
// workers): tsc emits JavaScript with its `.ts` import specifiers rewritten to `.js`
// (tsconfig.build.json), then every other file of src/ (the pages' CSS and scripts) is copied beside
// its module, so code that reads files relative to itself finds them in build/ as in src/.
//
// Type-checking is `npm run typecheck` (part of `npm test`); this emit skips it (--noCheck), so it needs
// only the typescript package, a runtime dependency, and runs in a production install (`prepare`).
// build/ is written from scratch each time, in a folder of its own swapped in when complete.
//
// Usage: node scripts/compile.js   (npm run compile; `npm ci` and `npm install` run it as `prepare`)
// bin/anmc21.js calls compiledIsCurrent() and compileIfStale() so that a run after editing src/ is never stale.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const out = path.join(root, 'build');
/** Written last: its presence means a complete build, its time that of the sources it was made from. */
const stamp = path.join(out, '.compiled');

/**
 * Compile src/ to build/; false (with tsc's messages on stderr) when tsc fails. Concurrent runs (two
 * `anmc21` commands after an edit) take turns through a lock folder, and each writes a folder of its
 * own that replaces build/ only once complete: a process never imports a half-written build/.
 */
export function compile() {
  return withLock(() => {
    const started = performance.now();
    const fresh = path.join(root, `.build.tmp-${process.pid}`);
    rmSync(fresh, { recursive: true, force: true });
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', fresh], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.status !== 0) {
      rmSync(fresh, { recursive: true, force: true });
      console.error(`compile: tsc failed (exit ${result.status ?? result.signal}); build/ is left as it was`);
      return false;
    }
    cpSync(src, fresh, { recursive: true, filter: (from) => statSync(from).isDirectory() || !from.endsWith('.ts') });
    writeFileSync(path.join(fresh, '.compiled'), `${new Date().toISOString()}\n`);
    // Swap: the old build/ aside, the new one in, the old one away (no output of a deleted module survives).
    const old = path.join(root, `.build.tmp-old-${process.pid}`);
    if (existsSync(out)) renameSync(out, old);
    renameSync(fresh, out);
    rmSync(old, { recursive: true, force: true });
    console.error(`compiled src/ to build/ in ${Math.round(performance.now() - started)} ms`);
    return true;
  });
}

/** Compile only when build/ is stale, re-checked under the lock (another process may just have compiled). */
export function compileIfStale() {
  if (compiledIsCurrent()) return true;
  return withLock(() => compiledIsCurrent() || compile());
}

const lock = path.join(root, '.build.lock');
let held = false;

/** Run `work` holding the lock folder (mkdir is atomic; nested calls reuse it); wait at most two minutes. */
function withLock(work) {
  if (held) return work();
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      // A lock left by a killed process (older than a compile takes, ~10 s here) is taken over.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })?.mtimeMs > 90_000)
        rmSync(lock, { force: true, recursive: true });
      if (Date.now() > deadline)
        throw new Error(`compile: ${lock} held for two minutes; remove it if no compile runs`, { cause: error });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
  }
  held = true;
  try {
    return work();
  } finally {
    held = false;
    rmSync(lock, { force: true, recursive: true });
  }
}

/**
 * True when build/ is complete and no file or folder of src/ changed after it was made (or there is no
 * src/, as in a packed install). About a millisecond: one stat per file of src/.
 */
export function compiledIsCurrent() {
  if (!existsSync(stamp)) return false;
  if (!existsSync(src)) return true;
  const made = statSync(stamp).mtimeMs;
  const newer = (dir) =>
    statSync(dir).mtimeMs > made ||
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? newer(full) : statSync(full).mtimeMs > made;
    });
  return !newer(src);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(compile() ? 0 : 1);
}
