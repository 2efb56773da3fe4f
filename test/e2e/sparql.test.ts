// The SPARQL endpoint over real HTTP: every protocol path, every result format parsed back, errors, limits, caching.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser as N3Parser } from 'n3';
import jsonld from 'jsonld';
import oxigraph from 'oxigraph';
import { startSparqlServer, type TestServer } from './sparql-server.ts';

const LABELS_EN =
  'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l { ?s rdfs:label ?l FILTER(lang(?l) = "en") } ORDER BY ?l';
const CONSTRUCT =
  'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?s rdfs:label ?l } WHERE { GRAPH <https://w3id.org/anmc21/graph/article> { ?s rdfs:label ?l FILTER(lang(?l) = "en") } }';
const RUNAWAY = 'SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } ORDER BY ?a ?o';

let server: TestServer;
beforeAll(async () => {
  server = await startSparqlServer({ maxRows: 8, timeoutMs: 4000, workers: 2, queueLength: 8, maxBodyBytes: 4096 });
});
afterAll(() => server?.close());

const get = (query: string, params: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/sparql?${new URLSearchParams({ query, ...params })}`, {
    headers,
    signal: AbortSignal.timeout(15_000),
  });

/** Rows of a SELECT result in each format, as [s, l] pairs of plain values. */
async function rowsOf(res: Response): Promise<string[][]> {
  const type = res.headers.get('content-type')!.split(';')[0];
  const text = await res.text();
  switch (type) {
    case 'application/sparql-results+json':
      return JSON.parse(text).results.bindings.map((b: Record<string, { value: string }>) => [b.s.value, b.l.value]);
    case 'application/sparql-results+xml':
      return [...text.matchAll(/<result>(.*?)<\/result>/gs)].map((m) =>
        [...m[1].matchAll(/<(?:uri|literal)[^>]*>([^<]*)</g)].map((v) => v[1]),
      );
    case 'text/csv':
      return text
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(','));
    case 'text/tab-separated-values':
      return text
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t').map((v) => v.replace(/^<(.*)>$/, '$1').replace(/^"(.*)"@en$/, '$1')));
    default:
      throw new Error(`not a results type: ${type}`);
  }
}

const EXPECTED_ROWS = [
  ['https://w3id.org/anmc21/id/city/beijing', 'Beijing'],
  ['https://w3id.org/anmc21/id/city/delhi', 'Delhi'],
  ['https://w3id.org/anmc21/id/city/seoul', 'Seoul'],
  ['https://w3id.org/anmc21/id/city/tokyo', 'Tokyo'],
];

/** Triples of a graph result, parsed by an independent parser for the type. */
async function triplesOf(res: Response): Promise<string[]> {
  const type = res.headers.get('content-type')!.split(';')[0];
  const text = await res.text();
  let quads: { subject: { value: string }; object: { value: string } }[];
  if (type === 'application/ld+json') {
    quads = (await jsonld.toRDF(JSON.parse(text))) as never;
  } else if (type === 'application/rdf+xml') {
    quads = oxigraph.parse(text, { format: type }) as never;
  } else {
    quads = new N3Parser({ format: type }).parse(text);
  }
  return quads.map((q) => `${q.subject.value} ${q.object.value}`).sort();
}

describe('SELECT over GET, form POST and direct POST', () => {
  for (const [format, mediaType] of [
    ['json', 'application/sparql-results+json'],
    ['xml', 'application/sparql-results+xml'],
    ['csv', 'text/csv'],
    ['tsv', 'text/tab-separated-values'],
  ]) {
    it(`answers ${mediaType} by Accept and by format=${format}`, async () => {
      for (const res of [await get(LABELS_EN, {}, { accept: mediaType }), await get(LABELS_EN, { format })]) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(`${mediaType}; charset=utf-8`);
        expect(res.headers.get('vary')).toMatch(/Accept/);
        expect(res.headers.get('access-control-allow-origin')).toBe('*');
        expect(res.headers.get('access-control-expose-headers')).toMatch(/X-SPARQL-Truncated/);
        expect(res.headers.get('x-sparql-max-rows')).toBe('8');
        expect(res.headers.get('x-sparql-rows')).toBe('4');
        expect(res.headers.get('x-sparql-truncated')).toBe('false');
        expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
        expect(await rowsOf(res)).toEqual(EXPECTED_ROWS);
      }
    });
  }

  it('defaults to SPARQL JSON and weighs q-values', async () => {
    expect((await get(LABELS_EN)).headers.get('content-type')).toMatch(/^application\/sparql-results\+json/);
    expect(
      (await get(LABELS_EN, {}, { accept: 'text/csv;q=0.5, application/sparql-results+xml' })).headers.get(
        'content-type',
      ),
    ).toMatch(/^application\/sparql-results\+xml/);
    expect(
      (await get(LABELS_EN, {}, { accept: 'text/csv;q=0.9, text/tab-separated-values' })).headers.get('content-type'),
    ).toMatch(/^text\/tab-separated-values/);
    expect((await get(LABELS_EN, {}, { accept: 'application/json' })).headers.get('content-type')).toMatch(
      /^application\/sparql-results\+json/,
    );
  });

  it('runs form-encoded and direct POSTs the same way', async () => {
    const form = await fetch(`${server.url}/sparql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/csv' },
      body: new URLSearchParams({ query: LABELS_EN }),
    });
    expect(form.status).toBe(200);
    expect(form.headers.get('etag')).toBeNull();
    expect(await rowsOf(form)).toEqual(EXPECTED_ROWS);
    const direct = await fetch(`${server.url}/sparql?format=xml`, {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query; charset=UTF-8' },
      body: LABELS_EN,
    });
    expect(direct.status).toBe(200);
    expect(await rowsOf(direct)).toEqual(EXPECTED_ROWS);
  });

  it('answers ASK as a boolean in JSON and XML, and refuses CSV for it', async () => {
    const json = await get('ASK { ?s a <https://w3id.org/anmc21/ontology/MemberCity> }');
    expect(await json.json()).toEqual({ head: {}, boolean: true });
    const xml = await get('ASK { ?s a <http://example.org/Nothing> }', { format: 'xml' });
    expect(await xml.text()).toMatch(/<boolean>false<\/boolean>/);
    const csv = await get('ASK {}', {}, { accept: 'text/csv' });
    expect(csv.status).toBe(406);
    expect(await csv.text()).toMatch(/application\/sparql-results\+json, application\/sparql-results\+xml/);
  });
});

