// The remote store on a real Virtuoso, compared with the in-memory store over the same fixture, and each
// Virtuoso deviation (system graphs, FROM, row cap, partial timeouts, blank nodes, decimals, DESCRIBE, auth).

import { readFile } from 'node:fs/promises';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Parser } from 'n3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { describeResource, descriptionQuads } from '../../src/http/describe.ts';
import { loadRemote } from '../../src/store/remote/load.ts';
import { createOxigraphStore, type OxigraphStore } from '../../src/store/oxigraph-store.ts';
import { QueryPoolError } from '../../src/store/query-runner.ts';
import { createSparqlQueryRunner } from '../../src/store/remote/query-runner.ts';
import { createSparqlStore, type SparqlStore } from '../../src/store/remote/sparql-store.ts';
import type { QueryResult } from '../../src/store/store.ts';
import { iris, GRAPH_NAMES } from '../../src/vocab.ts';
import { isomorphic } from '../conformance/support/isomorphism.ts';
import { readCsv, readSrj, readSrx, readTsv, sameSolutions } from '../conformance/support/sparql-results.ts';
import { loadRemoteDataset } from '../e2e/test-backend.ts';
import { FIXTURE, STORE_MAX_ROWS } from './global-setup.ts';

const virtuoso = inject('virtuoso');
const I = iris();
const OUR_GRAPHS = GRAPH_NAMES.map((g) => I.graph(g));
const BIG = 'urn:anmc21-test:big';
const RDF_SUBJECT = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#subject';

let local: OxigraphStore;
let remote: SparqlStore;

beforeAll(async () => {
  const trig = await readFile(FIXTURE, 'utf8');
  await loadRemoteDataset(trig, 'application/trig'); // the e2e suites of this tier load other datasets
  local = createOxigraphStore([{ data: trig, format: 'application/trig' }]);
  remote = createSparqlStore({ endpoint: virtuoso.sparql, graphs: OUR_GRAPHS });
});

function expectSame(actual: QueryResult, expected: QueryResult, ordered = false): void {
  expect(actual.type).toBe(expected.type);
  if (actual.type === 'boolean' && expected.type === 'boolean') expect(actual.value).toBe(expected.value);
  if (actual.type === 'quads' && expected.type === 'quads') expect(isomorphic(actual.quads, expected.quads)).toBe(true);
  if (actual.type === 'bindings' && expected.type === 'bindings') {
    expect(actual.rows.length).toBe(expected.rows.length);
    expect(sameSolutions(actual, expected, ordered)).toBe(true);
  }
}

describe('the remote store answers as the in-memory store does', () => {
  it("sees our graphs only: size and graph list equal, Virtuoso's system graphs invisible", async () => {
    expect(await remote.size()).toBe(await local.size());
    expect(await remote.graphs()).toEqual(await local.graphs());
    const graphs = await remote.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }');
    expect(graphs.type === 'bindings' && graphs.rows.map((r) => r.get('g')!.value).sort()).toEqual(
      await local.graphs(),
    );
  });

  const QUERIES: [string, string, boolean?][] = [
    ['union default graph', 'SELECT ?s ?p ?o WHERE { ?s ?p ?o }'],
    ['counts per graph', 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g', true],
    [
      'decimals and language tags',
      'PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> SELECT ?lat ?long WHERE { ?x wgs84:lat ?lat ; wgs84:long ?long }',
    ],
    [
      'labels sorted',
      'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(lang(?l) = "en") } ORDER BY ?l ?s',
      true,
    ],
    ['ASK', 'ASK { ?s a <https://w3id.org/anmc21/ontology/City> }'],
    [
      'CONSTRUCT',
      'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?city rdfs:label ?label } WHERE { ?city rdfs:label ?label FILTER(lang(?label) = "en") }',
    ],
    ['relative IRIs against the base', 'SELECT ?p ?o WHERE { <id/city/seoul> ?p ?o }'],
  ];
  for (const [name, query, ordered] of QUERIES) {
    it(name, async () => {
      expectSame(
        await remote.query(query, { baseIri: I.base }),
        await local.query(query, { baseIri: I.base }),
        ordered,
      );
    });
  }

  it('DESCRIBE gives the blank-node closure (sql:describe-mode "CBD"), plus, as CBD defines, the reifications of its triples', async () => {
    const q = 'DESCRIBE <https://w3id.org/anmc21/id/city/tokyo>';
    const [a, b] = await Promise.all([remote.query(q), local.query(q)]);
    if (a.type !== 'quads' || b.type !== 'quads') throw new Error('expected graphs');
    // Oxigraph's DESCRIBE stops at the blank-node closure; Virtuoso's CBD adds reification statements
    // (rdf:Statement nodes whose rdf:subject is the resource). The closure itself is the same.
    const statements = new Set(
      a.quads
        .filter((x) => x.predicate.value === RDF_SUBJECT && x.object.value === 'https://w3id.org/anmc21/id/city/tokyo')
        .map((x) => x.subject.value),
    );
    expect(statements.size).toBeGreaterThan(0);
    const closure = a.quads.filter((x) => !statements.has(x.subject.value));
    expect(isomorphic(closure, b.quads)).toBe(true);
  });

  it('keeps decimals as loaded (N-Triples, not Turtle, on the way back)', async () => {
    const q =
      'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(datatype(?o) = <http://www.w3.org/2001/XMLSchema#decimal>) }';
    const result = await remote.query(q);
    expect(result.type === 'quads' && result.quads.map((x) => x.object.value).sort()).toEqual(['139.6917', '35.6895']);
  });

  it('resource descriptions (CBD via match on Virtuoso blank nodes, inverse links, provenance) are isomorphic', async () => {
    for (const key of ['city/tokyo', 'city/seoul', 'network/anmc21']) {
      const iri = I.id(key.split('/')[0]!, key.split('/')[1]!);
      const [a, b] = await Promise.all([
        describeResource(remote, iri, { iris: I }),
        describeResource(local, iri, { iris: I }),
      ]);
      expect(a && b).toBeTruthy();
      expect(isomorphic(descriptionQuads(a!), descriptionQuads(b!))).toBe(true);
    }
  });
});

