// The dataset description (VoID + DCAT) served at /.well-known/void, /dataset and as the RDF of `/`:
// dist/void.ttl when the pipeline wrote one, otherwise built here from the store and the dumps.

import { readFile } from 'node:fs/promises';
import type { Quad } from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import type { Store } from '../store/store.ts';
import { DCAT, DCTERMS, type Iris, RDF, RDFS, SD, SPDX, VOID, WDT, XSD, ZHWIKI } from '../vocab.ts';
import type { DistInfo } from './dumps.ts';

const { namedNode, literal, quad, blankNode } = DataFactory;

export interface DatasetFacts {
  /** Quads per named graph, and in all. */
  graphCounts: Map<string, number>;
  total: number;
  /** A few resources to start from: the first city, meeting, membership and quote (by IRI order). */
  examples: string[];
}

/** Count quads per graph and pick example resources, with SPARQL through the facade. */
export async function readDatasetFacts(store: Store, iris: Iris): Promise<DatasetFacts> {
  const counts = await store.query(
    'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g',
  );
  const graphCounts = new Map<string, number>();
  if (counts.type === 'bindings') {
    for (const row of counts.rows) graphCounts.set(row.get('g')!.value, Number(row.get('n')!.value));
  }
  const examples: string[] = [];
  for (const kind of ['city', 'meeting', 'membership', 'quote']) {
    const prefix = iris.id(kind, '');
    const result = await store.query(
      `SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && STRSTARTS(STR(?s), ${JSON.stringify(prefix)})) } ORDER BY ?s LIMIT 1`,
    );
    if (result.type === 'bindings' && result.rows[0]) examples.push(result.rows[0].get('s')!.value);
  }
  return { graphCounts, total: await store.size(), examples };
}

export interface VoidInput {
  iris: Iris;
  dist: DistInfo;
  facts: DatasetFacts;
}

/** The VoID graph: dist/void.ttl when present (the pipeline's word wins), else {@link buildVoid}. */
export async function loadVoid(input: VoidInput): Promise<Quad[]> {
  const file = input.dist.files.find((f) => f.name === 'void.ttl');
  if (file)
    return new Parser({ format: 'text/turtle', baseIRI: input.iris.base }).parse(await readFile(file.path, 'utf8'));
  return buildVoid(input);
}

/** The licence of the data: the source article is Wikipedia text (CC BY-SA 4.0), and so is what is derived from it. */
export const LICENSE = 'https://creativecommons.org/licenses/by-sa/4.0/';
export const SOURCE_ARTICLE = ZHWIKI('亞洲主要都市網');

/**
 * VoID + DCAT for the dataset: title, licence, source, modified, triple counts (all and per graph),
 * one void:dataDump and dcat:Distribution per dump with size and SHA-256, example resources, the URI
 * space, its regex, and the formatter pattern (Wikidata P1921 style, `$1` = the path after the base).
 */
export function buildVoid({ iris, dist, facts }: VoidInput): Quad[] {
  const ds = namedNode(iris.dataset);
  const out: Quad[] = [];
  const add = (s: Quad['subject'], p: string, o: Quad['object']) => out.push(quad(s, namedNode(p), o));
  add(ds, RDF('type'), namedNode(VOID('Dataset')));
  add(ds, RDF('type'), namedNode(DCAT('Dataset')));
  add(ds, DCTERMS('title'), literal('ANMC21 (亞洲主要都市網) linked data', 'en'));
  add(
    ds,
    DCTERMS('description'),
    literal(
      'The Asian Network of Major Cities 21 as traceable linked data: every fact with its source quote or reference.',
      'en',
    ),
  );
  add(ds, DCTERMS('license'), namedNode(LICENSE));
  add(ds, DCTERMS('source'), namedNode(SOURCE_ARTICLE));
  add(ds, DCTERMS('modified'), literal(dist.modified.toISOString(), namedNode(XSD('dateTime'))));
  add(ds, DCTERMS('hasVersion'), literal(dist.version));
  add(ds, VOID('triples'), literal(String(facts.total), namedNode(XSD('integer'))));
  add(ds, VOID('uriSpace'), literal(iris.base));
  add(ds, VOID('uriRegexPattern'), literal(`^${iris.base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}id/.+`));
  add(ds, WDT('P1921'), literal(`${iris.base}$1`));
  add(ds, VOID('sparqlEndpoint'), namedNode(`${iris.base}sparql`));
  add(ds, VOID('rootResource'), namedNode(iris.id('network', 'anmc21')));
  for (const example of facts.examples) add(ds, VOID('exampleResource'), namedNode(example));
  for (const [graph, count] of facts.graphCounts) {
    const g = namedNode(graph);
    add(ds, VOID('subset'), g);
    add(g, RDF('type'), namedNode(VOID('Dataset')));
    add(g, SD('name'), g);
    add(g, VOID('triples'), literal(String(count), namedNode(XSD('integer'))));
  }
  for (const file of dist.files) {
    if (file.name === 'manifest.json' || file.name === 'void.ttl' || file.name.endsWith('.gz')) continue;
    const url = namedNode(`${iris.base}dumps/${file.name}`);
    add(ds, VOID('dataDump'), url);
    add(ds, DCAT('distribution'), url);
    add(url, RDF('type'), namedNode(DCAT('Distribution')));
    add(url, DCAT('downloadURL'), url);
    add(url, DCAT('mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${file.mediaType}`));
    add(url, DCAT('byteSize'), literal(String(file.size), namedNode(XSD('nonNegativeInteger'))));
    add(url, RDFS('label'), literal(file.name));
    const checksum = blankNode(`sha256-${file.name.replace(/[^A-Za-z0-9]/g, '-')}`);
    add(url, SPDX('checksum'), checksum);
    add(checksum, SPDX('algorithm'), namedNode(SPDX('checksumAlgorithm_sha256')));
    add(checksum, SPDX('checksumValue'), literal(file.sha256, namedNode(XSD('hexBinary'))));
    if (file.gzip) {
      const gz = namedNode(`${iris.base}dumps/${file.gzip.name}`);
      add(url, DCAT('compressFormat'), namedNode('https://www.iana.org/assignments/media-types/application/gzip'));
      add(ds, DCAT('distribution'), gz);
      add(gz, RDF('type'), namedNode(DCAT('Distribution')));
      add(gz, DCAT('downloadURL'), gz);
      add(gz, DCAT('compressFormat'), namedNode('https://www.iana.org/assignments/media-types/application/gzip'));
      add(gz, DCAT('packageFormat'), namedNode(`https://www.iana.org/assignments/media-types/${file.mediaType}`));
      add(gz, DCAT('byteSize'), literal(String(file.gzip.size), namedNode(XSD('nonNegativeInteger'))));
    }
  }
  return out;
}