describe('CONSTRUCT and DESCRIBE', () => {
  const expected = EXPECTED_ROWS.filter(([s]) => !s.endsWith('beijing')).map(([s, l]) => `${s} ${l}`);
  for (const [format, mediaType] of [
    ['ttl', 'text/turtle'],
    ['nt', 'application/n-triples'],
    ['jsonld', 'application/ld+json'],
    ['rdfxml', 'application/rdf+xml'],
    ['nq', 'application/n-quads'],
    ['trig', 'application/trig'],
  ]) {
    it(`answers ${mediaType} (Accept and format=${format}) that parses back`, async () => {
      for (const res of [await get(CONSTRUCT, {}, { accept: mediaType }), await get(CONSTRUCT, { format })]) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(`${mediaType}; charset=utf-8`);
        // Graph results are counted and flagged like SELECT's (cut at sparql.maxTriples or maxResultBytes).
        expect(res.headers.get('x-sparql-truncated')).toBe('false');
        expect(res.headers.get('x-sparql-triples')).toBe(String(expected.length));
        expect(await triplesOf(res)).toEqual(expected);
      }
    });
  }

  it('defaults to Turtle; DESCRIBE works', async () => {
    const res = await get('DESCRIBE <https://w3id.org/anmc21/id/city/tokyo>');
    expect(res.headers.get('content-type')).toMatch(/^text\/turtle/);
    const quads = new N3Parser().parse(await res.text());
    expect(quads.length).toBeGreaterThanOrEqual(5);
    expect(new Set(quads.map((q) => q.subject.value))).toEqual(new Set(['https://w3id.org/anmc21/id/city/tokyo']));
  });

  it('refuses a results format for a graph and the reverse with 406', async () => {
    expect((await get(CONSTRUCT, { format: 'csv' })).status).toBe(406);
    expect((await get(LABELS_EN, { format: 'ttl' })).status).toBe(406);
    const none = await get(CONSTRUCT, {}, { accept: 'image/png' });
    expect(none.status).toBe(406);
    expect(await none.text()).toMatch(/text\/turtle.*application\/trig/);
    expect((await get(LABELS_EN, { format: 'yaml' })).status).toBe(400);
  });
});

