// The SPARQL fast path answers exactly as the Express route does: the same requests sent to a server
// with the fast path and to one without give the same status, headers and body, errors included; and
// the fast path did take the common shapes (GET with a query, form and query POSTs of declared length).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSparqlServer, TEST_CSP, type TestServer } from './sparql-server.ts';

let fast: TestServer;
let express: TestServer;
beforeAll(async () => {
  [fast, express] = await Promise.all([startSparqlServer({}), startSparqlServer({}, { fastPath: false })]);
});
afterAll(async () => {
  await Promise.all([fast?.close(), express?.close()]);
});

interface Req {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** The fast path takes it (else Express answers on both servers). */
  taken: boolean;
}

const q = (text: string) => `/sparql?query=${encodeURIComponent(text)}`;
const SELECT = 'SELECT ?s ?o WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?s ?o LIMIT 5';
const FORM = 'application/x-www-form-urlencoded';
const JSON_RESULTS = 'application/sparql-results+json';

const REQUESTS: Req[] = [
  { name: 'GET, SPARQL JSON', path: q(SELECT), headers: { accept: JSON_RESULTS }, taken: true },
  { name: 'GET, format=csv', path: `${q(SELECT)}&format=csv`, taken: true },
  { name: 'GET, no Accept', path: q(SELECT), taken: true },
  { name: 'GET, ASK', path: q('ASK { ?s ?p ?o }'), headers: { accept: JSON_RESULTS }, taken: true },
  {
    name: 'GET, CONSTRUCT in Turtle',
    path: q('CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3'),
    headers: { accept: 'text/turtle' },
    taken: true,
  },
  {
    name: 'GET, CONSTRUCT in JSON-LD',
    path: q('CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3'),
    headers: { accept: 'application/ld+json' },
    taken: true,
  },
  {
    name: 'GET, default-graph-uri',
    path: `${q(SELECT)}&default-graph-uri=${encodeURIComponent('http://kasei.us/2009/09/sparql/data/data1.rdf')}`,
    taken: true,
  },
  {
    name: 'POST form',
    method: 'POST',
    path: '/sparql',
    headers: { 'content-type': FORM, accept: 'text/csv' },
    body: new URLSearchParams({ query: SELECT }).toString(),
    taken: true,
  },
  {
    name: 'POST query, charset',
    method: 'POST',
    path: '/sparql',
    headers: { 'content-type': 'application/sparql-query; charset=utf-8', accept: 'text/tab-separated-values' },
    body: SELECT,
    taken: true,
  },
  // Errors met on the fast path are answered by the error handler, as on the Express route.
  { name: 'syntax error', path: q('SELECT * WHERE { ?s ?p }'), headers: { accept: JSON_RESULTS }, taken: true },
  { name: 'SERVICE', path: q('SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }'), taken: true },
  { name: 'not acceptable', path: q(SELECT), headers: { accept: 'image/png' }, taken: true },
  { name: 'unknown format', path: `${q(SELECT)}&format=nope`, taken: true },
  { name: 'two queries', path: `${q(SELECT)}&query=ASK%7B%7D`, taken: true },
  { name: 'update parameter', path: `${q(SELECT)}&update=CLEAR%20ALL`, taken: true },
  { name: 'bad timeout', path: `${q(SELECT)}&timeout=soon`, taken: true },
  {
    name: 'POST without a query',
    method: 'POST',
    path: '/sparql',
    headers: { 'content-type': FORM },
    body: 'format=json',
    taken: true,
  },
  {
    name: 'POST query, not UTF-8',
    method: 'POST',
    path: '/sparql',
    headers: { 'content-type': 'application/sparql-query' },
    body: Uint8Array.from([0x41, 0x53, 0x4b, 0xff]),
    taken: true,
  },
  {
    name: 'POST query, a second one in the URL',
    method: 'POST',
    path: q('ASK {}'),
    headers: { 'content-type': 'application/sparql-query' },
    body: 'ASK {}',
    taken: false,
  },
  // Shapes the fast path leaves to Express.
  { name: 'Service Description', path: '/sparql', headers: { accept: 'text/turtle' }, taken: false },
  { name: 'HEAD', method: 'HEAD', path: q(SELECT), taken: false },
  {
    name: 'POST, another content type',
    method: 'POST',
    path: '/sparql',
    headers: { 'content-type': 'text/plain' },
    body: SELECT,
    taken: false,
  },
  { name: 'a stored query', path: '/queries/members', taken: false },
];

async function send(server: TestServer, r: Req) {
  const res = await fetch(`${server.url}${r.path}`, {
    method: r.method ?? 'GET',
    headers: r.headers,
    body: r.body as BodyInit | undefined,
  });
  // The Service Description names its endpoint (this server's origin) and its tag depends on it.
  const body = Buffer.from(await res.arrayBuffer())
    .toString('utf8')
    .replaceAll(server.url, 'ORIGIN');
  const skipped = ['date', 'server-timing', 'keep-alive', 'connection', ...(r.taken ? [] : ['etag'])];
  const headers = Object.fromEntries([...res.headers].filter(([name]) => !skipped.includes(name)));
  return { status: res.status, headers, body, timing: res.headers.get('server-timing') };
}

describe('the SPARQL fast path', () => {
  for (const r of REQUESTS) {
    it(`answers as the Express route does: ${r.name}`, async () => {
      const before = fast.fastPathTaken();
      // Express first: the fast path then meets a cached result where one is cached, as Express would.
      const viaExpress = await send(express, r);
      const viaFast = await send(fast, r);
      expect(fast.fastPathTaken() - before).toBe(r.taken ? 1 : 0);
      expect(viaFast.status).toBe(viaExpress.status);
      expect(viaFast.headers).toEqual(viaExpress.headers);
      // Blank node labels differ between runs of a query.
      const labels = (text: string) => text.replace(/_:[\w-]+/g, '_:b');
      expect(labels(viaFast.body)).toBe(labels(viaExpress.body));
      expect(viaFast.timing === null).toBe(viaExpress.timing === null);
    });
  }

  it("sets the route's own Content-Security-Policy on GET /sparql, with and without a query", async () => {
    for (const server of [fast, express])
      for (const r of REQUESTS.filter((x) => (x.method ?? 'GET') === 'GET' && x.path.startsWith('/sparql'))) {
        const res = await fetch(`${server.url}${r.path}`, { headers: r.headers });
        await res.arrayBuffer();
        expect(res.headers.get('content-security-policy'), r.name).toBe(TEST_CSP);
      }
  });

  it('logs every request once, those it answers and those it hands to the error handler', async () => {
    const before = fast.logs.length;
    await send(fast, REQUESTS[0]!);
    await send(
      fast,
      REQUESTS.find((r) => r.name === 'syntax error')!,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const lines = fast.logs.slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ GET \/sparql\?query=\S+ 200 application\/sparql-results\+json \d+ /);
    expect(lines[1]).toMatch(/ GET \/sparql\?query=\S+ 400 /);
  });
});