describe('datasets stay within our graphs', () => {
  it('a FROM naming a system graph reads nothing from it; FROM one of ours reads just that graph', async () => {
    const system = await remote.query(
      'SELECT (COUNT(*) AS ?n) FROM <http://www.openlinksw.com/schemas/virtrdf#> WHERE { ?s ?p ?o }',
    );
    expect(system.type === 'bindings' && system.rows[0]!.get('n')!.value).toBe('0');
    const q = `SELECT ?s ?p ?o FROM <${I.graph('supplements')}> WHERE { ?s ?p ?o }`;
    expectSame(await remote.query(q), await local.query(q));
    const named = `SELECT ?g (COUNT(*) AS ?n) FROM NAMED <${I.graph('article')}> FROM NAMED <http://www.openlinksw.com/schemas/virtrdf#> WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g`;
    expectSame(await remote.query(named), await local.query(named));
  });

  it("a protocol dataset overrides the query's FROM (as the spec says; Virtuoso itself would merge them)", async () => {
    const q = `SELECT ?s ?p ?o FROM <${I.graph('article')}> WHERE { ?s ?p ?o }`;
    const dataset = { defaultGraphs: [I.graph('supplements')] };
    expectSame(await remote.query(q, { dataset }), await local.query(q, { dataset }));
  });

  it('protocol graphs outside ours are empty', async () => {
    const dataset = {
      defaultGraphs: ['http://www.openlinksw.com/schemas/virtrdf#'],
      namedGraphs: ['http://www.openlinksw.com/schemas/virtrdf#'],
    };
    const result = await remote.query('SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }', { dataset });
    expect(result.type === 'bindings' && result.rows.length).toBe(0);
  });
});

