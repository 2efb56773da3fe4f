// Writes dist/: the dataset in six RDF serialisations (each also gzipped), its VoID + DCAT
// description and a manifest, byte-identical for the same input, swapped in atomically.

import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { DUMP_NAME } from '../dataset.ts';
import { N_QUADS, N_TRIPLES, RDF_FORMATS, TURTLE, type RdfFormat } from '../rdf/formats.ts';
import type { JsonLdContext } from '../rdf/jsonld.ts';
import { termToNT } from '../rdf/n-triples.ts';
import { writeTurtle } from '../rdf/turtle.ts';
import { GRAPH_NAMES, RDF, WRITER_PREFIXES, iris, type GraphName } from '../vocab.ts';
import { describeDataset, exampleIris, type DumpFile, type TripleCounts } from './describe-dataset.ts';
import { encodeLines, packQuads, putDump, putFile, renderDump, WRITTEN } from './render-dump.ts';
import { renderInWorkers, renderWorkerCount } from './render-pool.ts';

const { quad } = N3.DataFactory;

/** The N-Quads dump: what the server loads, and whose hash is the dataset version. */
export const MAIN_DUMP = `${DUMP_NAME}.${N_QUADS.extension}`;

export type { DumpFile } from './describe-dataset.ts';

export interface DumpOptions {
  /** Absolute path of the folder to (re)place. */
  distDir: string;
  base: string;
  /**
   * dcterms:modified of the dataset (ISO 8601 date-time), derived from the inputs (e.g. the git commit
   * time of the article, see `sourceModified`), never from the clock, so builds are reproducible.
   */
  modified: string;
  /** The JSON-LD context of the JSON-LD dump (the `@context` of config.files.context). */
  context: JsonLdContext;
  /** Where the dump files are downloaded from (default `{base}dumps/`). */
  downloadBase?: string;
  /** Other generated files to ship in dist/ (listed in the manifest, not described as RDF dumps). */
  extraFiles?: { path: string; mediaType: string; body: string }[];
  /** A hash of every input file, recorded in the manifest so a caller can tell whether dist/ is current. */
  inputsHash?: string;
  /**
   * Worker threads rendering Turtle, TriG, JSON-LD and RDF/XML while the main thread writes N-Quads and
   * N-Triples (at most one per core). Default: one per core from {@link RENDER_WORKERS_FROM} quads on,
   * none below (starting a worker costs more than it saves on a small dataset).
   */
  renderWorkers?: number;
}

/** The dataset size from which the written syntaxes are rendered in worker threads by default. */
export const RENDER_WORKERS_FROM = 200_000;

export interface DumpManifest {
  dataset: string;
  /** The base the instance IRIs were minted under. */
  base: string;
  /** `DumpOptions.inputsHash`, when given. */
  inputsHash?: string;
  /** First 16 hex digits of the SHA-256 of anmc21.nq. */
  version: string;
  modified: string;
  triples: TripleCounts;
  files: DumpFile[];
}

interface RenderContext {
  /** All quads, sorted (graph, subject, predicate, object), with their N-Quads lines. */
  quads: Quad[];
  nquads: string[];
  /** The union's distinct triples grouped by subject, rdf:type first, with their N-Triples lines. */
  triples: Quad[];
  ntriples: string[];
  prefixes: Record<string, string>;
  context: JsonLdContext;
}

/**
 * The committer date of the last commit that touched `file` (ISO 8601), for `DumpOptions.modified`.
 * Throws when the file has no commit (an uncommitted checkout cannot give a reproducible date).
 */
export function sourceModified(file: string, cwd = process.cwd()): string {
  const date = execFileSync('git', ['log', '-1', '--format=%cI', '--', file], { cwd, encoding: 'utf8' }).trim();
  if (!date) throw new Error(`${file} has no git commit to date the dataset by; pass DumpOptions.modified explicitly`);
  return date;
}

/** `{prefix: namespace}` for humans: the writers' prefixes plus one per kind of instance IRI. */
export function dumpPrefixes(base: string): Record<string, string> {
  const ids = iris(base);
  const kinds = [
    'city',
    'place',
    'person',
    'concept',
    'network',
    'membership',
    'meeting',
    'event',
    'declaration',
    'source',
    'quote',
    'statement',
  ];
  return {
    ...WRITER_PREFIXES,
    ...Object.fromEntries(kinds.map((k) => [k, ids.id(k, '')])),
    graph: ids.graph('' as GraphName),
  };
}

