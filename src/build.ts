// `build`: the pipeline plus the dumps and exports, written atomically to dist/ (whether dist/ is
// current is inputs.ts's distIsCurrent).

import { statSync } from 'node:fs';
import { displayPath, type Config } from './config.ts';
import { formatDiagnostic, type Diagnostic } from './diagnostics.ts';
import { sourceModified, writeDumps, type DumpManifest } from './dump/write-dumps.ts';
import { exportFiles } from './links/exports.ts';
import { ARTICLE_IRI } from './dataset.ts';
import { N_QUADS } from './rdf/formats.ts';
import { loadContext } from './rdf/jsonld.ts';
import { writeNQuads } from './rdf/n-triples.ts';
import { buildGraph } from './pipeline.ts';
import { createOxigraphStore } from './store/oxigraph-store.ts';

export interface BuildOptions {
  /** Leave out the per-stage timings and the notes. */
  quiet?: boolean;
  log?: (line: string) => void;
  logError?: (line: string) => void;
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], options: BuildOptions): void {
  const log = options.log ?? console.log;
  const logError = options.logError ?? console.error;
  for (const d of diagnostics) {
    if (options.quiet && d.severity === 'info') continue;
    (d.severity === 'error' ? logError : log)(formatDiagnostic(d));
  }
}

export function summarize(diagnostics: readonly Diagnostic[]): string {
  const n = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  return `${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} note(s)`;
}

/**
 * The dataset's dcterms:modified: the commit date of the article (reproducible); outside a git
 * checkout, the article file's modification time.
 */
function datasetModified(config: Config): string {
  try {
    return sourceModified(config.files.source, config.root);
  } catch {
    return statSync(config.files.source)
      .mtime.toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
}

/** extract → map → validate → dumps. Resolves to the manifest, or undefined when the input has errors (dist/ untouched). */
export async function buildDist(config: Config, options: BuildOptions = {}): Promise<DumpManifest | undefined> {
  const log = options.log ?? console.log;
  const logError = options.logError ?? console.error;
  const started = performance.now();
  const graph = await buildGraph(config, options.quiet ? () => {} : log);
  printDiagnostics(graph.diagnostics, options);
  if (!graph.ok) {
    logError(`build failed: ${summarize(graph.diagnostics)}; ${displayPath(config, config.distDir)}/ left as it was`);
    return undefined;
  }
  const t0 = performance.now();
  const store = createOxigraphStore([{ data: writeNQuads(graph.quads), format: N_QUADS.mediaType }]);
  const extraFiles = await exportFiles(store, config.base, ARTICLE_IRI);
  const context = await loadContext(config.files.context);
  if (!context) throw new Error(`${displayPath(config, config.files.context)} is missing`);
  const manifest = await writeDumps(graph.quads, {
    distDir: config.distDir,
    base: config.base,
    context,
    modified: datasetModified(config),
    inputsHash: graph.inputsHash,
    extraFiles,
  });
  if (!options.quiet) log(`dumps     ${(performance.now() - t0).toFixed(0).padStart(5)} ms`);
  log(
    `built ${graph.facts.length} facts → ${graph.quads.length} quads in ${(performance.now() - started).toFixed(0)} ms; ` +
      `${summarize(graph.diagnostics)}; dataset version ${manifest.version} in ${displayPath(config, config.distDir)}/`,
  );
  return manifest;
}
