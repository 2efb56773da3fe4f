// The store facade over a remote SPARQL 1.1 Protocol endpoint (tested against Virtuoso 7), plus the
// endpoint's query runner over it: our parse-and-check, our timeout (fetch aborted) and our row limit.
//
// Virtuoso deviations handled here (measured; ../shared/reference/virtuoso/NOTES.md and docs/backends.md):
// - queries are POSTed form-encoded (a `application/sparql-query` body hangs Virtuoso 7);
// - without a dataset Virtuoso answers over its system graphs too, and `default-graph-uri` alone leaves
//   GRAPH ?g open to every graph, so every request names OUR graphs as both default and named graphs;
//   a query with its own FROM is rewritten (Virtuoso merges protocol graphs with FROM instead of
//   letting the protocol override it);
// - results are read as SPARQL JSON (`typed-literal`, `nodeID://` blank nodes normalised) and graphs as
//   N-Triples (its Turtle can alter literals, its TSV is quoted CSV, it refuses N-Quads/TriG), then
//   written by us in the format asked for;
// - a result cut at `ResultSetMaxRows` comes back 200 with only an `X-SPARQL-MaxRows` header, and an
//   anytime timeout with only `X-SQL-State: S1TAT`: both are errors for `query()`, and a flagged
//   truncation (row cap) or a timeout error for the endpoint, never a complete answer;
// - DESCRIBE gets `DEFINE sql:describe-mode "CBD"` (blank-node closure, as the in-memory store gives).

import { createHash, randomBytes } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory, Parser } from 'n3';
import sparqljs from 'sparqljs';
import { serializeQuads, type SerializableMediaType } from '../http/rdf-serialize.ts';
import { checkQuery, type CheckedQuery } from './check-query.ts';
import { QueryPoolError, type PoolInfo, type PoolQuery, type PoolResult, type PoolStats } from './query-pool.ts';
import { capSelectRows } from './row-limit.ts';
import { storeErrorText } from './store-error-text.ts';
import type { Bindings, QueryOptions, QueryResult, Store } from './store.ts';

/** How the client authenticates: `auto` answers whichever scheme the server's 401 challenge asks for. */
export type AuthScheme = 'basic' | 'digest' | 'auto';

export interface SparqlCredentials {
  user: string;
  password: string;
  scheme?: AuthScheme;
}

/**
 * Credentials from the environment: `ANMC21_SPARQL_USER`, `ANMC21_SPARQL_PASSWORD`, and optionally
 * `ANMC21_SPARQL_AUTH` (basic | digest | auto, default auto). Undefined when no user is set.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): SparqlCredentials | undefined {
  const user = env.ANMC21_SPARQL_USER;
  if (!user) return undefined;
  const scheme = (env.ANMC21_SPARQL_AUTH ?? 'auto').toLowerCase();
  if (scheme !== 'basic' && scheme !== 'digest' && scheme !== 'auto') {
    throw new RemoteStoreError(
      'config',
      `ANMC21_SPARQL_AUTH must be basic, digest or auto, got ${JSON.stringify(env.ANMC21_SPARQL_AUTH)}`,
    );
  }
  return { user, password: env.ANMC21_SPARQL_PASSWORD ?? '', scheme };
}

/**
 * `timeout`: our time limit or the store's (S1TAT) ran out; `truncated`: the store cut the result at its
 * own row cap; `query`: the store refused or could not evaluate the query; `http`: the store failed
 * (an error status that is not about the query, or an answer we cannot read); `unauthorized`: 401/403
 * after authenticating; `network`: no answer; `unsupported`: a request this backend cannot express;
 * `config`: bad options; `aborted`: the caller's signal.
 */
export type RemoteStoreErrorReason =
  'timeout' | 'truncated' | 'query' | 'http' | 'unauthorized' | 'network' | 'unsupported' | 'config' | 'aborted';

