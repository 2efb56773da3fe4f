// The one entry point: `anmc21 build | serve | query | check`. Loads a validated config and calls
// the stages as plain functions.

import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { formatDiagnostic, type Diagnostic } from './diagnostics.ts';
import { sourceModified, writeDumps } from './dump/write-dumps.ts';
import { statSync } from 'node:fs';
import { buildGraph, CONTEXT_FILE } from './pipeline.ts';
import { exportFiles } from './links/exports.ts';
import { ARTICLE_PAGE } from './map/map-facts.ts';
import { wikiPageIri } from './map/entities.ts';
import { quadToNQ } from './map/n-triples.ts';
import { checkQuery, QueryCheckError } from './store/check-query.ts';
import { createOxigraphStore } from './store/oxigraph-store.ts';

const USAGE = `Usage: anmc21 <command> [options]

Commands:
  build [--dist DIR] [--quiet]      extract → map → validate → write the dumps to dist/
  check                             run the pipeline and print its diagnostics; write nothing
  serve [--port N] [--host H]       build if the inputs changed, then serve the dataset
  query <FILE.rq | 'SPARQL'> [--format json|csv|tsv|xml|ttl|nt|nq|trig|jsonld|rdfxml]
                                    run a read-only query over the built dataset

Environment: PORT, HOST, PUBLIC_URL, ANMC21_BASE, SPARQL_TIMEOUT_MS, SPARQL_WORKERS, SPARQL_MAX_ROWS.
Exit codes: 0 ok, 1 the input has errors (diagnostics printed), 2 usage or configuration error.`;

const ROOT = process.cwd();

class UsageError extends Error {}

function printDiagnostics(diagnostics: readonly Diagnostic[], quiet: boolean): void {
  for (const d of diagnostics) {
    if (quiet && d.severity === 'info') continue;
    (d.severity === 'error' ? console.error : console.log)(formatDiagnostic(d));
  }
}

function summarize(diagnostics: readonly Diagnostic[]): string {
  const n = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  return `${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} note(s)`;
}

/** extract → map → validate → dumps. Returns the process exit code. */
export async function build(config: Config, options: { quiet?: boolean } = {}): Promise<number> {
  const started = performance.now();
  const log = (line: string) => console.log(line);
  const graph = await buildGraph(config, ROOT, options.quiet ? () => {} : log);
  printDiagnostics(graph.diagnostics, !!options.quiet);
  if (!graph.ok) {
    console.error(`build failed: ${summarize(graph.diagnostics)}; ${config.distDir}/ left as it was`);
    return 1;
  }
  const t0 = performance.now();
  const store = createOxigraphStore([{ data: graph.quads.map(quadToNQ).join('\n'), format: 'application/n-quads' }]);
  const extraFiles = await exportFiles(store, config.base, wikiPageIri(ARTICLE_PAGE));
  const report = await writeDumps(graph.quads, {
    distDir: path.resolve(ROOT, config.distDir),
    base: config.base,
    sourceFile: config.sourceFile,
    modified: datasetModified(config.sourceFile),
    inputsHash: graph.inputsHash,
    extraFiles,
  });
  if (!options.quiet) console.log(`dumps     ${(performance.now() - t0).toFixed(0).padStart(5)} ms`);
  console.log(
    `built ${graph.facts.length} facts → ${graph.quads.length} quads in ${(performance.now() - started).toFixed(0)} ms; ` +
      `${summarize(graph.diagnostics)}; dataset version ${report.version.slice(0, 12)} in ${config.distDir}/`,
  );
  return 0;
}

/**
 * The dataset's dcterms:modified: the commit date of the article (reproducible); outside a git
 * checkout, the article file's modification time.
 */
function datasetModified(sourceFile: string): string {
  try {
    return sourceModified(sourceFile, ROOT);
  } catch {
    return statSync(path.resolve(ROOT, sourceFile)).mtime.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
}

/** True when dist/ was built from exactly the current inputs. */
async function distIsCurrent(config: Config): Promise<boolean> {
  const manifestFile = path.resolve(ROOT, config.distDir, 'manifest.json');
  if (!existsSync(manifestFile)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { inputsHash?: string; base?: string };
    const graph = await buildGraphHashOnly(config);
    return manifest.inputsHash === graph && manifest.base === config.base;
  } catch {
    return false;
  }
}

async function buildGraphHashOnly(config: Config): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { REGISTRY_FILE, ONTOLOGY_FILE, SHAPES_FILE } = await import('./pipeline.ts');
  const inputs = [config.sourceFile, path.posix.join(config.supplementsDir, 'facts.tsv'), REGISTRY_FILE, ONTOLOGY_FILE, SHAPES_FILE, CONTEXT_FILE];
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(`${f}\0`).update(await readFile(path.resolve(ROOT, f)).catch(() => '\0missing\0'));
  return hash.digest('hex');
}

