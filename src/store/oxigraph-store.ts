// The store facade over Oxigraph (in-process, WebAssembly): loading, matching, queries, engine serialisations.

import oxigraph from 'oxigraph';
import { DataFactory } from 'n3';
import type { Quad, Quad_Graph, Quad_Object, Quad_Predicate, Quad_Subject, Term } from '@rdfjs/types';
import { checkQuery, type CheckedQuery } from './check-query.ts';
import type { QueryShapeLimits } from './query-shape.ts';
import {
  bareMediaType,
  formatsForQuery,
  N_QUADS,
  N_TRIPLES,
  RDF_XML,
  RESULTS_JSON,
  TRIG,
  TURTLE,
  type Format,
  type QueryForm,
} from '../rdf/formats.ts';
import { readJsonResults } from '../rdf/sparql-results.ts';
import type { QueryOptions, Store } from './store.ts';

/** RDF syntaxes the engine reads and writes (JSON-LD is written by rdf/jsonld.ts, never by the engine). */
const ENGINE_FORMATS = [TURTLE, N_TRIPLES, RDF_XML, N_QUADS, TRIG] as const;

/** Serialisations the store loads. */
export type LoadFormat = (typeof ENGINE_FORMATS)[number]['mediaType'];

export interface StoreInput {
  /** The text, or its UTF-8 bytes in chunks (parsed as they come: see verified-file.ts). */
  data: string | Iterable<Uint8Array>;
  format: LoadFormat;
  /** Graph IRI for the triples (for TriG/N-Quads: for the default-graph part). Absent: the default graph. */
  graph?: string;
  /** Base IRI for relative IRIs in `data`. */
  baseIri?: string;
  /**
   * The bytes are a dump our build wrote (strict serialisers over checked terms) and their SHA-256 is
   * being checked against its manifest as they load (verified-file.ts): parsed without re-validating
   * IRIs, language tags and literals (Oxigraph's lenient mode), which loads the 1M-quad bench dump in
   * ~2.5 s instead of 3.5–6.5 s, into the same store (test/unit/verified-file.test.ts compares the two).
   * Anything else is parsed strictly.
   */
  verified?: boolean;
}

/** What running a query needs of its check (check-query.ts): plain data, so it can cross to a worker. */
export type RunnableQuery = Pick<CheckedQuery, 'text' | 'form' | 'dataset'>;

/** The facade plus loading, which only set-up code and tests use, and runs of queries checked elsewhere. */
export interface OxigraphStore extends Store {
  /** Add data; inputs are parsed strictly unless `verified`, a failure leaves earlier inputs loaded. */
  load(inputs: readonly StoreInput[]): void;
  /**
   * `queryRaw` for a query the caller has checked (the query pool checks on the main thread, once):
   * not parsed again here. `mediaType` must be one of `rawMediaTypes(query.form)`.
   */
  queryCheckedRaw(query: RunnableQuery, mediaType: string, options?: QueryOptions): string;
  /** The quads of a checked CONSTRUCT or DESCRIBE (for JSON-LD, which the engine does not write). */
  queryCheckedQuads(query: RunnableQuery, options?: QueryOptions): Quad[];
}

/**
 * Media types `queryRaw` writes for a query form: the results syntaxes that fit it (ASK has no CSV/TSV
 * form), or for CONSTRUCT/DESCRIBE the engine's RDF syntaxes. Graph results hold only default-graph
 * triples, so N-Quads equals N-Triples and TriG equals Turtle.
 */
export function rawMediaTypes(form: QueryForm): readonly string[] {
  const engine: readonly Format[] = ENGINE_FORMATS;
  return formatsForQuery(form)
    .filter((f) => f.kind === 'results' || engine.includes(f))
    .map((f) => f.mediaType);
}

/** The engine failed (bad data, unsupported format, evaluation error); `cause` is the engine's error. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * An in-memory Oxigraph store. Note the engine canonicalises literals on load (`"1.0"^^xsd:decimal`
 * is stored as `"1"`, `"01"^^xsd:integer` as `"1"`) and lower-cases language tags (`@EN-us` → `@en-us`).
 */
