// The one entry point: `anmc21 build | check | serve | load | query | release | releases | diff`. Loads a validated config and calls
// the stages as plain functions.

import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, displayPath, loadConfig, type Config } from './config.ts';
import type { StoreChoice } from './server.ts';
import { distIsCurrent } from './inputs.ts';
import {
  formatsForQuery,
  isGraphForm,
  JSON_LD,
  lookupFormat,
  N_QUADS,
  RDF_FORMATS,
  RDF_PATCH,
  RESULTS_FORMATS,
} from './rdf/formats.ts';

const USAGE = `Usage: anmc21 <command> [options]

Commands:
  build [--dist DIR] [--source FILE] [--quiet] [--review]
                                    extract → map → validate → write the dumps to dist/, then compare
                                    with the latest release: every fact added, removed, changed or
                                    moved with its quotes (all of them with --source or --review)
  check                             run the pipeline and print its diagnostics; write nothing
  serve [--port N] [--host H] [--dist DIR] [--no-build] [--store memory|sparql --endpoint URL]
                                    build if the inputs changed (unless --no-build: serve DIR as it
                                    is), then serve the dataset (queries on the in-memory engine, or
                                    on a SPARQL 1.1 store loaded with \`load\`)
  load --store sparql --endpoint URL --graph-store URL
                                    push dist/ (every named graph) to a SPARQL store; re-running replaces
  query <FILE.rq | 'SPARQL'> [--format json|xml|csv|tsv|ttl|nt|nq|trig|jsonld|rdf]
                                    run a read-only query over the built dataset
  release --note 'what changed and why' [--dist DIR --code-version REV] [--date ISO] [--dry-run]
                                    record the built dataset as a new immutable release in releases/
                                    (rebuilt from HEAD unless --dist names a dist/ built at REV)
  releases                          list the releases and verify each against its manifest
  diff A B [--format text|rdfp|ttl|nt|nq|trig|jsonld|rdf]
                                    the changes from A to B (a release version, latest, or current:
                                    the built dist/), by entity and fact, as RDF Patch, or as RDF

Environment: PORT, HOST, PUBLIC_URL, ANMC21_BASE, SPARQL_TIMEOUT_MS, SPARQL_WORKERS, SPARQL_MAX_ROWS;
for a remote store ANMC21_SPARQL_USER, ANMC21_SPARQL_PASSWORD, ANMC21_SPARQL_AUTH (basic|digest|auto).
Exit codes: 0 ok, 1 the input has errors (diagnostics printed), 2 usage or configuration error.`;

class UsageError extends Error {}

/** Write dist/. The pipeline and the dump writers load only here: serving a current dist/ never pays for them. */
async function build(config: Config, quiet?: boolean, log?: (line: string) => void): Promise<boolean> {
  const { buildDist } = await import('./build.ts');
  return !!(await buildDist(config, { quiet, log }));
}

/** The N-Quads dump of dist/, the one the server and the query workers load. */
async function mainDump(config: Config): Promise<string> {
  const { MAIN_DUMP } = await import('./dump/write-dumps.ts');
  return path.join(config.distDir, MAIN_DUMP);
}

