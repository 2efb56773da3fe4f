// Starting a worker thread from one of our modules, compiled (build/*.js) or from source (vitest, tsx),
// for the rooms of the middle layer: the store's query and check workers, the dump's render workers.
// It lives in the bottom layer because both rooms need it and neither may import the other.

import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/** Running compiled (build/*.js, `npm start` and the bin) or from source (vitest, tsx)? */
export const COMPILED = import.meta.url.endsWith('.js');

/** The URL of a sibling module of `base` (an `import.meta.url`) by name without extension, as this run loads it. */
export function moduleUrl(base: string, name: string): URL {
  return new URL(`./${name}.${COMPILED ? 'js' : 'ts'}`, base);
}

/**
 * Start a worker thread running `url`. Compiled, the worker starts from its JavaScript module. From
 * source, Node 20 does not apply loader hooks from an inherited `--import tsx` to a worker's entry
 * module (it fails with "Unknown file extension .ts"), so the worker starts from a one-line bootstrap
 * that registers tsx (a dev dependency) in its own thread, then imports the TypeScript module.
 */
export function startWorkerThread(url: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (COMPILED) return new Worker(url, { workerData, resourceLimits });
  const bootstrap = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url.href)}))`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits });
}

/** The ESM entry of tsx's register API (its CommonJS twin cannot be imported from a worker bootstrap). */
function tsxApiUrl(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(packageJson), 'dist/esm/api/index.mjs')).href;
}