export class RemoteStoreError extends Error {
  readonly reason: RemoteStoreErrorReason;
  /** HTTP status of the store's answer, when there was one. */
  readonly status?: number;
  /**
   * The store's own error text, for our log only: `message` is our wording (store-error-text.ts), without
   * the product banner, version, procedure names or paths the store's text carries.
   */
  readonly storeText?: string;
  constructor(
    reason: RemoteStoreErrorReason,
    message: string,
    options: { status?: number; cause?: unknown; storeText?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'RemoteStoreError';
    this.reason = reason;
    this.status = options.status;
    if (options.storeText !== undefined) this.storeText = options.storeText;
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP with Basic or Digest authentication

/** One challenge of a `WWW-Authenticate` header: scheme (lower case) and its parameters (names lower case). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
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

/** Parse `WWW-Authenticate` (several challenges may be joined by commas, as fetch's Headers does). */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const token =
    /\s*(?:([A-Za-z][\w-]*)\s+(?=[\w-]+\s*=)|([A-Za-z][\w-]*)\s*(?:,|$)|([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)\s*(?:,|$))/y;
  let at = 0;
  while (at < header.length) {
    token.lastIndex = at;
    const m = token.exec(header);
    if (!m || token.lastIndex === at) break;
    at = token.lastIndex;
    if (m[1] || m[2]) challenges.push({ scheme: (m[1] ?? m[2]!).toLowerCase(), params: {} });
    else if (m[3] && challenges.length) {
      const raw = m[4]!;
      challenges.at(-1)!.params[m[3].toLowerCase()] = raw.startsWith('"')
        ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
        : raw;
    }
  }
  return challenges;
}

/**
 * The `Authorization` value answering a Digest challenge (RFC 7616; qop `auth` or none; MD5, SHA-256,
 * and their `-sess` variants). `uri` is the request target (path and query); `nc` counts requests made
 * with this nonce, from 1.
 */
export function digestAuthorization(
  challenge: Record<string, string>,
  credentials: { user: string; password: string },
  request: { method: string; uri: string },
  nc: number,
  cnonce: string,
): string {
  const algorithm = (challenge.algorithm ?? 'MD5').toUpperCase();
  const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : algorithm.startsWith('MD5') ? 'md5' : undefined;
  if (!hashName)
    throw new RemoteStoreError('unsupported', `Digest algorithm ${algorithm} is not supported (MD5, SHA-256 are)`);
  const h = (text: string) => createHash(hashName).update(text, 'utf8').digest('hex');
  const { realm = '', nonce = '' } = challenge;
  const qops = (challenge.qop ?? '')
    .split(',')
    .map((q) => q.trim())
    .filter(Boolean);
  if (qops.length > 0 && !qops.includes('auth'))
    throw new RemoteStoreError('unsupported', `Digest qop ${challenge.qop} is not supported (auth is)`);
  const qop = qops.length > 0 ? 'auth' : undefined;
  let ha1 = h(`${credentials.user}:${realm}:${credentials.password}`);
  if (algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${request.method}:${request.uri}`);
  const ncText = nc.toString(16).padStart(8, '0');
  const response = qop ? h(`${ha1}:${nonce}:${ncText}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;
  const parts = [
    `username=${quote(credentials.user)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${challenge.algorithm ?? 'MD5'}`,
    `response=${quote(response)}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${ncText}`, `cnonce=${quote(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}

interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** A fetch wrapper that answers 401 challenges (Basic or Digest) and remembers the last one, per origin+path. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpAnswer>;
}

export function createHttpClient(credentials?: SparqlCredentials, fetchImpl: typeof fetch = fetch): HttpClient {
  // Per URL path: the scheme to answer with preemptively, and for Digest the challenge and its count.
  const known = new Map<
    string,
    { scheme: 'basic' } | { scheme: 'digest'; challenge: Record<string, string>; nc: number }
  >();

  function authorization(url: URL, method: string): string | undefined {
    if (!credentials) return undefined;
    const state = known.get(url.origin + url.pathname);
    if (credentials.scheme === 'basic' || state?.scheme === 'basic') {
      return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
    }
    if (state?.scheme === 'digest') {
      state.nc += 1;
      return digestAuthorization(
        state.challenge,
        credentials,
        { method, uri: url.pathname + url.search },
        state.nc,
        randomBytes(8).toString('hex'),
      );
    }
    return undefined;
  }

  async function once(request: HttpRequest, url: URL): Promise<Response> {
    const auth = authorization(url, request.method);
    try {
      return await fetchImpl(url, {
        method: request.method,
        headers: { ...request.headers, ...(auth ? { Authorization: auth } : {}) },
        body: request.body,
        signal: request.signal,
        redirect: 'manual',
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason ?? error;
      throw new RemoteStoreError('network', `No answer from ${url.origin}${url.pathname}: ${causeText(error)}`, {
        cause: error,
      });
    }
  }

  return {
    async send(request) {
      const url = new URL(request.url);
      let response = await once(request, url);
      // At most one retry: a fresh challenge (first contact, or a stale Digest nonce).
      if (response.status === 401 && credentials) {
        const challenges = parseAuthChallenges(response.headers.get('www-authenticate') ?? '');
        await response.body?.cancel();
        const digest = challenges.find((c) => c.scheme === 'digest');
        const basic = challenges.find((c) => c.scheme === 'basic');
        const key = url.origin + url.pathname;
        if (digest && credentials.scheme !== 'basic')
          known.set(key, { scheme: 'digest', challenge: digest.params, nc: 0 });
        else if (basic && credentials.scheme !== 'digest') known.set(key, { scheme: 'basic' });
        else {
          throw new RemoteStoreError(
            'unauthorized',
            `${url.origin}${url.pathname} asks for ${challenges.map((c) => c.scheme).join(', ') || 'unknown'} authentication; configured: ${credentials.scheme ?? 'auto'}`,
            { status: 401 },
          );
        }
        response = await once(request, url);
      }
      const body = await response.text().catch((error: unknown) => {
        if (request.signal?.aborted) throw request.signal.reason ?? error;
        throw new RemoteStoreError(
          'network',
          `The answer from ${url.origin}${url.pathname} broke off: ${causeText(error)}`,
          { cause: error },
        );
      });
      if (response.status === 401 || response.status === 403) {
        throw new RemoteStoreError(
          'unauthorized',
          `${url.origin}${url.pathname} refused the ${credentials ? 'credentials' : 'anonymous request'} (${response.status}); set ANMC21_SPARQL_USER / ANMC21_SPARQL_PASSWORD`,
          { status: response.status },
        );
      }
      return { status: response.status, headers: response.headers, body };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The store

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
  /** Required here: the time limit, milliseconds (enforced by aborting the request). */
  timeoutMs: number;
}

export interface RemoteResult {
  body: string;
  mediaType: string;
  rows?: number;
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

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const XSD_BOOLEAN = 'http://www.w3.org/2001/XMLSchema#boolean';

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
    const header = headers.get('x-sparql-maxrows');
    if (header === null || !/^\d+$/.test(header.trim())) return undefined;
    storeCap = Number(header);
    return storeCap;
  }

  const keepOurs = (graphs: readonly string[] | undefined): string[] => {
    const kept = (graphs ?? ours).filter((g) => ourSet.has(g));
    return kept.length > 0 ? kept : [NO_GRAPH];
  };

  /** The dialect, from the first answer's Server header unless configured. */
  function detectDialect(): Promise<'virtuoso' | 'generic'> {
    return (dialect ??= (async () => {
      const answer = await http.send({
        method: 'POST',
        url: endpoint,
        body: new URLSearchParams({ query: 'ASK {}' }).toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json' },
        signal: AbortSignal.timeout(defaultTimeoutMs),
      });
      if (!/virtuoso/i.test(answer.headers.get('server') ?? '')) return 'generic';
      if (storeCap === undefined) {
        // 100 000 solutions from nothing: Virtuoso cuts them at its cap and says so in a header.
        const values = (v: string) => `VALUES ?${v} { 0 1 2 3 4 5 6 7 8 9 }`;
        const probe = await http.send({
          method: 'POST',
          url: endpoint,
          body: new URLSearchParams({
            query: `SELECT ?a WHERE { ${['a', 'b', 'c', 'd', 'e'].map(values).join(' ')} }`,
          }).toString(),
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/csv' },
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
    kind: 'virtuoso' | 'generic',
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
    if (kind === 'virtuoso' && checked.form === 'DESCRIBE') text = `DEFINE sql:describe-mode "CBD"\n${text}`;
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
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: graph ? 'application/n-triples' : 'application/sparql-results+json',
        },
        body: form.toString(),
        signal: combined,
      });
    } catch (error) {
      if (combined.aborted) throw stopped(error);
      throw error;
    }
    const sqlState = answer.headers.get('x-sql-state');
    if (sqlState === 'S1TAT' || /^Virtuoso S1T00/m.test(answer.body)) {
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
      let quads: Quad[];
      try {
        quads = new Parser({ format: 'application/n-triples', blankNodePrefix: '' }).parse(answer.body);
      } catch (error) {
        throw new RemoteStoreError('http', `The SPARQL store's N-Triples did not parse: ${causeText(error)}`, {
          cause: error,
        });
      }
      // No header comes with graph results: as many triples as the cap means it may have applied.
      const mayBeCut = capped !== undefined || (storeCap !== undefined && quads.length >= storeCap);
      return { form: checked.form, quads, ...(mayBeCut ? { storeCap: capped ?? storeCap } : {}) };
    }
    const parsed = readSparqlJson(answer.body);
    return { form: checked.form, ...parsed, ...(capped !== undefined ? { storeCap: capped } : {}) };
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
      return iriText(`nodeID://${term.value}`);
    }
    return writeTerm(term);
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
      return serialiseResult(checked.form, result, mediaType.split(';')[0]!.trim().toLowerCase(), false, 0);
    },

    async graphs() {
      const present: string[] = [];
      for (const g of ours) {
        const { result } = await queryComplete(`ASK { GRAPH ${iriText(g)} { ?s ?p ?o } }`, {});
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
      const mediaType = request.mediaType.split(';')[0]!.trim().toLowerCase();
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
      const body = await serialiseResult(checked.form, toResult(answer), mediaType, false, 0);
      return { body, mediaType, truncated: false, elapsedMs: performance.now() - started };
    },
  };
  return store;
}

