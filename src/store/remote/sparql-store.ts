// The store facade over a remote SPARQL 1.1 Protocol endpoint (tested against Virtuoso 7): our
// parse-and-check, our timeout (fetch aborted) and our row limit; its runner is query-runner.ts.
//
// Store deviations handled here (measured; docs/backends.md), the Virtuoso ones in virtuoso.ts:
// - queries are POSTed form-encoded (a `application/sparql-query` body hangs Virtuoso 7);
// - without a dataset Virtuoso answers over its system graphs too, and `default-graph-uri` alone leaves
//   GRAPH ?g open to every graph, so every request names OUR graphs as both default and named graphs;
//   a query with its own FROM is rewritten (Virtuoso merges protocol graphs with FROM instead of
//   letting the protocol override it);
// - results are read as SPARQL JSON and graphs as N-Triples (its Turtle can alter literals, its TSV is
//   quoted CSV, it refuses N-Quads/TriG), then written by us in the format asked for (results.ts);
// - a result cut at the store's row cap, and an anytime timeout, are errors for `query()`, and a
//   flagged truncation (row cap) or a timeout error for the endpoint, never a complete answer.
// Size: the facade's members and `execute` share one closure (endpoint, graphs, dialect, row cap);
// the protocol pieces that stand alone are already in http-client, virtuoso, results and errors.

import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import { bareMediaType, MEDIA_TYPES, N_TRIPLES, RESULTS_CSV, RESULTS_JSON } from '../../rdf/formats.ts';
import { termToSparql } from '../../rdf/n-triples.ts';
import { iriRef } from '../../rdf/terms.ts';
import { checkQuery, type CheckedQuery } from '../check-query.ts';
import { cutTriples, writeWithin } from '../graph-limit.ts';
import type { PoolQuery } from '../query-runner.ts';
import { capSelectRows } from '../row-limit.ts';
import type { Bindings, QueryOptions, QueryResult, Store } from '../store.ts';
import { causeText, RemoteStoreError } from './errors.ts';
import { createHttpClient, type HttpAnswer, type SparqlCredentials } from './http-client.ts';
import { readNTriples, readSparqlJson, serialiseResult } from './results.ts';
import { storeErrorText } from './store-error-text.ts';
import {
  blankNodeIri,
  DESCRIBE_CBD,
  dialectOf,
  isAnytimeAnswer,
  ROW_CAP_PROBE,
  statedRowCap,
  type Dialect,
} from './virtuoso.ts';

export interface SparqlStoreOptions {
  /** SPARQL 1.1 Protocol query endpoint, e.g. http://127.0.0.1:8890/sparql. */
  endpoint: string;
  /**
   * OUR named graphs. The default graph of every query is their union and GRAPH sees only them; graphs a
   * request names outside this list are empty. (The store itself may hold other, e.g. system, graphs.)
   */
  graphs: readonly string[];
  credentials?: SparqlCredentials;
  /** Time limit of every request the store makes for the facade (not for `execute`), milliseconds. Default 30 000. */
  timeoutMs?: number;
  /**
   * `virtuoso` adds `DEFINE sql:describe-mode "CBD"` to DESCRIBE, a `timeout` parameter, and addresses
   * blank nodes as `<nodeID://…>`; `generic` does none of these. Default `auto`: Virtuoso when the
   * endpoint's `Server` header says so (read on the first request).
   */
  dialect?: 'virtuoso' | 'generic' | 'auto';
  /**
   * The store's own silent row cap (Virtuoso's ResultSetMaxRows). Learnt from `X-SPARQL-MaxRows`
   * headers, and on Virtuoso probed once; set it when the store's cap is above 100 000. A graph result
   * of at least this many triples may have been cut (Virtuoso sends no header for graph results) and
   * is refused.
   */
  storeMaxRows?: number;
  /** For tests. */
  fetch?: typeof fetch;
}

