// Reading a SPARQL Protocol query request: GET parameters, form POST, direct POST; body limit and charset.

import type { IncomingMessage } from 'node:http';
import { HttpError } from './http-error.ts';
import { bodyTooLarge } from './middleware/body-limit.ts';
import { storeExtensionNamespace } from '../store/query-functions.ts';
import type { QueryDataset } from '../store/store.ts';
import { MEDIA_TYPES } from '../rdf/formats.ts';
import { isAbsoluteIri } from '../rdf/terms.ts';

/** The protocol operation a request carries, before the query is checked. */
export interface ProtocolRequest {
  /** Absent: no query (GET /sparql shows the Service Description). */
  query?: string;
  dataset?: QueryDataset;
  /**
   * `format` parameter values (short names or media types; empty ones dropped). Several are allowed
   * when they name one format: SPARQLWrapper sends `format=tsv&format=text/tab-separated-values`.
   */
  format?: string[];
  /** `timeout` parameter, milliseconds. */
  timeoutMs?: number;
  /** `release` parameter: the release to query (a version, or `latest`) instead of the current data. */
  release?: string;
}

export const QUERY_CONTENT_TYPES = [MEDIA_TYPES.formUrlEncoded, MEDIA_TYPES.sparqlQuery] as const;

/** Parameters the protocol defines for the update operation; their presence means an update request. */
const UPDATE_PARAMS = ['update', 'using-graph-uri', 'using-named-graph-uri'];

/**
 * Read the request's query, dataset and options per the SPARQL 1.1 Protocol (§2.1). `params`: the
 * request target's parameters, when the caller has parsed them already (the fast path).
 */
export async function readProtocolRequest(
  req: IncomingMessage & { originalUrl?: string },
  maxBodyBytes: number,
  params: URLSearchParams = new URL(req.originalUrl ?? req.url ?? '/', 'http://localhost').searchParams,
): Promise<ProtocolRequest> {
  if (req.method === 'GET' || req.method === 'HEAD') return fromParams(params, params.getAll('query'));

  // POST
  const contentType = req.headers['content-type'];
  if (!contentType) {
    throw unsupported('A POST to the SPARQL endpoint needs a Content-Type');
  }
  const [mediaType, ...paramTexts] = contentType.split(';').map((s) => s.trim());
  const type = mediaType.toLowerCase();
  for (const p of paramTexts) {
    const [name, value = ''] = p.split('=').map((s) => s.trim());
    if (name.toLowerCase() === 'charset' && !/^"?utf-8"?$/i.test(value)) {
      throw unsupported(`Only UTF-8 request bodies are accepted, got charset=${value}`);
    }
  }
  if (type === MEDIA_TYPES.sparqlUpdate) {
    throw new HttpError(400, 'SPARQL Update is not accepted here: this is a read-only endpoint');
  }
  if (!(QUERY_CONTENT_TYPES as readonly string[]).includes(type)) {
    throw unsupported(`Unsupported Content-Type ${mediaType} for a SPARQL query`);
  }
  const body = decodeUtf8(await readBody(req, maxBodyBytes));
  if (type === MEDIA_TYPES.sparqlQuery) {
    if (params.has('query')) throw new HttpError(400, 'The query is given twice: in the URL and as the request body');
    return fromParams(params, [body]);
  }
  const form = new URLSearchParams(body);
  // Form POST: operation parameters come in the body; dataset parameters may also be in the URL.
  const merged = new URLSearchParams(params);
  for (const [name, value] of form) merged.append(name, value);
  return fromParams(merged, merged.getAll('query'));
}

function fromParams(params: URLSearchParams, queries: string[]): ProtocolRequest {
  for (const name of UPDATE_PARAMS) {
    if (params.has(name)) {
      throw new HttpError(
        400,
        `SPARQL Update is not accepted here (read-only endpoint): the request has an "${name}" parameter`,
      );
    }
  }
  if (queries.length > 1)
    throw new HttpError(400, `The request has ${queries.length} queries; the protocol allows exactly one`);
  const request: ProtocolRequest = {};
  if (queries.length === 1) request.query = queries[0];

  const defaultGraphs = params.getAll('default-graph-uri').map((iri) => checkIri(iri, 'default-graph-uri'));
  const namedGraphs = params.getAll('named-graph-uri').map((iri) => checkIri(iri, 'named-graph-uri'));
  if (defaultGraphs.length > 0 || namedGraphs.length > 0) {
    // Protocol §2.1.4: a dataset in the request replaces the query's own, and leaving one part empty
    // means that part is empty (not "all graphs").
    request.dataset = { defaultGraphs, namedGraphs };
  }

  const formats = params.getAll('format').filter((f) => f !== '');
  if (formats.length > 0) request.format = formats;

  const releases = params.getAll('release');
  if (releases.length > 1) throw new HttpError(400, 'The release parameter must be given once');
  if (releases.length === 1) request.release = releases[0];

  const timeouts = params.getAll('timeout');
  if (timeouts.length > 1) throw new HttpError(400, 'The timeout parameter must be given once');
  if (timeouts.length === 1) {
    const text = timeouts[0];
    if (!/^[1-9]\d{0,8}$/.test(text)) {
      throw new HttpError(
        400,
        `The timeout parameter is a whole number of milliseconds from 1, got ${JSON.stringify(text.slice(0, 40))}`,
      );
    }
    request.timeoutMs = Number(text);
  }
  return request;
}

function checkIri(iri: string, param: string): string {
  if (!isAbsoluteIri(iri)) {
    throw new HttpError(400, `${param} must be an absolute IRI, got ${JSON.stringify(iri.slice(0, 200))}`);
  }
  // The same rule as inside a query (check-query.ts): a graph name a store would execute never reaches it.
  const namespace = storeExtensionNamespace(iri);
  if (namespace) {
    throw new HttpError(
      400,
      `${param} <${iri.slice(0, 200)}> is not allowed: it is in the ${namespace.store} namespace for ${namespace.what}, which the store would execute rather than match`,
      { details: { reason: 'extension-namespace', iri } },
    );
  }
  return iri;
}

function unsupported(message: string): HttpError {
  return new HttpError(
    415,
    `${message}. Send application/x-www-form-urlencoded (query=…) or application/sparql-query (UTF-8)`,
    {
      details: { supported: [...QUERY_CONTENT_TYPES] },
    },
  );
}

/** Read the whole body, refusing (413) past `limit` bytes without buffering the excess. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => bodyTooLarge(limit);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.pause();
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function decodeUtf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpError(400, 'The request body is not valid UTF-8');
  }
}
