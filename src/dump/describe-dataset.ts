// The dataset description (VoID + DCAT), the one builder: written to dist/void.ttl by the build and,
// for a dist/ without one, built by the server from the same facts, so both say the same statements.

import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import {
  ARTICLE_IRI,
  DATASET_DESCRIPTION_EN,
  DATASET_TITLES,
  EXAMPLE_RESOURCES,
  LICENCE,
  ROOT_RESOURCE,
} from '../dataset.ts';
import { MEDIA_TYPES, rdfFormatOfFile } from '../rdf/formats.ts';
import { sortQuads } from '../rdf/n-triples.ts';
import {
  ADMS,
  ANMC,
  DCAT,
  DCTERMS,
  FOAF,
  GRAPH_NAMES,
  IANA_MEDIA_TYPES,
  OWL,
  PAV,
  RDF,
  RDFS,
  SD,
  SPDX,
  VOID,
  WDT,
  XSD,
  iris,
  type GraphName,
} from '../vocab.ts';

const { namedNode, literal, quad } = N3.DataFactory;

/** A file of dist/ as the manifest lists it. */
export interface DumpFile {
  path: string;
  mediaType: string;
  encoding?: 'gzip';
  bytes: number;
  sha256: string;
}

/** Triples per named graph, and `total`: the distinct triples of their union (the default graph of queries). */
export type TripleCounts = Record<GraphName, number> & { total: number };

export interface DatasetDescriptionInput {
  base: string;
  /** dcterms:modified, ISO 8601 as recorded in the manifest. */
  modified: string;
  /** The dataset version (manifest `version`). */
  version: string;
  counts: TripleCounts;
  /** Files of dist/; the RDF dumps among them (and their .gz twins) become distributions. */
  files: readonly DumpFile[];
  /** Example resources the dataset holds (full IRIs). */
  examples: readonly string[];
  /** Where the dump files are downloaded from (default `{base}dumps/`). */
  downloadBase?: string;
}

/** The RDF dumps among dist/ files: `anmc21.ttl` and its twin `anmc21.ttl.gz`, not manifests or exports. */
export function isRdfDump(file: Pick<DumpFile, 'path' | 'encoding'>): boolean {
  return rdfFormatOfFile(file.encoding === 'gzip' ? file.path.replace(/\.gz$/, '') : file.path) !== undefined;
}

/**
 * dist/ files as DumpFiles from their names, sizes and hashes: a `.gz` twin of an RDF dump has its
 * dump's media type and gzip encoding; other files their own media type.
 */
export function dumpFileOf(name: string, bytes: number, sha256: string, mediaType: string): DumpFile {
  const inner = name.endsWith('.gz') ? rdfFormatOfFile(name.slice(0, -3)) : undefined;
  return inner
    ? { path: name, mediaType: inner.mediaType, encoding: 'gzip', bytes, sha256 }
    : { path: name, mediaType, bytes, sha256 };
}

/**
 * VoID + DCAT: the dataset (titles, licence, source, version, URI space, counts, examples, endpoint),
 * its graphs as subsets with their triple counts, and one dcat:Distribution per dump file with its
 * size and SHA-256 (a .gz twin with dcat:compressFormat); void:dataDump names the uncompressed dumps.
 * Sorted, and free of blank nodes, so two builds from the same facts give the same statements.
 */
