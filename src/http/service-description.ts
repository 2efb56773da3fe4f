// The SPARQL 1.1 Service Description of /sparql: languages, result formats, default dataset, limits, examples.
//
// Limits have no standard terms; they are stated with `anmc:` properties (named below) so a client
// can read them, and repeated in response headers (see sparql.ts).

import { escapeHtml } from './pages/layout.ts';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { RDF_FORMATS, RESULTS_FORMATS } from '../rdf/formats.ts';
import { ANMC, DCAT, DCTERMS, RDF, RDFS, SCHEMA, SD, SH, SPEX, XSD } from '../vocab.ts';
import { EXTENSION_FUNCTIONS, XSD_CASTS } from '../store/query-functions.ts';
import type { StoredQuery } from '../store/stored-queries.ts';

const { namedNode, literal, blankNode, quad } = N3.DataFactory;

/** The limits the endpoint enforces, as advertised. */
export interface SparqlLimits {
  timeoutMs: number;
  maxRows: number;
  maxQueryLength: number;
  maxQueryDepth: number;
  maxQueryOperators: number;
  maxBodyBytes: number;
  maxTriples: number;
  maxResultBytes: number;
  workers: number;
  queueLength: number;
}

/** The `anmc:` property stating each limit (integers; units in the property name). */
export const LIMIT_PROPERTIES: Record<keyof SparqlLimits, string> = {
  timeoutMs: ANMC('queryTimeoutMs'),
  maxRows: ANMC('maxResultRows'),
  maxQueryLength: ANMC('maxQueryLength'),
  maxQueryDepth: ANMC('maxQueryDepth'),
  maxQueryOperators: ANMC('maxQueryOperators'),
  maxBodyBytes: ANMC('maxRequestBodyBytes'),
  maxTriples: ANMC('maxResultTriples'),
  maxResultBytes: ANMC('maxResultBytes'),
  workers: ANMC('concurrentQueries'),
  queueLength: ANMC('queueLength'),
};

export interface ServiceDescriptionInput {
  /** Absolute URL of the endpoint (`…/sparql`). */
  endpoint: string;
  /** Absolute URL of the stored-query listing (`…/queries`); examples live under it. */
  queriesUrl: string;
  limits: SparqlLimits;
  /** Named graphs of the dataset (the default graph is their union). */
  graphs: readonly string[];
  storedQueries: readonly StoredQuery[];
  datasetVersion: string;
  /** IRI of the dataset's VoID/DCAT description, if any. */
  datasetIri?: string;
  /** Releases a query may name with `release=` (oldest first); absent: the endpoint offers none. */
  releases?: readonly { version: string; iri: string }[];
}

/** The request parameter naming a release (docs/sparql.md). */
export const RELEASE_PARAMETER = 'release';

/** What a query may call, said once for the description and the HTML page. */
export const FUNCTIONS_STATEMENT =
  'Functions: the SPARQL 1.1 built-in functions and aggregates, and the XSD casts of SPARQL 1.1 section 17.5 (' +
  XSD_CASTS.map((iri) => `xsd:${iri.slice(iri.indexOf('#') + 1)}`).join(', ') +
  '); no extension functions. A query calling any other function, or naming an IRI in a namespace that ' +
  'SPARQL stores execute (such as Virtuoso bif: and sql:, Jena java: and property functions), is refused with 400.';

/** The description as quads (default graph). */
export function describeService(input: ServiceDescriptionInput): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad['subject'], p: string, o: Quad['object']) => out.push(quad(s, namedNode(p), o));
  const service = namedNode(`${input.endpoint}#service`);
  add(service, RDF('type'), namedNode(SD('Service')));
  add(service, SD('endpoint'), namedNode(input.endpoint));
  add(service, SD('supportedLanguage'), namedNode(SD('SPARQL11Query')));
  add(service, SD('feature'), namedNode(SD('UnionDefaultGraph')));
  add(
    service,
    DCTERMS('description'),
    literal(
      'Read-only SPARQL 1.1 Query endpoint (SPARQL 1.1 Protocol). Updates and SERVICE are refused. ' +
        'The default graph is the union of all named graphs unless the request names graphs ' +
        '(default-graph-uri / named-graph-uri, or FROM / FROM NAMED). ' +
        (input.releases
          ? `A query runs over the current data, or over a release named by the ${RELEASE_PARAMETER} parameter (a version, or latest), with the same limits. `
          : '') +
        FUNCTIONS_STATEMENT,
      'en',
    ),
  );
  // Our documented extension functions (none today): every other non-standard function is refused.
  for (const iri of EXTENSION_FUNCTIONS) add(service, SD('extensionFunction'), namedNode(iri));
  for (const format of [...RESULTS_FORMATS, ...RDF_FORMATS]) add(service, SD('resultFormat'), namedNode(format.iri));
  for (const [key, property] of Object.entries(LIMIT_PROPERTIES)) {
    add(service, property, literal(String(input.limits[key as keyof SparqlLimits]), namedNode(XSD('integer'))));
  }

  const dataset = blankNode('dataset');
  add(service, SD('defaultDataset'), dataset);
  add(dataset, RDF('type'), namedNode(SD('Dataset')));
  add(dataset, SCHEMA('version'), literal(input.datasetVersion));
  if (input.releases) {
    // Each release is a dataset of its own a query may run over (release=…), with the same limits.
    add(service, ANMC('releaseParameter'), literal(RELEASE_PARAMETER));
    for (const r of input.releases) {
      const release = namedNode(r.iri);
      add(dataset, DCAT('hasVersion'), release);
      add(release, RDF('type'), namedNode(SD('Dataset')));
      add(release, DCAT('version'), literal(r.version));
      add(release, RDFS('comment'), literal(`Queried with ${RELEASE_PARAMETER}=${r.version}.`, 'en'));
    }
  }
  if (input.datasetIri) add(dataset, RDFS('seeAlso'), namedNode(input.datasetIri));
  const defaultGraph = blankNode('defaultGraph');
  add(dataset, SD('defaultGraph'), defaultGraph);
  add(defaultGraph, RDF('type'), namedNode(SD('Graph')));
  add(defaultGraph, RDFS('comment'), literal('The union (RDF merge) of all named graphs below.', 'en'));
  input.graphs.forEach((graph, i) => {
    const node = blankNode(`namedGraph${i}`);
    add(dataset, SD('namedGraph'), node);
    add(node, RDF('type'), namedNode(SD('NamedGraph')));
    add(node, SD('name'), namedNode(graph));
  });

  for (const stored of input.storedQueries) {
    const example = namedNode(`${input.queriesUrl}/${stored.name}`);
    add(service, SCHEMA('workExample'), example);
    const [type, property] = EXECUTABLE[stored.form];
    add(example, RDF('type'), namedNode(SH('SPARQLExecutable')));
    add(example, RDF('type'), namedNode(type));
    add(example, RDFS('label'), literal(stored.title));
    if (stored.description) add(example, RDFS('comment'), literal(stored.description));
    add(example, property, literal(stored.query));
    add(example, SCHEMA('target'), namedNode(input.endpoint));
  }
  return out;
}

