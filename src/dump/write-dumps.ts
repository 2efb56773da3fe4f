// Writes dist/: the dataset in six RDF serialisations (each also gzipped), its VoID + DCAT
// description and a manifest, byte-identical for the same input, swapped in atomically.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { sortQuads, termToNT } from '../map/n-triples.ts';
import {
  DCAT,
  DCTERMS,
  FOAF,
  GRAPH_NAMES,
  OWL,
  PREFIXES,
  RDF,
  RDFS,
  SD,
  SPDX,
  VOID,
  XSD,
  iris,
  type GraphName,
} from '../vocab.ts';
import { toCompactJsonLd, type JsonLdContext } from './write-jsonld.ts';
import { toRdfXml } from './write-rdfxml.ts';

const { namedNode, literal, quad } = N3.DataFactory;

export const DUMP_NAME = 'anmc21';
export const LICENCE = 'https://creativecommons.org/licenses/by-sa/4.0/';
const CONTEXT_FILE = new URL('../../ontology/context.jsonld', import.meta.url);

export interface DumpOptions {
  distDir: string;
  base: string;
  /**
   * dcterms:modified of the dataset (ISO 8601 date-time), derived from the inputs (e.g. the git commit
   * time of the article, see `sourceModified`), never from the clock, so builds are reproducible.
   */
  modified: string;
  /** Path of the article (recorded as the dataset's source). */
  sourceFile: string;
  /** The zh.wikipedia article the source file copies. */
  sourcePage?: string;
  /** Where the dump files are downloaded from (default `{base}dumps/`). */
  downloadBase?: string;
  /** The JSON-LD context (default ontology/context.jsonld). */
  context?: JsonLdContext;
  /** Other generated files to ship in dist/ (listed in the manifest, not described as RDF dumps). */
  extraFiles?: { path: string; mediaType: string; body: string }[];
  /** A hash of every input file, recorded in the manifest so a caller can tell whether dist/ is current. */
  inputsHash?: string;
}

export interface DumpFile {
  path: string;
  mediaType: string;
  encoding?: 'gzip';
  bytes: number;
  sha256: string;
}

export interface DumpManifest {
  dataset: string;
  /** The base the instance IRIs were minted under. */
  base: string;
  /** `DumpOptions.inputsHash`, when given. */
  inputsHash?: string;
  /** First 16 hex digits of the SHA-256 of anmc21.nq. */
  version: string;
  modified: string;
  triples: Record<GraphName, number> & { total: number };
  files: DumpFile[];
}

interface Format {
  ext: string;
  mediaType: string;
  render(ctx: RenderContext): string;
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

/** `{prefix: namespace}` for humans: the standard vocabularies plus one per kind of instance IRI. */
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
    ...PREFIXES,
    dcat: DCAT(''),
    void: VOID(''),
    foaf: FOAF(''),
    spdx: SPDX(''),
    sd: SD(''),
    zhwiki: 'https://zh.wikipedia.org/wiki/',
    ...Object.fromEntries(kinds.map((k) => [k, ids.id(k, '')])),
    graph: ids.graph('' as GraphName),
  };
}

const FORMATS: Format[] = [
  { ext: 'nq', mediaType: 'application/n-quads', render: ({ nquads }) => lines(nquads) },
  { ext: 'nt', mediaType: 'application/n-triples', render: ({ ntriples }) => lines(ntriples) },
  {
    ext: 'ttl',
    mediaType: 'text/turtle',
    render: ({ triples, prefixes }) => writeN3(triples, prefixes, 'text/turtle'),
  },
  {
    ext: 'trig',
    mediaType: 'application/trig',
    render: ({ quads, prefixes }) => writeN3(quads, prefixes, 'application/trig'),
  },
  {
    ext: 'jsonld',
    mediaType: 'application/ld+json',
    render: ({ quads, context }) => JSON.stringify(toCompactJsonLd(quads, context), null, 1) + '\n',
  },
  { ext: 'rdf', mediaType: 'application/rdf+xml', render: ({ triples, prefixes }) => toRdfXml(triples, prefixes) },
];

function lines(list: string[]): string {
  return list.length ? list.join('\n') + '\n' : '';
}

function writeN3(quads: Quad[], prefixes: Record<string, string>, format: string): string {
  const writer = new N3.Writer({ format, prefixes });
  let out = '';
  writer.addQuads(quads as N3.Quad[]);
  writer.end((error, result) => {
    if (error) throw error;
    out = result;
  });
  return out;
}

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

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Deterministic gzip: Node writes no file name and a zero mtime; the level is fixed. */
const gzip = (data: Buffer) => gzipSync(data, { level: 6 });

/**
 * Write every dump into a fresh folder beside `distDir`, then swap it in. If anything fails, the
 * previous `distDir` is left as it was and the temporary folder is removed.
 */