describe('dataset', () => {
  const TYPES = 'SELECT ?s { ?s a ?t } ORDER BY ?s';
  const count = async (res: Response) => (await res.json()).results.bindings.length;

  it('uses the union of all graphs by default', async () => {
    expect(await count(await get(TYPES))).toBe(8);
  });

  it('honours default-graph-uri and named-graph-uri (replacing FROM)', async () => {
    const params = new URLSearchParams({ query: TYPES });
    params.append('default-graph-uri', 'https://w3id.org/anmc21/graph/supplements');
    params.append('default-graph-uri', 'http://kasei.us/2009/09/sparql/data/data1.rdf');
    expect(await count(await fetch(`${server.url}/sparql?${params}`))).toBe(2);
    const named = new URLSearchParams({ query: 'SELECT ?g { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g' });
    named.append('named-graph-uri', 'https://w3id.org/anmc21/graph/article');
    expect(await count(await fetch(`${server.url}/sparql?${named}`))).toBe(1);
    const from = 'SELECT ?s FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { ?s a ?t }';
    expect(await count(await get(from))).toBe(1);
    expect(await count(await get(from, { 'default-graph-uri': 'https://w3id.org/anmc21/graph/supplements' }))).toBe(1);
    expect(
      await (await get(from, { 'default-graph-uri': 'https://w3id.org/anmc21/graph/supplements' })).text(),
    ).toMatch(/beijing/);
  });

  it('refuses a relative graph IRI', async () => {
    expect((await get(TYPES, { 'default-graph-uri': 'graph/article' })).status).toBe(400);
  });
});