/** One query for the endpoint: the pool's request plus the row limit that applies. */
export interface RemoteQuery extends PoolQuery {
  /** Most SELECT rows returned; more are cut and flagged. */
  maxRows: number;
  /** Most CONSTRUCT/DESCRIBE triples returned; more are cut and flagged. Default: no cut. */
  maxTriples?: number;
  /** Most bytes of a graph result; triples past it are left out and flagged. Default: no cut. */
  maxBytes?: number;
  /** Required here: the time limit, milliseconds (enforced by aborting the request). */
  timeoutMs: number;
}

export interface RemoteResult {
  body: string;
  mediaType: string;
  rows?: number;
  /** Triples in `body` (CONSTRUCT/DESCRIBE). */
  triples?: number;
  truncated: boolean;
  elapsedMs: number;
}

export interface SparqlStore extends Store {
  readonly endpoint: string;
  readonly ourGraphs: readonly string[];
  /**
   * Run a query for the SPARQL endpoint: checked, limited to `timeoutMs` (the HTTP request is aborted)
   * and `maxRows` (SELECT cut and flagged; a cut by the store's own cap is flagged too), serialised in
   * `mediaType`. Throws RemoteStoreError.
   */
  execute(query: RemoteQuery): Promise<RemoteResult>;
}

/** A graph IRI that is never ours: stands for "no graphs" where the protocol cannot say an empty list. */
export const NO_GRAPH = 'urn:x-anmc21:no-graph';