const QUERY_FORMATS: Record<string, string> = {
  json: 'application/sparql-results+json',
  xml: 'application/sparql-results+xml',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  ttl: 'text/turtle',
  nt: 'application/n-triples',
  nq: 'application/n-quads',
  trig: 'application/trig',
  rdfxml: 'application/rdf+xml',
  jsonld: 'application/ld+json',
};

async function query(config: Config, target: string, format: string | undefined): Promise<number> {
  const text = target.endsWith('.rq') && existsSync(target) ? readFileSync(target, 'utf8') : target;
  let checked;
  try {
    checked = checkQuery(text, { baseIri: config.base });
  } catch (err) {
    if (err instanceof QueryCheckError) {
      const where = err.line !== undefined ? `${target.endsWith('.rq') ? target : 'query'}:${err.line}:${err.column ?? 1} ` : '';
      console.error(`${where}error ${err.message} query/${err.reason}`);
      return 1;
    }
    throw err;
  }
  if (!(await distIsCurrent(config))) {
    const code = await build(config, { quiet: true });
    if (code !== 0) return code;
  }
  const nquads = await readFile(path.resolve(ROOT, config.distDir, 'anmc21.nq'), 'utf8');
  const store = createOxigraphStore([{ data: nquads, format: 'application/n-quads' }]);
  const graphForm = checked.form === 'CONSTRUCT' || checked.form === 'DESCRIBE';
  const key = format ?? (graphForm ? 'ttl' : 'tsv');
  const mediaType = QUERY_FORMATS[key];
  if (!mediaType) throw new UsageError(`Unknown --format "${key}"; one of ${Object.keys(QUERY_FORMATS).join(', ')}`);
  const graphTypes = ['ttl', 'nt', 'nq', 'trig', 'rdfxml', 'jsonld'];
  if (graphForm !== graphTypes.includes(key)) {
    throw new UsageError(`--format ${key} does not fit a ${checked.form} query (use ${graphForm ? graphTypes.join('|') : 'json|csv|tsv|xml'})`);
  }
  if (key === 'jsonld') {
    const { serializeQuads } = await import('./http/rdf-serialize.ts');
    const result = await store.query(text);
    if (result.type !== 'quads') throw new Error('expected quads');
    const context = JSON.parse(await readFile(path.resolve(ROOT, CONTEXT_FILE), 'utf8'));
    process.stdout.write(await serializeQuads(result.quads, 'application/ld+json', { context: context['@context'] ?? context }));
    process.stdout.write('\n');
    return 0;
  }
  process.stdout.write(await store.queryRaw(text, mediaType));
  return 0;
}

async function serve(config: Config): Promise<number> {
  if (!(await distIsCurrent(config))) {
    console.log(`${config.distDir}/ is missing or out of date: building`);
    const code = await build(config);
    if (code !== 0) return code;
  }
  const { serve: startServer } = await import('./server.ts');
  await startServer(config);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dist: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      format: { type: 'string', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const env = { ...process.env };
  if (values.port !== undefined) env.PORT = values.port;
  if (values.host !== undefined) env.HOST = values.host;
  const config = loadConfig(values.dist ? { distDir: values.dist } : {}, env);
  switch (command) {
    case 'build':
      return build(config, { quiet: values.quiet });
    case 'check': {
      const graph = await buildGraph(config, ROOT, values.quiet ? () => {} : (l) => console.log(l));
      printDiagnostics(graph.diagnostics, !!values.quiet);
      console.log(`${graph.facts.length} facts, ${graph.quads.length} quads; ${summarize(graph.diagnostics)}`);
      return graph.ok ? 0 : 1;
    }
    case 'serve':
      return serve(config);
    case 'query':
      if (rest.length !== 1) throw new UsageError('query takes one argument: a .rq file or the query text');
      return query(config, rest[0], values.format);
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`anmc21: ${(err as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
    console.error(err);
    process.exitCode = 1;
  },
);