describe("the endpoint runner: our limits on the store's work", () => {
  let big: SparqlStore;
  beforeAll(async () => {
    // A graph larger than the store's ResultSetMaxRows (1000 in this tier).
    const lines = Array.from(
      { length: 1500 },
      (_, i) => `<urn:s:${i}> <urn:p> "${i}"^^<http://www.w3.org/2001/XMLSchema#integer> .\n`,
    ).join('');
    const res = await fetch(`${virtuoso.gspBasic}?graph=${encodeURIComponent(BIG)}`, {
      method: 'PUT',
      body: lines,
      headers: {
        'Content-Type': 'application/n-triples',
        Authorization: `Basic ${Buffer.from(`${virtuoso.user}:${virtuoso.password}`).toString('base64')}`,
      },
    });
    expect(res.ok).toBe(true);
    big = createSparqlStore({ endpoint: virtuoso.sparql, graphs: [BIG] });
  });

  it("the store's silent row cap is an error for query() and a flagged truncation at the endpoint", async () => {
    await expect(big.query('SELECT * WHERE { ?s ?p ?o }')).rejects.toMatchObject({ reason: 'truncated' });
    const runner = createSparqlQueryRunner(big, { timeoutMs: 10_000, maxRows: 5000, concurrency: 2, queueLength: 4 });
    const result = await runner.run({
      query: 'SELECT * WHERE { ?s ?p ?o }',
      form: 'SELECT',
      mediaType: 'application/sparql-results+json',
    });
    expect(result).toMatchObject({ rows: STORE_MAX_ROWS, truncated: true });
    expect(JSON.parse(result.body.toString())).toMatchObject({ truncated: true, maxRows: STORE_MAX_ROWS });
    // Under the cap: complete, not flagged; our own row limit cuts and flags.
    const within = await runner.run({
      query: 'SELECT * WHERE { ?s ?p ?o } LIMIT 999',
      form: 'SELECT',
      mediaType: 'text/csv',
    });
    expect(within).toMatchObject({ rows: 999, truncated: false });
    const ours = createSparqlQueryRunner(big, { timeoutMs: 10_000, maxRows: 10, concurrency: 1, queueLength: 1 });
    expect(
      await ours.run({ query: 'SELECT * WHERE { ?s ?p ?o }', form: 'SELECT', mediaType: 'text/csv' }),
    ).toMatchObject({ rows: 10, truncated: true });
  });

  it('a graph result cut by the store is refused, not passed on', async () => {
    const runner = createSparqlQueryRunner(big, { timeoutMs: 10_000, maxRows: 5000, concurrency: 1, queueLength: 1 });
    const outcome = await runner
      .run({ query: 'CONSTRUCT WHERE { ?s ?p ?o }', form: 'CONSTRUCT', mediaType: 'application/n-triples' })
      .then(
        (r) => ({ triples: r.body.toString().trim().split('\n').length }),
        (e: unknown) => e,
      );
    // Virtuoso cuts CONSTRUCT at its cap too (1001 triples of 1500, measured) and sends no header:
    // as many triples as the cap is refused as possibly cut.
    expect(outcome).toBeInstanceOf(QueryPoolError);
    expect((outcome as QueryPoolError).message).toMatch(/row cap/);
    await expect(big.query('CONSTRUCT WHERE { ?s ?p ?o }')).rejects.toMatchObject({ reason: 'truncated' });
  });

  it('a graph result is counted, and cut at our triple and byte limits with the flag set', async () => {
    const query = 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 100';
    const run = (options: { maxTriples?: number; maxResultBytes?: number }) =>
      createSparqlQueryRunner(big, {
        timeoutMs: 10_000,
        maxRows: 5000,
        concurrency: 1,
        queueLength: 1,
        ...options,
      }).run({ query, form: 'CONSTRUCT', mediaType: 'application/n-triples' });
    const lines = (body: Buffer) => body.toString().trim().split('\n').length;
    const whole = await run({});
    expect(whole).toMatchObject({ triples: 100, truncated: false });
    expect(lines(whole.body)).toBe(100);
    const fewer = await run({ maxTriples: 30 });
    expect(fewer).toMatchObject({ triples: 30, truncated: true });
    expect(lines(fewer.body)).toBe(30);
    const smaller = await run({ maxResultBytes: 2000 });
    expect(smaller.truncated).toBe(true);
    expect(Buffer.byteLength(smaller.body)).toBeLessThanOrEqual(2000);
    expect(lines(smaller.body)).toBe(smaller.triples);
  });

  it('our timeout stops a long query (the request is aborted; a partial S1TAT answer would be refused too)', async () => {
    const runner = createSparqlQueryRunner(big, { timeoutMs: 400, maxRows: 100, concurrency: 1, queueLength: 1 });
    const started = performance.now();
    const error = await runner
      .run({
        // A three-way product (1500³ rows): far past 400 ms on any machine (the two-way one took 217 ms on a quiet one).
        query:
          'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) < STR(?f) && STR(?f) < STR(?i)) }',
        form: 'SELECT',
        mediaType: 'application/sparql-results+json',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryPoolError);
    expect((error as QueryPoolError).reason).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('writes every results format the endpoint offers, each parsing back to the same solutions', async () => {
    const runner = createSparqlQueryRunner(remote, { timeoutMs: 10_000, maxRows: 100, concurrency: 1, queueLength: 1 });
    const query = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l }';
    const expected = await local.query(query);
    if (expected.type !== 'bindings') throw new Error('expected bindings');
    const run = (mediaType: string) => runner.run({ query, form: 'SELECT', mediaType }).then((r) => r.body.toString());
    for (const [mediaType, read] of [
      ['application/sparql-results+json', readSrj],
      ['application/sparql-results+xml', readSrx],
      ['text/tab-separated-values', readTsv],
    ] as const) {
      const parsed = read(await run(mediaType));
      expect(parsed.type === 'bindings' && sameSolutions(parsed, expected, false), mediaType).toBe(true);
    }
    expect(readCsv(await run('text/csv')).rows.length).toBe(expected.rows.length);
    for (const mediaType of [
      'text/turtle',
      'application/n-quads',
      'application/trig',
      'application/rdf+xml',
      'application/ld+json',
    ]) {
      const r = await runner.run({
        query: 'DESCRIBE <https://w3id.org/anmc21/id/city/tokyo>',
        form: 'DESCRIBE',
        mediaType,
      });
      expect(r.body.length, mediaType).toBeGreaterThan(50);
    }
  });
});

describe('authentication', () => {
  it('Digest on /sparql-auth and Basic on /sparql-basic; a wrong password is refused', async () => {
    const q = 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    const expected = await local.query(q);
    for (const [endpoint, scheme] of [
      [virtuoso.sparqlAuth, 'digest'],
      [virtuoso.sparqlBasic, 'basic'],
      [virtuoso.sparqlAuth, 'auto'],
    ] as const) {
      const store = createSparqlStore({
        endpoint,
        graphs: OUR_GRAPHS,
        credentials: { user: virtuoso.user, password: virtuoso.password, scheme },
      });
      expectSame(await store.query(q), expected);
    }
    const wrong = createSparqlStore({
      endpoint: virtuoso.sparqlAuth,
      graphs: OUR_GRAPHS,
      credentials: { user: virtuoso.user, password: 'wrong' },
    });
    await expect(wrong.query(q)).rejects.toMatchObject({ reason: 'unauthorized' });
  });
});

describe('loadRemote', () => {
  it('is idempotent (a re-run replaces, never duplicates) and replaces a changed graph', async () => {
    const credentials = { user: virtuoso.user, password: virtuoso.password };
    const lines: string[] = [];
    const report = await loadRemote({
      file: virtuoso.fixtureNq,
      graphStore: virtuoso.gspAuth,
      endpoint: virtuoso.sparql,
      credentials,
      log: (l) => lines.push(l),
    });
    expect(report.graphs.every((g) => g.stored === g.triples)).toBe(true);
    expect(report.totalTriples).toBe(await local.size());
    expect(await remote.size()).toBe(await local.size());
    expect(lines.some((l) => /^verify: .* ok$/.test(l))).toBe(true);

    // A dump whose article graph lost all but one triple, loaded in chunks of 2: the graph is replaced.
    const quads = new Parser({ format: 'application/n-quads' }).parse(await readFile(virtuoso.fixtureNq, 'utf8'));
    const article = I.graph('article');
    const kept = quads.filter((q) => q.graph.value !== article);
    const sample = DataFactory.quad(
      DataFactory.namedNode('urn:x:only'),
      DataFactory.namedNode('urn:x:p'),
      DataFactory.literal('v'),
      DataFactory.namedNode(article),
    );
    const dir = await mkdtemp(join(tmpdir(), 'anmc21-remote-'));
    const changed = join(dir, 'changed.nq');
    const { Writer } = await import('n3');
    await writeFile(changed, new Writer({ format: 'N-Quads' }).quadsToString([...kept, sample]));
    await loadRemote({
      file: changed,
      graphStore: virtuoso.gspBasic,
      endpoint: virtuoso.sparql,
      credentials: { ...credentials, scheme: 'basic' },
      chunkTriples: 2,
      log: () => {},
    });
    const count = await remote.query(`SELECT (COUNT(*) AS ?n) WHERE { GRAPH <${article}> { ?s ?p ?o } }`);
    expect(count.type === 'bindings' && count.rows[0]!.get('n')!.value).toBe('1');

    // And back: the fixture again, as the other tests expect.
    await loadRemote({
      file: virtuoso.fixtureNq,
      graphStore: virtuoso.gspAuth,
      endpoint: virtuoso.sparql,
      credentials,
      log: () => {},
    });
    expect(await remote.size()).toBe(await local.size());
  });
});