export function createSparqlStore(options: SparqlStoreOptions): SparqlStore {
  const endpoint = new URL(options.endpoint).href;
  const ours = [...new Set(options.graphs)];
  const ourSet = new Set(ours);
  const http = createHttpClient(options.credentials, options.fetch ?? fetch);
  const defaultTimeoutMs = options.timeoutMs ?? 30_000;
  let storeCap = options.storeMaxRows;
  let dialect: Promise<'virtuoso' | 'generic'> | undefined =
    options.dialect && options.dialect !== 'auto' ? Promise.resolve(options.dialect) : undefined;

  function learnCap(headers: Headers): number | undefined {
    const stated = statedRowCap(headers);
    if (stated !== undefined) storeCap = stated;
    return stated;
  }

  const keepOurs = (graphs: readonly string[] | undefined): string[] => {
    const kept = (graphs ?? ours).filter((g) => ourSet.has(g));
    return kept.length > 0 ? kept : [NO_GRAPH];
  };

  /** The dialect, from the first answer's Server header unless configured. */
  function detectDialect(): Promise<Dialect> {
    return (dialect ??= (async () => {
      const answer = await http.send({
        method: 'POST',
        url: endpoint,
        body: new URLSearchParams({ query: 'ASK {}' }).toString(),
        headers: { 'Content-Type': MEDIA_TYPES.formUrlEncoded, Accept: RESULTS_JSON.mediaType },
        signal: AbortSignal.timeout(defaultTimeoutMs),
      });
      if (dialectOf(answer.headers) === 'generic') return 'generic';
      if (storeCap === undefined) {
        const probe = await http.send({
          method: 'POST',
          url: endpoint,
          body: new URLSearchParams({ query: ROW_CAP_PROBE }).toString(),
          headers: { 'Content-Type': MEDIA_TYPES.formUrlEncoded, Accept: RESULTS_CSV.mediaType },
          signal: AbortSignal.timeout(defaultTimeoutMs),
        });
        learnCap(probe.headers);
      }
      return 'virtuoso';
    })().catch((error: unknown) => {
      dialect = undefined; // try again next time
      throw error;
    }));
  }

  /**
   * The text and protocol parameters that run `checked` over our graphs only. A query with its own
   * FROM/FROM NAMED is regenerated with the effective dataset as FROM clauses, because Virtuoso merges
   * protocol graphs into FROM graphs instead of letting the protocol override them.
   */
  function scope(
    checked: CheckedQuery,
    options: QueryOptions,
    kind: Dialect,
  ): { text: string; params: [string, string][] } {
    let text = checked.text;
    const params: [string, string][] = [];
    if (checked.dataset) {
      const effective = options.dataset ?? checked.dataset;
      // A fresh parse, ours to change (checkQuery's result is memoised and shared).
      const parsed = new sparqljs.Parser(options.baseIri ? { baseIRI: options.baseIri } : {}).parse(
        checked.text,
      ) as typeof checked.parsed;
      parsed.from = {
        default: keepOurs(effective.defaultGraphs).map((g) => DataFactory.namedNode(g)),
        named: keepOurs(effective.namedGraphs).map((g) => DataFactory.namedNode(g)),
      };
      text = new sparqljs.Generator().stringify(parsed);
      try {
        checkQuery(text);
      } catch (error) {
        throw new RemoteStoreError(
          'unsupported',
          `This query names its own dataset (FROM) and could not be rewritten to keep it within the published graphs: ${causeText(error)}`,
          { cause: error },
        );
      }
    } else {
      for (const g of keepOurs(options.dataset?.defaultGraphs)) params.push(['default-graph-uri', g]);
      for (const g of keepOurs(options.dataset?.namedGraphs)) params.push(['named-graph-uri', g]);
    }
    // A query's own BASE wins (Virtuoso refuses a second BASE); a rewritten query has absolute IRIs.
    if (options.baseIri && !checked.dataset && !declaresBase(checked.text)) text = `BASE <${options.baseIri}>\n${text}`;
    if (kind === 'virtuoso' && checked.form === 'DESCRIBE') text = `${DESCRIBE_CBD}${text}`;
    return { text, params };
  }

  interface Answer {
    form: CheckedQuery['form'];
    boolean?: boolean;
    variables?: string[];
    rows?: Bindings[];
    quads?: Quad[];
    /** The store's own row cap, when its answer says it applied (X-SPARQL-MaxRows). */
    storeCap?: number;
  }

  /** Send a checked query, read the answer into terms. */
  async function send(
    checked: CheckedQuery,
    options: QueryOptions,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<Answer> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    const stopped = (error?: unknown) => {
      if (signal?.aborted) return new RemoteStoreError('aborted', 'The query was aborted', { cause: error });
      return new RemoteStoreError(
        'timeout',
        `The query ran longer than its ${timeoutMs} ms time limit and was stopped`,
        { cause: error },
      );
    };
    // The first request of a store also finds out the dialect: within the same time limit.
    const kind = await new Promise<'virtuoso' | 'generic'>((resolve, reject) => {
      const onAbort = () => reject(stopped());
      if (combined.aborted) return onAbort();
      combined.addEventListener('abort', onAbort, { once: true });
      detectDialect()
        .then(resolve, reject)
        .finally(() => combined.removeEventListener('abort', onAbort));
    });
    const { text, params } = scope(checked, options, kind);
    const graph = checked.form === 'CONSTRUCT' || checked.form === 'DESCRIBE';
    const form = new URLSearchParams([['query', text], ...params]);
    // Virtuoso's own anytime limit, so the store stops working when we stop waiting.
    if (kind === 'virtuoso') form.set('timeout', String(timeoutMs));
    let answer: HttpAnswer;
    try {
      answer = await http.send({
        method: 'POST',
        url: endpoint,
        headers: {
          'Content-Type': MEDIA_TYPES.formUrlEncoded,
          Accept: graph ? N_TRIPLES.mediaType : RESULTS_JSON.mediaType,
        },
        body: form.toString(),
        signal: combined,
      });
    } catch (error) {
      if (combined.aborted) throw stopped(error);
      throw error;
    }
    if (isAnytimeAnswer(answer.headers, answer.body)) {
      // An anytime answer: whatever the store had when its time ran out. Never a complete result.
      throw new RemoteStoreError(
        'timeout',
        `The query ran longer than its ${timeoutMs} ms time limit; the store returned a partial result, discarded`,
      );
    }
    if (answer.status < 200 || answer.status >= 300) {
      const { message, queryError } = storeErrorText(answer.status, answer.body);
      throw new RemoteStoreError(queryError ? 'query' : 'http', message, {
        status: answer.status,
        storeText: answer.body.slice(0, 4000),
      });
    }
    const capped = learnCap(answer.headers);
    if (graph) {
      const quads = readNTriples(answer.body);
      // No header comes with graph results: as many triples as the cap means it may have applied.
      const mayBeCut = capped !== undefined || (storeCap !== undefined && quads.length >= storeCap);
      return { form: checked.form, quads, ...(mayBeCut ? { storeCap: capped ?? storeCap } : {}) };
    }
    const parsed = readSparqlJson(answer.body);
    return {
      form: checked.form,
      ...(parsed.type === 'boolean' ? { boolean: parsed.value } : { variables: parsed.variables, rows: parsed.rows }),
      ...(capped !== undefined ? { storeCap: capped } : {}),
    };
  }

  /** Whether a SELECT answer may have been cut by the store's cap rather than ended by the query. */
  function cutByStore(answer: Answer, ownLimit: number | undefined): boolean {
    if (answer.storeCap === undefined) return false;
    if (answer.form !== 'SELECT') return true; // graph results: the cap applies to solutions we cannot count
    return (answer.rows?.length ?? 0) >= answer.storeCap && (ownLimit === undefined || ownLimit > answer.storeCap);
  }

  function toResult(answer: Answer): QueryResult {
    if (answer.boolean !== undefined) return { type: 'boolean', value: answer.boolean };
    if (answer.quads) return { type: 'quads', quads: answer.quads };
    return { type: 'bindings', variables: answer.variables ?? [], rows: answer.rows ?? [] };
  }

  /** A complete result or an error: the facade never passes on a cut result. */
  async function queryComplete(
    sparql: string,
    options: QueryOptions,
  ): Promise<{ checked: CheckedQuery; result: QueryResult }> {
    const checked = checkQuery(sparql, { baseIri: options.baseIri });
    const answer = await send(checked, options, defaultTimeoutMs);
    if (cutByStore(answer, checked.limit !== undefined ? checked.limit + (checked.offset ?? 0) : undefined)) {
      throw new RemoteStoreError(
        'truncated',
        `The SPARQL store cut the result at its row cap (${answer.storeCap}, Virtuoso's ResultSetMaxRows); refusing to use an incomplete result. Raise the cap or narrow the query.`,
      );
    }
    return { checked, result: toResult(answer) };
  }

  async function selectAll(sparql: string, dataset?: QueryOptions['dataset']): Promise<Bindings[]> {
    const { result } = await queryComplete(sparql, dataset ? { dataset } : {});
    if (result.type !== 'bindings') throw new Error('internal: expected bindings');
    return result.rows;
  }

  async function termText(term: Term | null | undefined, name: string): Promise<string> {
    if (!term || term.termType === 'Variable') return `?${name}`;
    if (term.termType === 'BlankNode') {
      if ((await detectDialect()) !== 'virtuoso') {
        throw new RemoteStoreError(
          'unsupported',
          'A blank node cannot be addressed across requests on a generic SPARQL store (only Virtuoso has <nodeID://…>)',
        );
      }
      return sparqlText(() => iriRef(blankNodeIri(term.value)));
    }
    return sparqlText(() => termToSparql(term));
  }

  const store: SparqlStore = {
    endpoint,
    ourGraphs: ours,

    async size() {
      const rows = await selectAll('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
      return Number(rows[0]?.get('n')?.value ?? 0);
    },

    async match(subject, predicate, object, graph) {
      if (graph?.termType === 'DefaultGraph') return []; // everything we publish is in named graphs
      if (graph && (graph.termType !== 'NamedNode' || !ourSet.has(graph.value))) return [];
      const pattern = `${await termText(subject, 's')} ${await termText(predicate, 'p')} ${await termText(object, 'o')}`;
      const rows = await selectAll(`SELECT * WHERE { GRAPH ?g { ${pattern} } }`, {
        defaultGraphs: [NO_GRAPH],
        namedGraphs: graph ? [graph.value] : ours,
      });
      return rows.map((row) =>
        DataFactory.quad(
          (subject ?? row.get('s')) as never,
          (predicate ?? row.get('p')) as never,
          (object ?? row.get('o')) as never,
          row.get('g') as never,
        ),
      );
    },

    async query(sparql, options = {}) {
      return (await queryComplete(sparql, options)).result;
    },

    async queryRaw(sparql, mediaType, options = {}) {
      const { checked, result } = await queryComplete(sparql, options);
      return serialiseResult(checked.form, result, bareMediaType(mediaType), false, 0);
    },

    async graphs() {
      const present: string[] = [];
      for (const g of ours) {
        const { result } = await queryComplete(`ASK { GRAPH ${sparqlText(() => iriRef(g))} { ?s ?p ?o } }`, {});
        if (result.type === 'boolean' && result.value) present.push(g);
      }
      return present.sort();
    },

    async execute(request) {
      const started = performance.now();
      let text = request.query;
      if (request.form === 'SELECT') text = capSelectRows(text, request.maxRows, request.baseIri).query;
      const checked = checkQuery(text, { baseIri: request.baseIri });
      const options: QueryOptions = {
        ...(request.dataset ? { dataset: request.dataset } : {}),
        ...(request.baseIri ? { baseIri: request.baseIri } : {}),
      };
      const answer = await send(checked, options, request.timeoutMs, request.signal);
      const mediaType = bareMediaType(request.mediaType);
      if (checked.form === 'SELECT') {
        const rows = answer.rows ?? [];
        const cutHere = rows.length > request.maxRows;
        const effectiveLimit = checked.limit !== undefined ? checked.limit + (checked.offset ?? 0) : undefined;
        const truncated = cutHere || cutByStore(answer, effectiveLimit);
        const kept = cutHere ? rows.slice(0, request.maxRows) : rows;
        const cap = Math.min(request.maxRows, answer.storeCap ?? Infinity);
        const body = await serialiseResult(
          'SELECT',
          { type: 'bindings', variables: answer.variables ?? [], rows: kept },
          mediaType,
          truncated,
          cap,
        );
        return { body, mediaType, rows: kept.length, truncated, elapsedMs: performance.now() - started };
      }
      if (cutByStore(answer, undefined)) {
        throw new RemoteStoreError(
          'truncated',
          `The SPARQL store cut the ${checked.form} result at its row cap (${answer.storeCap}); a graph result cannot be flagged as partial, so it is refused. Add LIMIT or narrow the query.`,
        );
      }
      if (checked.form === 'ASK') {
        const body = await serialiseResult(checked.form, toResult(answer), mediaType, false, 0);
        return { body, mediaType, truncated: false, elapsedMs: performance.now() - started };
      }
      // Graph results: counted, cut and flagged as the worker pool's are (graph-limit.ts).
      const cut = cutTriples(answer.quads ?? [], request.maxTriples ?? Number.MAX_SAFE_INTEGER);
      const written = await writeWithin(cut.quads, request.maxBytes ?? Number.MAX_SAFE_INTEGER, (quads) =>
        serialiseResult(checked.form, { type: 'quads', quads: [...quads] }, mediaType, false, 0),
      );
      return {
        body: written.body,
        mediaType,
        triples: written.triples,
        truncated: cut.cut || written.cut,
        elapsedMs: performance.now() - started,
      };
    },
  };
  return store;
}

/** A term or IRI in SPARQL text; one that cannot be written so is a request this backend cannot express. */
function sparqlText(write: () => string): string {
  try {
    return write();
  } catch (error) {
    throw new RemoteStoreError('unsupported', (error as Error).message, { cause: error });
  }
}

/**
 * Whether the query text has its own BASE. sparqljs reports the base it resolved with, so parse again
 * without one: a query that still parses and names a base declares it (one that needs a base and has
 * none fails, and gets ours).
 */
function declaresBase(text: string): boolean {
  if (!/base/i.test(text)) return false;
  try {
    const parsed = new sparqljs.Parser().parse(text) as { base?: string };
    return parsed.base !== undefined;
  } catch {
    return false;
  }
}
