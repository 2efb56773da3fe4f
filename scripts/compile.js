#!/usr/bin/env node
// Compile src/ to build/ for the program's production runs (`npm start`, the anmc21 bin, the query
// workers): tsc emits JavaScript with its `.ts` import specifiers rewritten to `.js`
// (tsconfig.build.json), then every other file of src/ (the pages' CSS and scripts) is copied beside
// its module, so code that reads files relative to itself finds them in build/ as in src/.
//
// Type-checking is `npm run typecheck` (part of `npm test`); this emit skips it (--noCheck), so it needs
// only the typescript package, a runtime dependency, and runs in a production install (`prepare`).
// build/ is written from scratch each time: no output of a deleted module survives.
//
// Usage: node scripts/compile.js   (npm run compile; `npm ci` and `npm install` run it as `prepare`)
// bin/anmc21.js calls compiledIsCurrent() and compile() so that a run after editing src/ is never stale.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const out = path.join(root, 'build');
/** Written last: its presence means a complete build, its time that of the sources it was made from. */
const stamp = path.join(out, '.compiled');

/** Compile src/ to build/; false (with tsc's messages on stderr) when tsc fails. */
export function compile() {
  const started = performance.now();
  rmSync(out, { recursive: true, force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    console.error(`compile: tsc failed (exit ${result.status ?? result.signal}); build/ is incomplete`);
    return false;
  }
  cpSync(src, out, { recursive: true, filter: (from) => statSync(from).isDirectory() || !from.endsWith('.ts') });
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  console.error(`compiled src/ to build/ in ${Math.round(performance.now() - started)} ms`);
  return true;
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