describe('format names as clients send them (the same on every form; rdf/formats.ts)', () => {
  const withParams = (query: string, params: [string, string][], headers: Record<string, string> = {}) =>
    fetch(`${server.url}/sparql?${new URLSearchParams([['query', query], ...params])}`, { headers });
  const expected = EXPECTED_ROWS.filter(([s]) => !s.endsWith('beijing')).map(([s, l]) => `${s} ${l}`);
  for (const [params, mediaType] of [
    [[['format', 'xml']], 'application/rdf+xml'], // SPARQLWrapper's default: XML means RDF/XML for a graph
    [[['format', 'json']], 'application/ld+json'],
    [[['format', 'n3']], 'text/turtle'],
    [
      [
        ['format', 'rdf+xml'],
        ['format', 'application/rdf+xml'],
      ],
      'application/rdf+xml',
    ],
    [
      [
        ['format', 'json-ld'],
        ['format', ''],
      ],
      'application/ld+json',
    ],
    [[['format', 'srx']], 'application/rdf+xml'],
  ] as [[string, string][], string][]) {
    it(`CONSTRUCT with ${new URLSearchParams(params)} is ${mediaType}`, async () => {
      const res = await withParams(CONSTRUCT, params);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(`${mediaType}; charset=utf-8`);
      expect(await triplesOf(res)).toEqual(expected);
    });
  }
  it('answers a CONSTRUCT that asks only for results formats in RDF (roqet), not 406', async () => {
    const xml = await withParams(CONSTRUCT, [], { accept: 'application/sparql-results+xml' });
    expect(xml.headers.get('content-type')).toBe('application/rdf+xml; charset=utf-8');
    expect(await triplesOf(xml)).toEqual(expected);
    const csv = await withParams(CONSTRUCT, [], { accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
  });
  it('takes a repeated format naming one format for SELECT, and xml/json as results there', async () => {
    const tsv = await withParams(LABELS_EN, [
      ['format', 'tsv'],
      ['format', 'text/tab-separated-values'],
    ]);
    expect(tsv.headers.get('content-type')).toBe('text/tab-separated-values; charset=utf-8');
    expect(await rowsOf(tsv)).toEqual(EXPECTED_ROWS);
    for (const [name, type] of [
      ['xml', 'application/sparql-results+xml'],
      ['json', 'application/sparql-results+json'],
      ['rdfxml', 'application/sparql-results+xml'],
    ]) {
      expect((await withParams(LABELS_EN, [['format', name]])).headers.get('content-type')).toBe(
        `${type}; charset=utf-8`,
      );
    }
    const two = await withParams(LABELS_EN, [
      ['format', 'json'],
      ['format', 'csv'],
    ]);
    expect(two.status).toBe(400);
    expect(await two.text()).toMatch(/2 different formats/);
  });
});

describe('errors', () => {
  const post = (body: string | URLSearchParams, contentType?: string, accept = 'application/json') =>
    fetch(`${server.url}/sparql`, {
      method: 'POST',
      headers: { ...(contentType ? { 'content-type': contentType } : {}), accept },
      body,
    });

  it('400 for a malformed query, with the parser message, line and column', async () => {
    const res = await get('SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(\n}', {}, { accept: 'application/json' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, reason: 'syntax', line: 4, column: 1 });
    expect(body.detail).toMatch(/line 4, column 1/);
  });

  it('400 naming the update form, whichever way the update arrives', async () => {
    const insert = 'INSERT DATA { <http://a> <http://b> <http://c> }';
    for (const res of [
      await get(insert, {}, { accept: 'application/json' }),
      await post(new URLSearchParams({ query: 'DROP ALL' })),
      await post(new URLSearchParams({ update: insert })),
      await post(insert, 'application/sparql-update'),
    ]) {
      expect(res.status).toBe(400);
      expect((await res.json()).detail).toMatch(/Update|INSERT DATA|DROP/);
    }
    // Nothing reached a store.
    expect((await (await get('ASK { <http://a> <http://b> <http://c> }')).json()).boolean).toBe(false);
  });

  it('400 for SERVICE', async () => {
    const res = await get(
      'SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }',
      {},
      { accept: 'application/json' },
    );
    expect(res.status).toBe(400);
    expect((await res.json()).detail).toMatch(/SERVICE <http:\/\/127.0.0.1:1\/sparql> is not allowed/);
  });

  it('400 for several queries, a missing POST query and a bad timeout', async () => {
    const two = new URLSearchParams([
      ['query', 'ASK {}'],
      ['query', 'ASK {}'],
    ]);
    expect((await fetch(`${server.url}/sparql?${two}`)).status).toBe(400);
    expect((await post(new URLSearchParams({ format: 'json' }), 'application/x-www-form-urlencoded')).status).toBe(400);
    expect((await get('ASK {}', { timeout: 'soon' })).status).toBe(400);
  });

  it('413 past the body limit, advertised in the error', async () => {
    const res = await post(`ASK {} #${'x'.repeat(5000)}`, 'application/sparql-query');
    expect(res.status).toBe(413);
    expect((await res.json()).maxBodyBytes).toBe(4096);
  });

  it('415 for other or missing content types and non-UTF-8 charsets', async () => {
    expect((await post('ASK {}', 'text/plain')).status).toBe(415);
    expect((await post('ASK {}', 'application/sparql-query; charset=UTF-16')).status).toBe(415);
    const missing = await fetch(`${server.url}/sparql`, {
      method: 'POST',
      body: new Uint8Array(Buffer.from('ASK {}')),
    });
    expect(missing.status).toBe(415);
  });

  it('405 for other methods, with Allow; OPTIONS answers the CORS preflight', async () => {
    const put = await fetch(`${server.url}/sparql?query=ASK%20%7B%7D`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const preflight = await fetch(`${server.url}/sparql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.org', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
  });
});

describe('limits', () => {
  it('cuts a SELECT at maxRows and says so in a header and in JSON', async () => {
    const res = await get('SELECT * { ?s ?p ?o }');
    expect(res.headers.get('x-sparql-truncated')).toBe('true');
    expect(res.headers.get('x-sparql-rows')).toBe('8');
    const body = await res.json();
    expect(body.results.bindings).toHaveLength(8);
    expect(body).toMatchObject({ truncated: true, maxRows: 8 });
    const csv = await get('SELECT * { ?s ?p ?o }', { format: 'csv' });
    expect(csv.headers.get('x-sparql-truncated')).toBe('true');
    expect((await csv.text()).trimEnd().split('\r\n')).toHaveLength(9);
  });

  it('a result exactly at the limit is not marked', async () => {
    const res = await get('SELECT * { ?s ?p ?o } LIMIT 8');
    expect(res.headers.get('x-sparql-truncated')).toBe('false');
    expect((await res.json()).truncated).toBeUndefined();
  });

  it('stops a query at a lower timeout parameter with a clear 503', async () => {
    const started = performance.now();
    const res = await get(RUNAWAY, { timeout: '300' }, { accept: 'application/json' });
    const elapsed = performance.now() - started;
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body.detail).toMatch(/longer than its 300 ms time limit/);
    expect(body.timeoutMs).toBe(300);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('caching', () => {
  it('gives GET results an ETag over dataset version, query and format, and answers 304', async () => {
    const first = await get(LABELS_EN);
    const etag = first.headers.get('etag')!;
    expect((await get(LABELS_EN)).headers.get('etag')).toBe(etag);
    expect((await get(LABELS_EN, { format: 'csv' })).headers.get('etag')).not.toBe(etag);
    expect((await get(`${LABELS_EN} `)).headers.get('etag')).not.toBe(etag);
    const revalidated = await get(LABELS_EN, {}, { 'if-none-match': `"other", ${etag}` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(await revalidated.text()).toBe('');
    // The one conditional-GET rule (caching.ts): weak comparison, and `*` matches any current tag.
    expect((await get(LABELS_EN, {}, { 'if-none-match': `W/${etag}` })).status).toBe(304);
    expect((await get(LABELS_EN, {}, { 'if-none-match': '*' })).status).toBe(304);
  });
});

describe('Service Description', () => {
  it('is Turtle by default, with languages, formats, dataset, limits and examples', async () => {
    const res = await fetch(`${server.url}/sparql`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/turtle; charset=utf-8');
    const quads = new N3Parser({ baseIRI: server.url }).parse(await res.text());
    const objects = (p: string) => quads.filter((q) => q.predicate.value === p).map((q) => q.object.value);
    const SD = 'http://www.w3.org/ns/sparql-service-description#';
    expect(objects(`${SD}endpoint`)).toEqual([`${server.url}/sparql`]);
    expect(objects(`${SD}supportedLanguage`)).toEqual([`${SD}SPARQL11Query`]);
    expect(objects(`${SD}feature`)).toContain(`${SD}UnionDefaultGraph`);
    expect(objects(`${SD}resultFormat`)).toHaveLength(10);
    expect(objects(`${SD}name`)).toContain('https://w3id.org/anmc21/graph/article');
    expect(objects('https://w3id.org/anmc21/ontology/maxResultRows')).toEqual(['8']);
    expect(objects('https://w3id.org/anmc21/ontology/queryTimeoutMs')).toEqual(['4000']);
    expect(objects('https://w3id.org/anmc21/ontology/maxRequestBodyBytes')).toEqual(['4096']);
    expect(objects('http://www.w3.org/ns/shacl#select').join('\n')).toMatch(/SELECT \?city \?label/);
  });

  it('is JSON-LD on request, and an HTML page for browsers', async () => {
    const ld = await fetch(`${server.url}/sparql`, { headers: { accept: 'application/ld+json' } });
    expect(ld.headers.get('content-type')).toMatch(/^application\/ld\+json/);
    const quads = (await jsonld.toRDF(await ld.json())) as { predicate: { value: string } }[];
    expect(quads.some((q) => q.predicate.value === 'http://www.w3.org/ns/sparql-service-description#endpoint')).toBe(
      true,
    );
    const html = await fetch(`${server.url}/sparql`, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toMatch(/Rows per SELECT: 8/);
  });
});

describe('stored queries', () => {
  it('lists them', async () => {
    const res = await fetch(`${server.url}/queries`);
    const body = await res.json();
    expect(body.queries.map((q: { name: string }) => q.name)).toEqual(['city-graph', 'member-cities']);
    expect(body.queries[1]).toMatchObject({
      title: 'Member cities',
      description: 'Every member city with its English label, sorted by label.',
      form: 'SELECT',
    });
  });

  it('runs one with the same negotiation', async () => {
    const csv = await fetch(`${server.url}/queries/member-cities`, { headers: { accept: 'text/csv' } });
    expect(csv.status).toBe(200);
    expect(await rowsOf(csv)).toEqual(
      EXPECTED_ROWS.filter(([s]) => !s.endsWith('beijing'))
        .map(([s, l]) => [s, l])
        .sort((a, b) => a[1].localeCompare(b[1])),
    );
    const graph = await fetch(`${server.url}/queries/city-graph?format=nt`);
    expect(graph.headers.get('content-type')).toMatch(/^application\/n-triples/);
    expect((await triplesOf(graph)).length).toBe(4);
    expect((await fetch(`${server.url}/queries/nope`)).status).toBe(404);
  });
});