export function describeDataset(o: DatasetDescriptionInput): Quad[] {
  const ids = iris(o.base);
  const out: Quad[] = [];
  const add = (s: string, p: string, obj: N3.Quad_Object) => out.push(quad(namedNode(s), namedNode(p), obj));
  const ds = ids.dataset;
  const downloads = o.downloadBase ?? `${o.base}dumps/`;

  add(ds, RDF('type'), namedNode(VOID('Dataset')));
  add(ds, RDF('type'), namedNode(DCAT('Dataset')));
  for (const [lang, title] of Object.entries(DATASET_TITLES)) add(ds, DCTERMS('title'), literal(title, lang));
  add(ds, DCTERMS('description'), literal(DATASET_DESCRIPTION_EN, 'en'));
  add(ds, DCTERMS('license'), namedNode(LICENCE));
  add(ds, DCTERMS('modified'), literal(o.modified, namedNode(XSD('dateTime'))));
  add(ds, OWL('versionInfo'), literal(o.version));
  add(ds, DCTERMS('source'), namedNode(ARTICLE_IRI));
  add(ds, DCTERMS('source'), namedNode(ids.id('source', 'article')));
  add(ds, FOAF('page'), namedNode(ARTICLE_IRI));
  // Every IRI the dataset mints is under the base: id/{kind}/{key}, graph/{name} and the dataset itself.
  add(ds, VOID('uriSpace'), literal(o.base));
  add(ds, VOID('uriRegexPattern'), literal(`^${escapeRegex(o.base)}(?:id/[a-z]+/.+|graph/[a-z]+|dataset)$`));
  // Wikidata's formatter URL (P1921): `$1` is the path after the base.
  add(ds, WDT('P1921'), literal(`${o.base}$1`));
  add(ds, VOID('vocabulary'), namedNode(ANMC.iri));
  add(ds, VOID('triples'), int(o.counts.total));
  add(ds, VOID('sparqlEndpoint'), namedNode(`${o.base}sparql`));
  add(ds, VOID('rootResource'), namedNode(ids.id(...ROOT_RESOURCE)));
  for (const example of o.examples) add(ds, VOID('exampleResource'), namedNode(example));
  for (const g of GRAPH_NAMES) {
    const sub = ids.graph(g);
    add(ds, VOID('subset'), namedNode(sub));
    add(sub, RDF('type'), namedNode(VOID('Dataset')));
    add(sub, RDF('type'), namedNode(SD('NamedGraph')));
    add(sub, SD('name'), namedNode(sub));
    add(sub, VOID('triples'), int(o.counts[g]));
  }
  for (const file of o.files.filter(isRdfDump)) addDistribution(add, ds, file, downloads);
  return sortQuads(out);
}

type Add = (s: string, p: string, o: N3.Quad_Object) => void;
const int = (n: number, dt = XSD('integer')) => literal(String(n), namedNode(dt));
const mediaType = (type: string) => namedNode(IANA_MEDIA_TYPES(type));

/**
 * One dcat:Distribution of a dump file: download URL, media type, gzip as compressFormat, size,
 * licence, and its SHA-256 as an spdx:Checksum; an uncompressed dump is also a void:dataDump.
 */
function addDistribution(add: Add, dataset: string, file: DumpFile, downloads: string): void {
  const dist = `${dataset}/distribution/${file.path}`;
  const url = `${downloads}${file.path}`;
  add(dataset, DCAT('distribution'), namedNode(dist));
  if (!file.encoding) add(dataset, VOID('dataDump'), namedNode(url));
  add(dist, RDF('type'), namedNode(DCAT('Distribution')));
  add(dist, DCAT('downloadURL'), namedNode(url));
  add(dist, DCAT('mediaType'), mediaType(file.mediaType));
  if (file.encoding) add(dist, DCAT('compressFormat'), mediaType(MEDIA_TYPES.gzip));
  add(dist, DCAT('byteSize'), int(file.bytes, XSD('nonNegativeInteger')));
  add(dist, DCTERMS('license'), namedNode(LICENCE));
  add(dist, DCTERMS('title'), literal(file.path));
  const checksum = `${dist}#sha256`;
  add(dist, SPDX('checksum'), namedNode(checksum));
  add(checksum, RDF('type'), namedNode(SPDX('Checksum')));
  add(checksum, SPDX('algorithm'), namedNode(SPDX('checksumAlgorithm_sha256')));
  add(checksum, SPDX('checksumValue'), literal(file.sha256, namedNode(XSD('hexBinary'))));
}