async function query(config: Config, target: string, format: string | undefined): Promise<number> {
  // The parser and the engine load with the command that needs them: `serve` starts its query workers first.
  const [{ checkQuery, QueryCheckError }, { createOxigraphStore }] = await Promise.all([
    import('./store/check-query.ts'),
    import('./store/oxigraph-store.ts'),
  ]);
  const text = target.endsWith('.rq') && existsSync(target) ? readFileSync(target, 'utf8') : target;
  let checked;
  try {
    checked = checkQuery(text, { baseIri: config.base });
  } catch (err) {
    if (err instanceof QueryCheckError) {
      const where =
        err.line !== undefined ? `${target.endsWith('.rq') ? target : 'query'}:${err.line}:${err.column ?? 1} ` : '';
      console.error(`${where}error ${err.message} query/${err.reason}`);
      return 1;
    }
    throw err;
  }
  if (!(await distIsCurrent(config)) && !(await build(config, true))) return 1;
  const nquads = await readFile(await mainDump(config), 'utf8');
  const store = createOxigraphStore([{ data: nquads, format: N_QUADS.mediaType }]);
  // The endpoint's names (rdf/formats.ts): `--format` means what `format=` means.
  const fitting = formatsForQuery(checked.form);
  const name = format ?? (isGraphForm(checked.form) ? 'ttl' : checked.form === 'ASK' ? 'json' : 'tsv');
  const found = lookupFormat(fitting, name);
  if (!('found' in found)) {
    throw new UsageError(
      'unfit' in found
        ? `--format ${name} does not fit a ${checked.form} query (use ${fitting.map((f) => f.extension).join('|')})`
        : `Unknown --format "${name}"; one of ${[...RESULTS_FORMATS, ...RDF_FORMATS].map((f) => f.extension).join(', ')}`,
    );
  }
  const chosen = found.found;
  if (chosen === JSON_LD) {
    // The engine writes no JSON-LD: our writer, compacted with the published context.
    const result = await store.query(text);
    if (result.type !== 'quads') throw new Error('expected quads');
    const { serializeQuads } = await import('./rdf/serialize.ts');
    const { loadContext } = await import('./rdf/jsonld.ts');
    process.stdout.write(
      await serializeQuads(result.quads, JSON_LD, { context: await loadContext(config.files.context) }),
    );
    return 0;
  }
  process.stdout.write(await store.queryRaw(text, chosen.mediaType));
  return 0;
}

