// Issue 18 over HTTP: store functions (Virtuoso's bif:http_get, configuration reads, sql: procedures, magic
// predicates), hidden anywhere in a query and sent in every request shape, get the same 400 naming them,
// and nothing reaches the store: the count of store requests does not move, and a canary HTTP server that
// an SSRF would call is never called. Runs in memory here and on Virtuoso in the remote tier.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Parser as N3Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSparqlServer, type TestServer } from './sparql-server.ts';
import { HIDING_PLACES, ssrfPayloads } from '../support/ssrf-payloads.ts';

let server: TestServer;
let canary: Server;
let canaryHits = 0;
let canaryUrl = '';

beforeAll(async () => {
  canary = createServer((req, res) => {
    canaryHits++;
    res.end('CANARY-BODY');
  });
  canary.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => canary.once('listening', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/ssrf`;
  server = await startSparqlServer();
  // One allowed query, so the remote backend has answered (its proxy fails on close otherwise).
  const res = await fetch(`${server.url}/sparql?${new URLSearchParams({ query: 'ASK { ?s ?p ?o }' })}`, {
    signal: AbortSignal.timeout(15_000),
  });
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
  canary?.closeAllConnections();
  await new Promise((resolve) => canary?.close(resolve));
});

const payloads = () => ssrfPayloads(canaryUrl);
const places = HIDING_PLACES;

type Shape = 'GET' | 'POST form' | 'POST body';
const SHAPES: Shape[] = ['GET', 'POST form', 'POST body'];

function send(shape: Shape, query: string, extra: Record<string, string> = {}): Promise<Response> {
  const headers = { Accept: 'application/json' };
  const signal = AbortSignal.timeout(15_000);
  switch (shape) {
    case 'GET':
      return fetch(`${server.url}/sparql?${new URLSearchParams({ query, ...extra })}`, { headers, signal });
    case 'POST form':
      return fetch(`${server.url}/sparql`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query, ...extra }).toString(),
        signal,
      });
    case 'POST body':
      return fetch(`${server.url}/sparql?${new URLSearchParams(extra)}`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/sparql-query' },
        body: query,
        signal,
      });
  }
}

describe('store functions are refused before any store sees them', () => {
  it('in every hiding place and request shape: the same 400 naming the IRI, no store request, no SSRF', async () => {
    const before = server.storeRequests().count;
    let sent = 0;
    for (const payload of payloads()) {
      const expression = payload.expression ?? `EXISTS { ${payload.pattern} }`;
      const queries = places.map(([place, wrap]) => [place, wrap(expression)] as const);
      if (payload.pattern) queries.push(['graph pattern', `SELECT * WHERE { ?s ?p ?o . ${payload.pattern} }`]);
      for (const [place, body] of queries) {
        const query = `${payload.prologue ?? ''}\n${body}`;
        const answers: string[] = [];
        for (const shape of SHAPES) {
          const res = await send(shape, query);
          const text = await res.text();
          const what = `${payload.name} in ${place}, ${shape}: ${text}`;
          expect(res.status, what).toBe(400);
          expect(res.headers.get('content-type'), what).toMatch(/^application\/json/);
          const json = JSON.parse(text);
          expect(['function', 'extension-namespace'], what).toContain(json.reason);
          expect(json.iri, what).toBe(payload.iri);
          expect(json.line, what).toBe(2);
          expect(json.column, what).toBeGreaterThan(0);
          expect(json.detail, what).toContain(`<${payload.iri}>`);
          expect(text, what).not.toMatch(/Virtuoso \d|Error S[PR]\d|CANARY|07\.20|\/tmp\//);
          answers.push(text);
          sent++;
        }
        expect(new Set(answers).size, `${payload.name} in ${place}: the same answer in every shape`).toBe(1);
      }
    }
    expect(sent).toBeGreaterThanOrEqual(payloads().length * places.length * SHAPES.length);
    expect(server.storeRequests().count).toBe(before);
    expect(canaryHits).toBe(0);
  });

  it('refuses graphs in store namespaces named by default-graph-uri / named-graph-uri', async () => {
    const before = server.storeRequests().count;
    for (const shape of SHAPES) {
      for (const [param, iri] of [
        ['default-graph-uri', 'bif:http_get'],
        ['named-graph-uri', 'http://www.openlinksw.com/schemas/sql#x'],
        ['default-graph-uri', 'java:java.lang.Runtime'],
      ] as const) {
        const res = await send(shape, 'SELECT * WHERE { ?s ?p ?o } LIMIT 1', { [param]: iri });
        const json = await res.json();
        expect(res.status, `${shape} ${param}=${iri}`).toBe(400);
        expect(json).toMatchObject({ reason: 'extension-namespace', iri });
      }
    }
    expect(server.storeRequests().count).toBe(before);
  });

  it('refuses store pragmas and loads as syntax errors or updates, never passing them on', async () => {
    const before = server.storeRequests().count;
    const cases: [string, string][] = [
      [`DEFINE get:soft "replace" SELECT * FROM <${canaryUrl}> WHERE { ?s ?p ?o }`, 'syntax'],
      [`DEFINE input:grab-all "yes" SELECT * WHERE { ?s ?p ?o }`, 'syntax'],
      [`SELECT * WHERE { ?s ?p ?o } OPTION (QUIETCAST)`, 'syntax'],
      [`LOAD <${canaryUrl}>`, 'update'],
      [`SELECT (bif:http_get("${canaryUrl}") AS ?v) WHERE {}`, 'syntax'], // Virtuoso's predefined bif: prefix
    ];
    for (const shape of SHAPES) {
      for (const [query, reason] of cases) {
        const res = await send(shape, query);
        const json = await res.json();
        expect(res.status, `${shape}: ${query}`).toBe(400);
        expect(json.reason, `${shape}: ${query}`).toBe(reason);
      }
    }
    expect(server.storeRequests().count).toBe(before);
    expect(canaryHits).toBe(0);
  });

  it('keeps a query’s FROM and store-only request parameters away from the store', async () => {
    const before = server.storeRequests().count;
    for (const shape of SHAPES) {
      const res = await send(shape, `SELECT * FROM <${canaryUrl}> WHERE { ?s ?p ?o }`, {
        'query-uri': canaryUrl,
        'xslt-uri': canaryUrl,
        'should-sponge': 'soft',
      });
      const json = await res.json();
      expect(res.status, JSON.stringify(json)).toBe(200);
      expect(json.results.bindings).toEqual([]); // a graph that is not ours is an empty graph
    }
    const reached = server.storeRequests();
    expect(reached.count).toBeGreaterThan(before);
    if (server.backend === 'sparql') {
      const forwarded = reached.bodies.slice(-(reached.count - before)).join('\n');
      expect(forwarded).not.toContain(encodeURIComponent(canaryUrl));
      expect(forwarded).not.toContain(canaryUrl);
      expect(forwarded).not.toMatch(/query-uri|xslt-uri|should-sponge/);
    }
    expect(canaryHits).toBe(0);
  });

  it('still runs the standard functions and casts', async () => {
    const query =
      'PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT (xsd:integer("42") + STRLEN(UCASE("ab")) AS ?v) (COUNT(*) AS ?n) WHERE { ?s ?p ?o }';
    for (const shape of SHAPES) {
      const res = await send(shape, query);
      const json = await res.json();
      expect(res.status, JSON.stringify(json)).toBe(200);
      expect(json.results.bindings[0].v.value).toBe('44');
    }
  });
});

describe('the Service Description states the allowed functions', () => {
  it('lists no extension function and says which functions run and what is refused', async () => {
    const res = await fetch(`${server.url}/sparql`, { signal: AbortSignal.timeout(15_000) });
    const quads = new N3Parser().parse(await res.text());
    const objects = (p: string) => quads.filter((q) => q.predicate.value === p).map((q) => q.object.value);
    expect(objects('http://www.w3.org/ns/sparql-service-description#extensionFunction')).toEqual([]);
    const [description] = objects('http://purl.org/dc/terms/description');
    expect(description).toMatch(/SPARQL 1\.1 built-in functions and aggregates/);
    for (const cast of ['boolean', 'double', 'float', 'decimal', 'integer', 'dateTime', 'string'])
      expect(description).toContain(`xsd:${cast}`);
    expect(description).toMatch(/no extension functions/);
    expect(description).toMatch(/refused with 400/);
  });
});