export async function writeDumps(quads: readonly Quad[], options: DumpOptions): Promise<DumpManifest> {
  const dist = path.resolve(options.distDir);
  await mkdir(path.dirname(dist), { recursive: true });
  const tmp = await mkdtemp(path.join(path.dirname(dist), `.${path.basename(dist)}.tmp-`));
  try {
    const manifest = await writeInto(tmp, quads, options);
    await swapIn(tmp, dist);
    return manifest;
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
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
  const context = options.context ?? (JSON.parse(await readFile(CONTEXT_FILE, 'utf8')) as JsonLdContext);
  const ctx: RenderContext = { ...orderDataset(input), prefixes: dumpPrefixes(options.base), context };
  const quads = ctx.quads;
  const files: DumpFile[] = [];
  const put = async (name: string, mediaType: string, body: Buffer, encoding?: 'gzip') => {
    await writeFile(path.join(dir, name), body);
    files.push({ path: name, mediaType, ...(encoding ? { encoding } : {}), bytes: body.length, sha256: sha256(body) });
  };
  for (const format of FORMATS) {
    const body = Buffer.from(format.render(ctx), 'utf8');
    await put(`${DUMP_NAME}.${format.ext}`, format.mediaType, body);
    await put(`${DUMP_NAME}.${format.ext}.gz`, format.mediaType, gzip(body), 'gzip');
  }
  const nq = files.find((f) => f.path === `${DUMP_NAME}.nq`)!;
  const counts = tripleCounts(quads, options.base, ctx.triples.length);
  const version = nq.sha256.slice(0, 16);
  const description = describeDataset({ ...options, files, counts, version });
  await put('void.ttl', 'text/turtle', Buffer.from(writeN3(description, ctx.prefixes, 'text/turtle'), 'utf8'));
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

function tripleCounts(quads: readonly Quad[], base: string, union: number): DumpManifest['triples'] {
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

/** VoID + DCAT: the dataset, its graphs as subsets with triple counts, one distribution per file. */
function describeDataset(
  o: DumpOptions & { files: DumpFile[]; counts: DumpManifest['triples']; version: string },
): Quad[] {
  const ids = iris(o.base);
  const out: Quad[] = [];
  const add = (s: string, p: string, obj: N3.Quad_Object) => out.push(quad(namedNode(s), namedNode(p), obj));
  const int = (n: number, dt = XSD('integer')) => literal(String(n), namedNode(dt));
  const iana = (type: string) => namedNode(`http://www.iana.org/assignments/media-types/${type}`);
  const ds = ids.dataset;
  const downloads = o.downloadBase ?? `${o.base}dumps/`;
  const page = o.sourcePage ?? '亞洲主要都市網';

  add(ds, RDF('type'), namedNode(VOID('Dataset')));
  add(ds, RDF('type'), namedNode(DCAT('Dataset')));
  add(ds, DCTERMS('title'), literal('Asian Network of Major Cities 21 (ANMC21) as linked data', 'en'));
  add(ds, DCTERMS('title'), literal('亞洲主要都市網關聯資料', 'zh-hant'));
  add(
    ds,
    DCTERMS('description'),
    literal(
      'The Traditional-Chinese Wikipedia article on ANMC21 as a traceable RDF graph: every fact with its quote and line, supplemented by reviewed facts from other public sources, each with its reference and confidence.',
      'en',
    ),
  );
  add(ds, DCTERMS('license'), namedNode(LICENCE));
  add(ds, DCTERMS('modified'), literal(o.modified, namedNode(XSD('dateTime'))));
  add(ds, OWL('versionInfo'), literal(o.version));
  add(ds, DCTERMS('source'), namedNode(`https://zh.wikipedia.org/wiki/${page}`));
  add(ds, DCTERMS('source'), namedNode(ids.id('source', 'article')));
  add(ds, RDFS('comment'), literal(`Built from ${o.sourceFile}.`, 'en'));
  add(ds, VOID('uriSpace'), literal(`${o.base}id/`));
  add(ds, VOID('uriRegexPattern'), literal(`^${o.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}id/[a-z]+/.+`));
  add(ds, VOID('vocabulary'), namedNode('https://w3id.org/anmc21/ontology/'));
  add(ds, VOID('triples'), int(o.counts.total));
  add(ds, VOID('sparqlEndpoint'), namedNode(`${o.base}sparql`));
  for (const example of [ids.id('network', 'anmc21'), ids.id('city', 'tokyo'), ids.id('meeting', '2001-10')]) {
    add(ds, VOID('exampleResource'), namedNode(example));
  }
  add(ds, FOAF('page'), namedNode(`https://zh.wikipedia.org/wiki/${page}`));
  for (const g of GRAPH_NAMES) {
    const sub = ids.graph(g);
    add(ds, VOID('subset'), namedNode(sub));
    add(sub, RDF('type'), namedNode(VOID('Dataset')));
    add(sub, RDF('type'), namedNode(SD('NamedGraph')));
    add(sub, SD('name'), namedNode(sub));
    add(sub, VOID('triples'), int(o.counts[g]));
  }
  for (const file of o.files) {
    const dist = `${ds}/distribution/${file.path}`;
    const url = `${downloads}${file.path}`;
    add(ds, DCAT('distribution'), namedNode(dist));
    add(ds, VOID('dataDump'), namedNode(url));
    add(dist, RDF('type'), namedNode(DCAT('Distribution')));
    add(dist, DCAT('downloadURL'), namedNode(url));
    add(dist, DCAT('mediaType'), iana(file.mediaType));
    if (file.encoding) add(dist, DCAT('compressFormat'), iana('application/gzip'));
    add(dist, DCAT('byteSize'), int(file.bytes, XSD('nonNegativeInteger')));
    add(dist, DCTERMS('license'), namedNode(LICENCE));
    add(dist, DCTERMS('title'), literal(file.path));
    const checksum = `${dist}#sha256`;
    add(dist, SPDX('checksum'), namedNode(checksum));
    add(checksum, RDF('type'), namedNode(SPDX('Checksum')));
    add(checksum, SPDX('algorithm'), namedNode(SPDX('checksumAlgorithm_sha256')));
    add(checksum, SPDX('checksumValue'), literal(file.sha256, namedNode(XSD('hexBinary'))));
  }
  return sortQuads(out);
}