export function createOxigraphStore(
  input: readonly StoreInput[] = [],
  { shape }: { shape?: QueryShapeLimits } = {},
): OxigraphStore {
  const engine = new oxigraph.Store();

  function load(inputs: readonly StoreInput[]): void {
    for (const { data, format, graph, baseIri, verified } of inputs) {
      try {
        engine.load(data, {
          format,
          ...(verified ? { lenient: true } : {}),
          ...(graph ? { to_graph_name: oxigraph.namedNode(graph) } : {}),
          ...(baseIri ? { base_iri: baseIri } : {}),
        });
      } catch (error) {
        throw new StoreError(`Cannot load ${format} data${graph ? ` into <${graph}>` : ''}: ${messageOf(error)}`, {
          cause: error,
        });
      }
    }
  }

  /** Run on the engine; `checked` tells the form and whether the query names its own dataset. */
  function run(checked: RunnableQuery, options: QueryOptions, resultsFormat?: string): ReturnType<typeof engine.query> {
    try {
      return engine.query(checked.text, {
        ...datasetOptions(checked, options),
        ...(options.baseIri ? { base_iri: options.baseIri } : {}),
        ...(resultsFormat ? { results_format: resultsFormat } : {}),
      });
    } catch (error) {
      throw new StoreError(`Query failed: ${messageOf(error)}`, { cause: error });
    }
  }

  function queryCheckedRaw(checked: RunnableQuery, mediaType: string, options: QueryOptions = {}): string {
    const type = bareMediaType(mediaType);
    const supported = rawMediaTypes(checked.form);
    if (!supported.includes(type)) {
      throw new StoreError(`Cannot write ${checked.form} results as ${mediaType}; supported: ${supported.join(', ')}`);
    }
    return run(checked, options, type) as string;
  }

  load(input);

  return {
    load,

    async size() {
      return engine.size;
    },

    async match(subject, predicate, object, graph) {
      const [s, p, o, g] = [subject, predicate, object, graph].map((term) => (term ? oxigraph.fromTerm(term) : null));
      return engine.match(s, p, o, g).map((quad) => fromEngineQuad(quad as Quad));
    },

    async query(sparql, options = {}) {
      // The engine runs synchronously: let other work run between queries (a page made of several
      // queries then never holds the event loop for all of them at once).
      await yieldToEventLoop();
      // The store checks again: it needs the form and any FROM/FROM NAMED (see datasetOptions).
      const checked = checkQuery(sparql, { baseIri: options.baseIri, shape });
      switch (checked.form) {
        case 'ASK':
          return { type: 'boolean', value: run(checked, options) as boolean };
        case 'SELECT':
          // Through SPARQL JSON: the engine's object results omit the variable list.
          return readJsonResults(run(checked, options, RESULTS_JSON.mediaType) as string);
        default:
          return { type: 'quads', quads: (run(checked, options) as Quad[]).map(fromEngineQuad) };
      }
    },

    async queryRaw(sparql, mediaType, options = {}) {
      await yieldToEventLoop();
      return queryCheckedRaw(checkQuery(sparql, { baseIri: options.baseIri, shape }), mediaType, options);
    },

    queryCheckedRaw,

    queryCheckedQuads(checked, options = {}) {
      if (checked.form !== 'CONSTRUCT' && checked.form !== 'DESCRIBE')
        throw new StoreError(`A ${checked.form} query has no quads`);
      return (run(checked, options) as Quad[]).map(fromEngineQuad);
    },

    async graphs() {
      const rows = engine.query('SELECT DISTINCT ?g WHERE { GRAPH ?g {} }') as Map<string, Term>[];
      return rows
        .map((row) => row.get('g')!)
        .filter((g) => g.termType === 'NamedNode')
        .map((g) => g.value)
        .sort();
    },
  };
}

/**
 * The engine's dataset options. A dataset in the options (protocol `default-graph-uri`/`named-graph-uri`)
 * overrides the query's FROM/FROM NAMED; without either, the default graph is the union of all graphs.
 * The union flag would also override FROM, so it is only set when the query names no dataset.
 */
function datasetOptions(checked: RunnableQuery, { dataset }: QueryOptions) {
  const { defaultGraphs, namedGraphs } = dataset ?? {};
  if (!defaultGraphs && !namedGraphs && checked.dataset) return {};
  return {
    ...(defaultGraphs
      ? { default_graph: defaultGraphs.map((g) => oxigraph.namedNode(g)) }
      : { use_default_graph_as_union: true }),
    ...(namedGraphs ? { named_graphs: namedGraphs.map((g) => oxigraph.namedNode(g)) } : {}),
  };
}

/** Engine terms are handles into WebAssembly memory; copy them into plain N3.js terms. */
function fromEngineTerm(term: Term): Term {
  switch (term.termType) {
    case 'NamedNode':
      return DataFactory.namedNode(term.value);
    case 'BlankNode':
      return DataFactory.blankNode(term.value);
    case 'Literal':
      return DataFactory.literal(term.value, term.language || DataFactory.namedNode(term.datatype.value));
    case 'DefaultGraph':
      return DataFactory.defaultGraph();
    case 'Quad':
      return fromEngineQuad(term as Quad);
    default:
      throw new StoreError(`Unexpected ${term.termType} term from the engine`);
  }
}

function fromEngineQuad(quad: Quad): Quad {
  return DataFactory.quad(
    fromEngineTerm(quad.subject) as Quad_Subject,
    fromEngineTerm(quad.predicate) as Quad_Predicate,
    fromEngineTerm(quad.object) as Quad_Object,
    fromEngineTerm(quad.graph) as Quad_Graph,
  );
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
