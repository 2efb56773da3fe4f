// The dataset description (VoID + DCAT) served at /.well-known/void, /dataset and as the RDF of `/`:
// dist/void.ttl when the pipeline wrote one, otherwise built by the same builder from the manifest and
// the store; and the counts and examples the landing page shows.

import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { describeDataset, dumpFileOf, exampleIris, type TripleCounts } from '../dump/describe-dataset.ts';
import { readDistFile, type DistInfo } from '../dump/read-dist.ts';
import { TURTLE } from '../rdf/formats.ts';
import { iriRef } from '../rdf/terms.ts';
import type { Store } from '../store/store.ts';
import { GRAPH_NAMES, type Iris } from '../vocab.ts';

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
  store: Store;
}

/**
 * The VoID graph: dist/void.ttl when present (the pipeline's word), else the same builder's statements
 * (dump/describe-dataset.ts) from the manifest and the store.
 */
export async function loadVoid({ iris, dist, store }: VoidInput): Promise<Quad[]> {
  const file = dist.files.find((f) => f.name === 'void.ttl');
  if (file)
    return new Parser({ format: TURTLE.mediaType, baseIRI: iris.base }).parse(
      (await readDistFile(file)).toString('utf8'),
    );
  const examples: string[] = [];
  for (const iri of exampleIris(iris.base)) {
    const found = await store.query(`ASK { GRAPH ?g { ${iriRef(iri)} ?p ?o } }`);
    if (found.type === 'boolean' && found.value) examples.push(iri);
  }
  return describeDataset({
    base: iris.base,
    modified: dist.modifiedText,
    version: dist.version,
    counts: dist.triples ?? (await countTriples(store, iris)),
    files: dist.files.map((f) => dumpFileOf(f.name, f.size, f.sha256, f.mediaType)),
    examples,
  });
}

/** Triples per graph of the dataset, and the distinct triples of their union, with SPARQL through the facade. */
async function countTriples(store: Store, iris: Iris): Promise<TripleCounts> {
  const count = async (query: string) => {
    const result = await store.query(query);
    return result.type === 'bindings' ? Number(result.rows[0]?.get('n')?.value ?? 0) : 0;
  };
  const counts = { total: 0 } as TripleCounts;
  for (const g of GRAPH_NAMES)
    counts[g] = await count(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH ${iriRef(iris.graph(g))} { ?s ?p ?o } }`);
  counts.total = await count(
    'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }',
  );
  return counts;
}