/** What the description of a release says: the fields of its manifest (release/releases.ts) it needs. */
export interface ReleaseDescriptionInput {
  base: string;
  version: string;
  /** ISO 8601: when it was recorded. */
  issued: string;
  previousVersion?: string;
  /** The changelog line. */
  changes: string;
  /** dcterms:modified of the dataset it holds, and that dataset's own version (N-Quads hash). */
  modified: string;
  datasetVersion: string;
  triples: number;
  code: { commit: string };
  /** Its downloadable files (served under `{release IRI}/`). */
  files: readonly DumpFile[];
}

/** The IRI of a release: `{base}releases/{version}` (served at /releases/{version}). */
export function releaseIri(base: string, version: string): string {
  return `${base}releases/${version}`;
}

/**
 * A release as a version of the dataset (DCAT 3 versioning, with PAV for older readers): a
 * dcat:Dataset that dcat:isVersionOf the dataset, its dcat:version, issue date, changelog line
 * (adms:versionNotes), the release before it (dcat:previousVersion and pav:previousVersion), its
 * size, and one distribution per file with its SHA-256.
 */
export function describeRelease(o: ReleaseDescriptionInput): Quad[] {
  const ids = iris(o.base);
  const out: Quad[] = [];
  const add: Add = (s, p, obj) => out.push(quad(namedNode(s), namedNode(p), obj));
  const release = releaseIri(o.base, o.version);
  add(release, RDF('type'), namedNode(DCAT('Dataset')));
  add(release, RDF('type'), namedNode(VOID('Dataset')));
  for (const [lang, title] of Object.entries(DATASET_TITLES)) {
    add(release, DCTERMS('title'), literal(`${title} (${lang === 'en' ? 'release' : '版本'} ${o.version})`, lang));
  }
  add(release, DCAT('isVersionOf'), namedNode(ids.dataset));
  add(release, DCAT('version'), literal(o.version));
  add(release, PAV('version'), literal(o.version));
  add(release, DCTERMS('issued'), literal(o.issued, namedNode(XSD('dateTime'))));
  add(release, DCTERMS('modified'), literal(o.modified, namedNode(XSD('dateTime'))));
  add(release, OWL('versionInfo'), literal(o.datasetVersion));
  add(release, ADMS('versionNotes'), literal(o.changes, 'en'));
  if (o.previousVersion) {
    const previous = namedNode(releaseIri(o.base, o.previousVersion));
    add(release, DCAT('previousVersion'), previous);
    add(release, PAV('previousVersion'), previous);
  }
  add(release, DCTERMS('license'), namedNode(LICENCE));
  add(release, DCTERMS('source'), namedNode(ARTICLE_IRI));
  add(release, RDFS('comment'), literal(`Built by commit ${o.code.commit} of the publisher.`, 'en'));
  add(release, VOID('triples'), int(o.triples));
  for (const file of o.files) addDistribution(add, release, file, `${release}/`);
  return sortQuads(out);
}

/**
 * What the dataset says of its releases: dcat:hasVersion each, and dcat:hasCurrentVersion the latest
 * one when `currentIsLatest` (the served data is that release's, byte for byte).
 */
export function describeVersions(base: string, versions: readonly string[], currentIsLatest: boolean): Quad[] {
  const ds = namedNode(iris(base).dataset);
  const out = versions.map((v) => quad(ds, namedNode(DCAT('hasVersion')), namedNode(releaseIri(base, v))));
  const latest = versions.at(-1);
  if (latest && currentIsLatest)
    out.push(quad(ds, namedNode(DCAT('hasCurrentVersion')), namedNode(releaseIri(base, latest))));
  return sortQuads(out);
}

/** The IRIs of EXAMPLE_RESOURCES under a base, in their order (the caller keeps those the data holds). */
export function exampleIris(base: string): string[] {
  const ids = iris(base);
  return EXAMPLE_RESOURCES.map(([kind, key]) => ids.id(kind, key));
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