/** Every RDF syntax is dumped, N-Quads first (its hash is the version). */
const DUMP_FORMATS: readonly RdfFormat[] = [N_QUADS, ...RDF_FORMATS.filter((f) => f !== N_QUADS)];

interface Row {
  quad: Quad;
  g: string;
  s: string;
  p: string;
  o: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The quads in canonical order and the union's triples grouped for humans, each with its line of
 * N-Quads / N-Triples; every term is written once (this is the hot path of the build).
 */
function orderDataset(input: readonly Quad[]): Pick<RenderContext, 'quads' | 'nquads' | 'triples' | 'ntriples'> {
  const rows: Row[] = input.map((quad) => ({
    quad,
    g: termToNT(quad.graph),
    s: termToNT(quad.subject),
    p: termToNT(quad.predicate),
    o: termToNT(quad.object),
  }));
  rows.sort((a, b) => compare(a.g, b.g) || compare(a.s, b.s) || compare(a.p, b.p) || compare(a.o, b.o));
  const quads: Quad[] = [];
  const nquads: string[] = [];
  const union = new Map<string, Row>();
  let last = '';
  for (const r of rows) {
    const triple = `${r.s} ${r.p} ${r.o}`;
    const line = r.g ? `${triple} ${r.g} .` : `${triple} .`;
    if (line === last) continue;
    last = line;
    quads.push(r.quad);
    nquads.push(line);
    if (!union.has(triple)) union.set(triple, r);
  }
  const type = `<${RDF('type')}>`;
  const grouped = [...union.values()].sort(
    (a, b) =>
      compare(a.s, b.s) || Number(b.p === type) - Number(a.p === type) || compare(a.p, b.p) || compare(a.o, b.o),
  );
  return {
    quads,
    nquads,
    triples: grouped.map((r) =>
      quad(r.quad.subject as N3.Quad_Subject, r.quad.predicate as N3.Quad_Predicate, r.quad.object as N3.Quad_Object),
    ),
    ntriples: grouped.map((r) => `${r.s} ${r.p} ${r.o} .`),
  };
}

/**
 * Write every dump into a fresh folder beside `distDir`, then swap it in. If anything fails, the
 * previous `distDir` is left as it was and the temporary folder is removed.
 */
export async function writeDumps(quads: readonly Quad[], options: DumpOptions): Promise<DumpManifest> {
  const dist = path.resolve(options.distDir);
  await mkdir(path.dirname(dist), { recursive: true });
  await removeStaleTemporaries(dist);
  const tmp = await mkdtemp(path.join(path.dirname(dist), temporaryPrefix(dist)));
  try {
    const manifest = await writeInto(tmp, quads, options);
    await swapIn(tmp, dist);
    return manifest;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
}

/** Temporary folders of a build of `dist` are its siblings named `.{name}.tmp-…` (and `….old` while swapping). */
const temporaryPrefix = (dist: string) => `.${path.basename(dist)}.tmp-`;

/** A temporary folder older than this is a build that was killed, not one in progress. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** Remove what killed builds left beside `dist` (the server never reads them; this keeps the disk clean). */
async function removeStaleTemporaries(dist: string): Promise<void> {
  const parent = path.dirname(dist);
  const prefix = temporaryPrefix(dist);
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    if (!name.startsWith(prefix)) continue;
    const at = path.join(parent, name);
    const info = await stat(at).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_TEMPORARY_MS) await rm(at, { recursive: true, force: true });
  }
}

async function swapIn(tmp: string, dist: string): Promise<void> {
  const old = `${tmp}.old`;
  const hadDist = await stat(dist).then(
    () => true,
    () => false,
  );
  if (hadDist) await rename(dist, old);
  try {
    await rename(tmp, dist);
  } catch (error) {
    if (hadDist) await rename(old, dist);
    throw error;
  }
  if (hadDist) await rm(old, { recursive: true, force: true });
}