// ---------------------------------------------------------------------------------------------
// The endpoint's query runner

/** What the SPARQL router needs from its query backend: the members of QueryPool it calls. */
export interface QueryRunner {
  ready(): Promise<PoolInfo>;
  run(query: PoolQuery): Promise<PoolResult>;
  stats(): PoolStats;
  close(): Promise<void>;
}

export interface RemoteRunnerOptions {
  /** Default and maximum per-query timeout, milliseconds (config.sparql.timeoutMs). */
  timeoutMs: number;
  /** config.sparql.maxRows. */
  maxRows: number;
  /** Queries sent to the store at once (config.sparql.workers is a fine value). */
  concurrency: number;
  /** Queries waiting for a slot; past it `run` rejects with reason `busy`. */
  queueLength: number;
  /**
   * Where the store's own error texts go (clients get our wording only). Default: standard error, one
   * line per error.
   */
  logStoreError?: (line: string) => void;
}

/**
 * The SPARQL endpoint's runner over a remote store: the same contract as the worker pool (bounded
 * concurrency and queue, per-query timeout, row limit with explicit truncation, QueryPoolError reasons),
 * with the store doing the work. Pass it where the router takes its pool.
 */
export function createSparqlQueryRunner(store: SparqlStore, options: RemoteRunnerOptions): QueryRunner {
  for (const key of ['timeoutMs', 'maxRows', 'concurrency', 'queueLength'] as const) {
    if (!Number.isInteger(options[key]) || options[key] < 1)
      throw new RangeError(`Runner option ${key} must be a positive integer, got ${options[key]}`);
  }
  let running = 0;
  let closed = false;
  const logStoreError = options.logStoreError ?? ((line: string) => console.error(line));
  const waiting: { start: () => void; fail: (e: QueryPoolError) => void }[] = [];
  const counts = { completed: 0, timedOut: 0 };
  const inFlight = new Set<AbortController>();
  let info: Promise<PoolInfo> | undefined;

  const slot = (signal: AbortSignal | undefined, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (running < options.concurrency) {
        running++;
        return resolve();
      }
      if (waiting.length >= options.queueLength) {
        return reject(
          new QueryPoolError(
            'busy',
            `The endpoint is busy: ${options.concurrency} queries are running and ${options.queueLength} are waiting`,
            { limitMs: options.timeoutMs },
          ),
        );
      }
      const entry = {
        start: () => {
          cleanup();
          running++;
          resolve();
        },
        fail: (e: QueryPoolError) => {
          cleanup();
          reject(e);
        },
      };
      const timer = setTimeout(
        () =>
          entry.fail(
            new QueryPoolError('busy', `The endpoint is busy: no slot became free within ${timeoutMs} ms`, {
              limitMs: timeoutMs,
            }),
          ),
        timeoutMs,
      );
      const onAbort = () => entry.fail(new QueryPoolError('aborted', 'The query was aborted while waiting'));
      signal?.addEventListener('abort', onAbort, { once: true });
      function cleanup() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = waiting.indexOf(entry);
        if (at !== -1) waiting.splice(at, 1);
      }
      waiting.push(entry);
    });

  const release = () => {
    running--;
    waiting[0]?.start();
  };

  return {
    ready: () =>
      (info ??= (async () => {
        const [quads, graphs] = await Promise.all([store.size(), store.graphs()]);
        return { quads, graphs, loadMs: 0 };
      })().catch((error: unknown) => {
        info = undefined;
        throw new QueryPoolError('unavailable', `The SPARQL store is not available: ${causeText(error)}`, {
          cause: error,
        });
      })),

    async run(query) {
      if (closed) throw new QueryPoolError('closed', 'The query runner is closed');
      if (query.signal?.aborted) throw new QueryPoolError('aborted', 'The query was aborted before it ran');
      const timeoutMs = Math.min(options.timeoutMs, query.timeoutMs ?? options.timeoutMs);
      if (!(timeoutMs >= 1)) throw new RangeError(`timeoutMs must be at least 1, got ${query.timeoutMs}`);
      const enqueued = performance.now();
      await slot(query.signal, timeoutMs);
      const waitedMs = performance.now() - enqueued;
      const controller = new AbortController();
      inFlight.add(controller);
      const onAbort = () => controller.abort();
      query.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await store.execute({
          ...query,
          signal: controller.signal,
          timeoutMs,
          maxRows: options.maxRows,
        });
        counts.completed++;
        return { ...result, waitedMs };
      } catch (error) {
        if (!(error instanceof RemoteStoreError)) throw error;
        if (error.reason === 'timeout') {
          counts.timedOut++;
          throw new QueryPoolError('timeout', error.message, { limitMs: timeoutMs, cause: error });
        }
        if (error.reason === 'aborted')
          throw new QueryPoolError(closed ? 'closed' : 'aborted', error.message, { cause: error });
        // The store's text (banner, version, paths, its address) goes to our log; the client gets our words.
        logStoreError(
          `SPARQL store ${error.reason}${error.status ? ` (HTTP ${error.status})` : ''}: ${oneLine(error.storeText ?? error.message)} | query: ${oneLine(query.query).slice(0, 300)}`,
        );
        if (error.reason === 'network' || error.reason === 'unauthorized' || error.reason === 'http')
          throw new QueryPoolError('unavailable', 'The SPARQL store is not available', { cause: error });
        throw new QueryPoolError('engine', error.message, { cause: error });
      } finally {
        query.signal?.removeEventListener('abort', onAbort);
        inFlight.delete(controller);
        release();
      }
    },

    stats: () => ({
      workers: options.concurrency,
      starting: 0,
      busy: running,
      queued: waiting.length,
      completed: counts.completed,
      timedOut: counts.timedOut,
      replaced: 0,
    }),

    async close() {
      closed = true;
      for (const entry of [...waiting]) entry.fail(new QueryPoolError('closed', 'The query runner was closed'));
      for (const controller of inFlight) controller.abort();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the store's answers and writing ours

interface JsonTerm {
  type: string;
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

/** SPARQL JSON results, normalised: `typed-literal` is a literal, `nodeID://b1` and `_:b1` are blank node `b1`. */
export function readSparqlJson(json: string): { boolean?: boolean; variables?: string[]; rows?: Bindings[] } {
  let parsed: { head?: { vars?: string[] }; boolean?: boolean; results?: { bindings?: Record<string, JsonTerm>[] } };
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new RemoteStoreError('http', `The SPARQL store's JSON results did not parse: ${causeText(error)}`, {
      cause: error,
    });
  }
  if (typeof parsed.boolean === 'boolean') return { boolean: parsed.boolean };
  const bindings = parsed.results?.bindings;
  if (!Array.isArray(bindings))
    throw new RemoteStoreError('http', 'The SPARQL store answered JSON without results.bindings or boolean');
  const rows = bindings.map(
    (row) => new Map(Object.entries(row).map(([name, term]) => [name, readJsonTerm(term)])) as Bindings,
  );
  return { variables: parsed.head?.vars ?? [], rows };
}

function readJsonTerm(term: JsonTerm): Term {
  switch (term.type) {
    case 'uri':
      return DataFactory.namedNode(term.value);
    case 'bnode':
      return DataFactory.blankNode(term.value.replace(/^(?:nodeID:\/\/|_:)/, ''));
    case 'literal':
    case 'typed-literal': {
      // Virtuoso keeps booleans as integers: its JSON says "1"/"0" for what was loaded as "true"/"false".
      if (term.datatype === XSD_BOOLEAN && (term.value === '1' || term.value === '0')) {
        return DataFactory.literal(term.value === '1' ? 'true' : 'false', DataFactory.namedNode(XSD_BOOLEAN));
      }
      const datatype = term.datatype && term.datatype !== XSD_STRING ? DataFactory.namedNode(term.datatype) : undefined;
      return DataFactory.literal(term.value, term['xml:lang'] ?? datatype);
    }
    default:
      throw new RemoteStoreError('unsupported', `Unsupported term type in the SPARQL store's results: ${term.type}`);
  }
}

export function iriText(iri: string): string {
  if (/[\u0000-\u0020<>"{}|^`\\]/.test(iri))
    throw new RemoteStoreError('unsupported', `Not an IRI that can be written in SPARQL: ${JSON.stringify(iri)}`);
  return `<${iri}>`;
}

function literalText(value: string): string {
  return `"${value.replace(/[\\"\n\r\t\b\f]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' })[c]!)}"`;
}

/** A ground term in SPARQL (and N-Triples) syntax. */
export function writeTerm(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return iriText(term.value);
    case 'Literal':
      if (term.language) return `${literalText(term.value)}@${term.language}`;
      if (term.datatype.value === XSD_STRING) return literalText(term.value);
      return `${literalText(term.value)}^^${iriText(term.datatype.value)}`;
    case 'BlankNode':
      return `_:${term.value}`;
    default:
      throw new RemoteStoreError('unsupported', `Cannot write a ${term.termType} term`);
  }
}

const RESULTS_TYPES = [
  'application/sparql-results+json',
  'application/sparql-results+xml',
  'text/csv',
  'text/tab-separated-values',
];
const GRAPH_TYPES: readonly SerializableMediaType[] = [
  'text/turtle',
  'application/n-triples',
  'application/rdf+xml',
  'application/n-quads',
  'application/trig',
  'application/ld+json',
];

async function serialiseResult(
  form: CheckedQuery['form'],
  result: QueryResult,
  mediaType: string,
  truncated: boolean,
  maxRows: number,
): Promise<string> {
  if (result.type === 'quads') {
    if (!GRAPH_TYPES.includes(mediaType as SerializableMediaType)) {
      throw new RemoteStoreError(
        'unsupported',
        `Cannot write ${form} results as ${mediaType}; supported: ${GRAPH_TYPES.join(', ')}`,
      );
    }
    // Same shape as the worker pool's JSON-LD (expanded, from N-Quads).
    return serializeQuads(
      result.quads,
      mediaType as SerializableMediaType,
      mediaType === 'application/ld+json' ? { profile: 'expanded' } : {},
    );
  }
  const supported = result.type === 'boolean' ? RESULTS_TYPES.slice(0, 2) : RESULTS_TYPES;
  if (!supported.includes(mediaType))
    throw new RemoteStoreError(
      'unsupported',
      `Cannot write ${form} results as ${mediaType}; supported: ${supported.join(', ')}`,
    );
  return writeResults(result, mediaType, truncated, maxRows);
}

/** SPARQL results in JSON, XML, CSV or TSV. A truncated JSON result carries `"truncated": true, "maxRows": N` (as the worker pool's). */
export function writeResults(
  result: Exclude<QueryResult, { type: 'quads' }>,
  mediaType: string,
  truncated = false,
  maxRows = 0,
): string {
  if (result.type === 'boolean') {
    if (mediaType === 'application/sparql-results+xml') {
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>${result.value}</boolean></sparql>\n`;
    }
    return JSON.stringify({ head: {}, boolean: result.value });
  }
  const { variables, rows } = result;
  switch (mediaType) {
    case 'application/sparql-results+json': {
      const jsonTerm = (t: Term) =>
        t.termType === 'NamedNode'
          ? { type: 'uri', value: t.value }
          : t.termType === 'BlankNode'
            ? { type: 'bnode', value: t.value }
            : t.termType === 'Literal'
              ? {
                  type: 'literal',
                  value: t.value,
                  ...(t.language
                    ? { 'xml:lang': t.language }
                    : t.datatype.value !== XSD_STRING
                      ? { datatype: t.datatype.value }
                      : {}),
                }
              : { type: 'literal', value: t.value };
      const doc = {
        head: { vars: variables },
        results: { bindings: rows.map((row) => Object.fromEntries([...row].map(([k, t]) => [k, jsonTerm(t)]))) },
        ...(truncated ? { truncated: true, maxRows } : {}),
      };
      return JSON.stringify(doc);
    }
    case 'application/sparql-results+xml': {
      const esc = (s: string) =>
        s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
      const xmlTerm = (t: Term) =>
        t.termType === 'NamedNode'
          ? `<uri>${esc(t.value)}</uri>`
          : t.termType === 'BlankNode'
            ? `<bnode>${esc(t.value)}</bnode>`
            : t.termType === 'Literal'
              ? t.language
                ? `<literal xml:lang="${esc(t.language)}">${esc(t.value)}</literal>`
                : t.datatype.value !== XSD_STRING
                  ? `<literal datatype="${esc(t.datatype.value)}">${esc(t.value)}</literal>`
                  : `<literal>${esc(t.value)}</literal>`
              : `<literal>${esc(t.value)}</literal>`;
      const head = variables.map((v) => `<variable name="${esc(v)}"/>`).join('');
      const body = rows
        .map(
          (row) =>
            `<result>${[...row].map(([k, t]) => `<binding name="${esc(k)}">${xmlTerm(t)}</binding>`).join('')}</result>`,
        )
        .join('\n');
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>${head}</head><results>\n${body}${body ? '\n' : ''}</results></sparql>\n`;
    }
    case 'text/csv': {
      const cell = (t: Term | undefined) => {
        if (!t) return '';
        const text = t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      };
      return [variables.join(','), ...rows.map((row) => variables.map((v) => cell(row.get(v))).join(','))]
        .map((line) => `${line}\r\n`)
        .join('');
    }
    case 'text/tab-separated-values': {
      const cell = (t: Term | undefined) => (t ? writeTerm(t) : '');
      return [
        variables.map((v) => `?${v}`).join('\t'),
        ...rows.map((row) => variables.map((v) => cell(row.get(v))).join('\t')),
      ]
        .map((line) => `${line}\n`)
        .join('');
    }
    default:
      throw new RemoteStoreError('unsupported', `Not a SPARQL results type: ${mediaType}`);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 4000);
}

function causeText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