function storeChoice(values: { store?: string; endpoint?: string }): StoreChoice {
  const kind = values.store ?? 'memory';
  if (kind === 'memory') {
    if (values.endpoint) throw new UsageError('--endpoint goes with --store sparql');
    return { kind: 'memory' };
  }
  if (kind !== 'sparql') throw new UsageError(`--store must be memory or sparql, got "${kind}"`);
  if (!values.endpoint || !/^https?:\/\//.test(values.endpoint))
    throw new UsageError('--store sparql needs --endpoint http(s)://…/sparql');
  return { kind: 'sparql', endpoint: values.endpoint };
}

async function load(
  config: Config,
  values: { store?: string; endpoint?: string; 'graph-store'?: string },
): Promise<number> {
  const choice = storeChoice(values);
  if (choice.kind !== 'sparql') throw new UsageError('load needs --store sparql --endpoint URL --graph-store URL');
  const graphStore = values['graph-store'];
  if (!graphStore || !/^https?:\/\//.test(graphStore))
    throw new UsageError('load needs --graph-store http(s)://… (the Graph Store HTTP Protocol endpoint)');
  if (!(await distIsCurrent(config)) && !(await build(config, true))) return 1;
  const { loadRemote } = await import('./store/remote/load.ts');
  const { credentialsFromEnv } = await import('./store/remote/http-client.ts');
  const report = await loadRemote({
    file: await mainDump(config),
    graphStore,
    endpoint: choice.endpoint,
    credentials: credentialsFromEnv(),
    log: (line) => console.log(line),
  });
  console.log(`loaded ${report.graphs.length} graphs in ${(report.ms / 1000).toFixed(1)} s; triple counts verified`);
  return 0;
}

async function serve(config: Config, choice: StoreChoice, noBuild: boolean): Promise<number> {
  if (!noBuild && !(await distIsCurrent(config))) {
    console.log(`${displayPath(config, config.distDir)}/ is missing or out of date: building`);
    if (!(await build(config))) return 1;
  }
  const { serve: startServer } = await import('./server.ts');
  await startServer(config, { store: choice });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dist: { type: 'string' },
      source: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      format: { type: 'string', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      store: { type: 'string' },
      'no-build': { type: 'boolean' },
      endpoint: { type: 'string' },
      'graph-store': { type: 'string' },
      review: { type: 'boolean' },
      note: { type: 'string' },
      'code-version': { type: 'string' },
      date: { type: 'string' },
      'dry-run': { type: 'boolean' },
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
  const config = loadConfig(
    {
      ...(values.dist ? { distDir: values.dist } : {}),
      ...(values.source ? { files: { source: values.source } } : {}),
    },
    env,
  );
  switch (command) {
    case 'build': {
      if (!(await build(config, values.quiet))) return 1;
      if (!values.quiet) {
        const { reviewBuild } = await import('./release-commands.ts');
        await reviewBuild(config, values.source !== undefined || !!values.review);
      }
      return 0;
    }
    case 'check': {
      const [{ buildGraph }, { printDiagnostics, summarize }] = await Promise.all([
        import('./pipeline.ts'),
        import('./build.ts'),
      ]);
      const graph = await buildGraph(config, values.quiet ? () => {} : (l) => console.log(l));
      printDiagnostics(graph.diagnostics, { quiet: values.quiet });
      console.log(`${graph.facts.length} facts, ${graph.quads.length} quads; ${summarize(graph.diagnostics)}`);
      return graph.ok ? 0 : 1;
    }
    case 'serve':
      return serve(config, storeChoice(values), !!values['no-build']);
    case 'load':
      return load(config, values);
    case 'query':
      if (rest.length !== 1) throw new UsageError('query takes one argument: a .rq file or the query text');
      return query(config, rest[0], values.format);
    case 'release': {
      if (rest.length > 0) throw new UsageError('release takes no arguments (the changelog line goes in --note)');
      if (!values.note) throw new UsageError("release needs --note 'what changed since the last release, and why'");
      if (!!values.dist !== (values['code-version'] !== undefined))
        throw new UsageError(
          '--dist and --code-version go together: a dist/ built elsewhere, and the commit that built it',
        );
      let issued: Date | undefined;
      if (values.date !== undefined) {
        issued = new Date(values.date);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(values.date) || Number.isNaN(issued.getTime()))
          throw new UsageError(`--date must be an ISO 8601 date-time, got ${JSON.stringify(values.date)}`);
      }
      const { recordFromCli } = await import('./release-commands.ts');
      return recordFromCli(config, {
        note: values.note,
        codeVersion: values['code-version'],
        issued,
        dryRun: !!values['dry-run'],
        build: () => build(config, true),
      });
    }
    case 'releases':
      return (await import('./release-commands.ts')).listAndVerify(config);
    case 'diff': {
      if (rest.length !== 2) throw new UsageError('diff takes two versions: a release version, latest, or current');
      const format = values.format ?? 'text';
      const formats = [RDF_PATCH, ...RDF_FORMATS];
      if (format !== 'text' && !('found' in lookupFormat(formats, format)))
        throw new UsageError(`--format must be text, ${formats.map((f) => f.extension).join(', ')}; got "${format}"`);
      const { diffVersions } = await import('./release-commands.ts');
      // The build's lines go to stderr: stdout carries the changeset (RDF Patch, RDF) alone.
      return diffVersions(config, rest[0], rest[1], format, () => build(config, true, (line) => console.error(line)));
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

/**
 * One line for any failure, and an exit: a failure to start (dist/ damaged, the port taken, the store
 * unreachable) leaves nothing running, but should a thread still hold the process, it exits anyway.
 */
function fail(code: number, line: string): void {
  console.error(line);
  process.exitCode = code;
  setTimeout(() => process.exit(code), 500).unref();
}

/** Failures a user can meet and fix (a damaged dist/, a port taken, a store unreachable or misconfigured). */
const EXPECTED_FAILURES = ['DistError', 'ListenError', 'ReleaseError', 'RemoteStoreError', 'QueryPoolError'];

/** Where an unexpected error was thrown (its first stack frame), for the one line. */
function thrownAt(err: Error): string {
  const frame = err.stack?.split('\n').find((l) => l.trim().startsWith('at '));
  const place = frame && /\(?((?:file:\/\/)?[^()]+:\d+:\d+)\)?$/.exec(frame.trim())?.[1];
  return place ? ` (at ${place.replace(/^file:\/\//, '')})` : '';
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (err: unknown) => {
    if (
      err instanceof UsageError ||
      err instanceof ConfigError ||
      (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      fail(2, `anmc21: ${(err as Error).message}\n\n${USAGE}`);
      return;
    }
    // By name: the modules that throw them load only with the command that needs them (dump/read-dist.ts,
    // http/listen.ts, the release modules, the store backends); each message names the file, address or
    // setting and the fault, so the place in our code would only be noise.
    if (err instanceof Error && EXPECTED_FAILURES.includes(err.name)) {
      fail(1, `anmc21: ${err.message}`);
      return;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    fail(1, `anmc21: ${e.name === 'Error' ? '' : `${e.name}: `}${e.message.split('\n')[0]}${thrownAt(e)}`);
  },
);
