#!/usr/bin/env node
// Entry for `anmc21 …` (npm start, npm run build, npm run anmc21, npx, a global install): runs the
// compiled CLI in build/ (scripts/compile.js), compiling first if src/ changed since the last compile.
import { compileIfStale, compiledIsCurrent } from '../scripts/compile.js';

if (!compiledIsCurrent()) {
  console.error('anmc21: build/ is missing or older than src/: compiling');
  if (!compileIfStale()) process.exit(1);
}
await import('../build/cli.js');
