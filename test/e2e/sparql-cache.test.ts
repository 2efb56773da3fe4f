// Repeated queries come from the bounded result cache: same bytes, marked as a hit, never across formats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSparqlServer, type TestServer } from './sparql-server.ts';

const QUERY = 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l { ?s rdfs:label ?l } ORDER BY ?s ?l';

let server: TestServer;
beforeAll(async () => {
  server = await startSparqlServer({ maxRows: 5, workers: 1 });
});
afterAll(() => server?.close());

const ask = (accept: string, init: RequestInit = {}) =>
  fetch(`${server.url}/sparql?${new URLSearchParams({ query: QUERY })}`, {
    headers: { accept },
    signal: AbortSignal.timeout(15_000),
    ...init,
  });

describe('result cache', () => {
  it('answers a repeated query from the cache with the same body and row headers', async () => {
    const first = await ask('application/sparql-results+json');
    expect(first.headers.get('server-timing')).toMatch(/cache;desc="miss"/);
    const firstBody = await first.text();
    const second = await ask('application/sparql-results+json');
    expect(second.headers.get('server-timing')).toBe('cache;desc="hit"');
    expect(await second.text()).toBe(firstBody);
    expect(second.headers.get('x-sparql-truncated')).toBe(first.headers.get('x-sparql-truncated'));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it('keys by format and by dataset', async () => {
    const csv = await ask('text/csv');
    expect(csv.headers.get('server-timing')).toMatch(/cache;desc="miss"/);
    const scoped = await fetch(
      `${server.url}/sparql?${new URLSearchParams({ query: QUERY, 'default-graph-uri': 'https://w3id.org/anmc21/graph/article' })}`,
      {
        headers: { accept: 'application/sparql-results+json' },
      },
    );
    expect(scoped.headers.get('server-timing')).toMatch(/cache;desc="miss"/);
  });

  it('serves POST from the same cache', async () => {
    const res = await fetch(`${server.url}/sparql`, {
      method: 'POST',
      headers: { accept: 'application/sparql-results+json', 'content-type': 'application/sparql-query' },
      body: QUERY,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('server-timing')).toBe('cache;desc="hit"');
  });
});