async function writeInto(dir: string, input: readonly Quad[], options: DumpOptions): Promise<DumpManifest> {
  for (const q of input) {
    if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode') {
      throw new Error('The dataset must not contain blank nodes');
    }
  }
  const ctx: RenderContext = { ...orderDataset(input), prefixes: dumpPrefixes(options.base), context: options.context };
  const quads = ctx.quads;
  const files: DumpFile[] = [];
  const put = async (name: string, mediaType: string, body: Buffer) => {
    files.push(await putFile(dir, name, mediaType, body));
  };
  const written = DUMP_FORMATS.filter((f) => WRITTEN[f.mediaType]);
  const inputOf = (format: RdfFormat) => (WRITTEN[format.mediaType]!.input === 'quads' ? quads : ctx.triples);
  // One job per input (quads for TriG and JSON-LD, the union's triples for Turtle and RDF/XML), so a
  // worker unpacks each input once.
  const groups = ([4, 3] as const)
    .map((width) => ({
      width,
      formats: written.filter((f) => (WRITTEN[f.mediaType]!.input === 'quads') === (width === 4)),
    }))
    .filter((g) => g.formats.length > 0);
  const workers = renderWorkerCount(
    options.renderWorkers ?? (quads.length >= RENDER_WORKERS_FROM ? os.availableParallelism() : 0),
    groups.length,
  );
  // The written syntaxes start first (in workers), the sort's own lines are written meanwhile.
  const rendered: Promise<DumpFile[][][]> =
    workers > 0
      ? renderInWorkers(
          groups.map(({ width, formats }) => ({
            dir,
            formats,
            quads: packQuads(width === 4 ? quads : ctx.triples, width),
            width,
            prefixes: ctx.prefixes,
            context: ctx.context,
          })),
          workers,
        )
      : Promise.resolve([]);
  const byFormat = new Map<RdfFormat, DumpFile[]>();
  const ownLines = async () => {
    byFormat.set(N_QUADS, await putDump(dir, N_QUADS, encodeLines(ctx.nquads)));
    byFormat.set(N_TRIPLES, await putDump(dir, N_TRIPLES, encodeLines(ctx.ntriples)));
    if (workers === 0)
      for (const format of written)
        byFormat.set(
          format,
          await renderDump(dir, format, { quads: inputOf(format), prefixes: ctx.prefixes, context: ctx.context }),
        );
  };
  // Both settle before a failure is thrown: nothing may still be writing into `dir` when it is removed.
  const [own, others] = await Promise.allSettled([ownLines(), rendered]);
  if (own.status === 'rejected') throw own.reason;
  if (others.status === 'rejected') throw others.reason;
  others.value.forEach((perFormat, i) =>
    perFormat.forEach((entries, j) => byFormat.set(groups[i]!.formats[j]!, entries)),
  );
  for (const format of DUMP_FORMATS) files.push(...byFormat.get(format)!);
  const nq = files.find((f) => f.path === MAIN_DUMP)!;
  const counts = tripleCounts(quads, options.base, ctx.triples.length);
  const version = nq.sha256.slice(0, 16);
  const subjects = new Set(quads.map((q) => q.subject.value));
  const description = describeDataset({
    base: options.base,
    modified: options.modified,
    version,
    counts,
    files,
    examples: exampleIris(options.base).filter((iri) => subjects.has(iri)),
    downloadBase: options.downloadBase,
  });
  await put('void.ttl', TURTLE.mediaType, Buffer.from(writeTurtle(description, ctx.prefixes), 'utf8'));
  for (const extra of options.extraFiles ?? []) {
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(extra.path) || files.some((f) => f.path === extra.path))
      throw new Error(`Bad or duplicate extra file name "${extra.path}"`);
    await put(extra.path, extra.mediaType, Buffer.from(extra.body, 'utf8'));
  }
  const manifest: DumpManifest = {
    dataset: iris(options.base).dataset,
    base: options.base,
    ...(options.inputsHash ? { inputsHash: options.inputsHash } : {}),
    version,
    modified: options.modified,
    triples: counts,
    files: [...files].sort((a, b) => a.path.localeCompare(b.path)),
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

function tripleCounts(quads: readonly Quad[], base: string, union: number): TripleCounts {
  const ids = iris(base);
  const counts = Object.fromEntries(GRAPH_NAMES.map((g) => [g, 0])) as Record<GraphName, number>;
  const byIri = new Map(GRAPH_NAMES.map((g) => [ids.graph(g), g]));
  for (const q of quads) {
    const name = byIri.get(q.graph.value);
    if (!name) throw new Error(`Quad in an unknown graph <${q.graph.value}>`);
    counts[name]++;
  }
  return { ...counts, total: union };
}