const EXECUTABLE: Record<StoredQuery['form'], [string, string]> = {
  SELECT: [SH('SPARQLSelectExecutable'), SH('select')],
  ASK: [SH('SPARQLAskExecutable'), SH('ask')],
  CONSTRUCT: [SH('SPARQLConstructExecutable'), SH('construct')],
  DESCRIBE: [SPEX('SPARQLDescribeExecutable'), SPEX('describe')],
};

/** A small HTML page describing the endpoint (a placeholder until the query UI page exists). */
export function serviceDescriptionHtml(input: ServiceDescriptionInput): string {
  const l = input.limits;
  const examples = input.storedQueries
    .map(
      (q) =>
        `<li><a href="${escapeHtml(`${input.queriesUrl}/${q.name}`)}">${escapeHtml(q.title)}</a> (${q.form})` +
        `${q.description ? ` — ${escapeHtml(q.description)}` : ''}<pre>${escapeHtml(q.query)}</pre></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPARQL endpoint</title></head>
<body>
<h1>SPARQL 1.1 endpoint</h1>
<p>Endpoint: <code>${escapeHtml(input.endpoint)}</code>. Send <code>GET ?query=…</code>, or <code>POST</code> with
<code>application/x-www-form-urlencoded</code> or <code>application/sparql-query</code>. Read-only: updates and
<code>SERVICE</code> are refused. The default graph is the union of all named graphs unless the request names graphs.</p>
<p>${escapeHtml(FUNCTIONS_STATEMENT)}</p>
<p>Results: SELECT/ASK as ${RESULTS_FORMATS.map((f) => f.label).join(', ')}; CONSTRUCT/DESCRIBE as
${RDF_FORMATS.map((f) => f.label).join(', ')}. Choose with <code>Accept</code> or
<code>format=json|xml|${[...RESULTS_FORMATS, ...RDF_FORMATS].map((f) => f.extension).join('|')}</code>
(<code>json</code> and <code>xml</code> mean the results syntax for SELECT/ASK and JSON-LD or RDF/XML for a graph).</p>
<h2>Limits</h2>
<ul>
<li>Time per query: ${l.timeoutMs} ms (a lower <code>timeout</code> parameter, in ms, is allowed)</li>
<li>Rows per SELECT: ${l.maxRows} (a cut result says so: <code>X-SPARQL-Truncated: true</code>, and <code>"truncated": true</code> in JSON)</li>
<li>Query length: ${l.maxQueryLength} characters; request body: ${l.maxBodyBytes} bytes</li>
<li>Query shape: at most ${l.maxQueryDepth} brackets and prefix operators open at once, and ${l.maxQueryOperators} operators, groups and brackets in all (VALUES data does not count); past either, 400 naming the limit, line and column</li>
<li>Triples per CONSTRUCT/DESCRIBE: ${l.maxTriples}; bytes per result: ${l.maxResultBytes} (a cut result says so: <code>X-SPARQL-Truncated: true</code>)</li>
<li>Queries at once: ${l.workers}; waiting: ${l.queueLength}</li>
</ul>
<h2>Named graphs</h2>
<ul>${input.graphs.map((g) => `<li><code>${escapeHtml(g)}</code></li>`).join('')}</ul>
<h2>Example queries</h2>
<ul>${examples}</ul>
<p>Machine-readable description: <a href="?format=ttl">Turtle</a>, <a href="?format=jsonld">JSON-LD</a>.</p>
</body></html>
`;
}
