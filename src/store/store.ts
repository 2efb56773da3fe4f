// The store facade: the only way the rest of the code reaches a SPARQL engine.
// Async on purpose, so a remote SPARQL store (issue 8) can sit behind the same interface.

import type { Quad, Term } from '@rdfjs/types';
import type { Solution, SolutionsOrBoolean } from '../rdf/sparql-results.ts';

/** One solution of a SELECT: variable name (no `?`) → bound term. Unbound variables are absent. */
export type Bindings = Solution;

/** The result of a query, tagged by its form. */
export type QueryResult = SolutionsOrBoolean | { type: 'quads'; quads: Quad[] };

/** The RDF dataset a query runs over (SPARQL 1.1 Protocol `default-graph-uri` / `named-graph-uri`). */
export interface QueryDataset {
  /** IRIs whose merge is the default graph. Absent: the union of all graphs. */
  defaultGraphs?: string[];
  /** IRIs of the named graphs visible to GRAPH. Absent: all named graphs. */
  namedGraphs?: string[];
}

export interface QueryOptions {
  dataset?: QueryDataset;
  baseIri?: string;
}

export interface Store {
  /** Number of quads in all graphs. */
  size(): Promise<number>;
  /** Quads matching a pattern; `null`/absent matches anything. */
  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): Promise<Quad[]>;
  /** Run a read-only SPARQL query (the caller has already checked it is one). */
  query(sparql: string, options?: QueryOptions): Promise<QueryResult>;
  /**
   * Run a read-only query and get its result already serialised by the engine, in a SPARQL
   * results format (`application/sparql-results+json` …) or an RDF format for graph results.
   */
  queryRaw(sparql: string, mediaType: string, options?: QueryOptions): Promise<string>;
  /** Named graphs present in the store. */
  graphs(): Promise<string[]>;
}
