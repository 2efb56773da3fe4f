// Protocol edges of the remote store against a tiny node:http fake: Digest/Basic, form-encoded POST,
// our graphs on every request, the store's silent row cap and partial-timeout headers, our own timeout.
// (Real behaviour is tested against Virtuoso in test/remote.)

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory } from 'n3';
import { createSparqlQueryRunner } from '../../src/store/remote/query-runner.ts';
import { createSparqlStore } from '../../src/store/remote/sparql-store.ts';
import { credentialsFromEnv, digestAuthorization, parseAuthChallenges } from '../../src/store/remote/http-client.ts';
import { RemoteStoreError } from '../../src/store/remote/errors.ts';
import { QueryPoolError } from '../../src/store/query-runner.ts';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('digestAuthorization', () => {
  it('answers the RFC 2617 §3.5 example', () => {
    const header = digestAuthorization(
      {
        realm: 'testrealm@host.com',
        qop: 'auth,auth-int',
        nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
        opaque: '5ccc069c403ebaf9f0171e9517f40e41',
      },
      { user: 'Mufasa', password: 'Circle Of Life' },
      { method: 'GET', uri: '/dir/index.html' },
      1,
      '0a4f113b',
    );
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('refuses a qop it does not implement', () => {
    expect(() =>
      digestAuthorization(
        { realm: 'r', nonce: 'n', qop: 'auth-int' },
        { user: 'u', password: 'p' },
        { method: 'GET', uri: '/' },
        1,
        'c',
      ),
    ).toThrow(/qop auth-int is not supported/);
  });
});

describe('parseAuthChallenges', () => {
  it('reads several challenges joined by commas, quoted commas included', () => {
    const found = parseAuthChallenges(
      'Digest realm="SPARQL, here", nonce="abc", qop="auth", algorithm="MD5", Basic realm="x"',
    );
    expect(found).toEqual([
      { scheme: 'digest', params: { realm: 'SPARQL, here', nonce: 'abc', qop: 'auth', algorithm: 'MD5' } },
      { scheme: 'basic', params: { realm: 'x' } },
    ]);
  });
});

describe('credentialsFromEnv', () => {
  it('reads user, password and scheme; none without a user; a bad scheme throws', () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(
      credentialsFromEnv({ ANMC21_SPARQL_USER: 'dba', ANMC21_SPARQL_PASSWORD: 'pw', ANMC21_SPARQL_AUTH: 'Digest' }),
    ).toEqual({ user: 'dba', password: 'pw', scheme: 'digest' });
    expect(() => credentialsFromEnv({ ANMC21_SPARQL_USER: 'dba', ANMC21_SPARQL_AUTH: 'ntlm' })).toThrow(
      /basic, digest or auto/,
    );
  });
});

interface Seen {
  method: string;
  contentType?: string;
  authorization?: string;
  form: URLSearchParams;
}

/** The fake's behaviour per request, by the query text. */
type Handler = (req: IncomingMessage, res: ServerResponse, form: URLSearchParams) => void;

describe('the remote store against a fake endpoint', () => {
  let url = '';
  const seen: Seen[] = [];
  let handler: Handler = () => {};
  const nonce = 'f00d';
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      seen.push({
        method: req.method!,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        form,
      });
      handler(req, res, form);
    });
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (res: ServerResponse, doc: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(200, {
      'Content-Type': 'application/sparql-results+json',
      Server: 'Virtuoso/07.20.3229 (Linux)',
      ...headers,
    });
    res.end(JSON.stringify(doc));
  };
  const ask = (res: ServerResponse) => json(res, { head: {}, boolean: true });
  const GRAPHS = ['https://example.org/graph/a', 'https://example.org/graph/b'];

  it('answers a Digest challenge (verified independently here) and sends queries form-encoded with our graphs', async () => {
    seen.length = 0;
    handler = (req, res, form) => {
      const auth = req.headers.authorization ?? '';
      const p = Object.fromEntries([...auth.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
      const ha1 = md5('dba:SPARQL:secret');
      const ha2 = md5(`POST:${p.uri}`);
      const expected = md5(`${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
      if (!auth.startsWith('Digest ') || p.response !== expected || p.uri !== '/sparql') {
        res.writeHead(401, {
          'WWW-Authenticate': `Digest realm="SPARQL", nonce="${nonce}", opaque="o", stale="false", qop="auth", algorithm="MD5"`,
        });
        res.end();
        return;
      }
      if (form.get('query') === 'ASK {}') return ask(res);
      json(res, {
        head: { vars: ['x', 'n', 'b'] },
        results: {
          bindings: [
            {
              x: { type: 'typed-literal', datatype: 'http://www.w3.org/2001/XMLSchema#decimal', value: '1.50' },
              n: { type: 'literal', value: 'plain' },
              b: { type: 'bnode', value: 'nodeID://b10007' },
            },
          ],
        },
      });
    };
    const store = createSparqlStore({
      endpoint: url,
      graphs: GRAPHS,
      credentials: { user: 'dba', password: 'secret', scheme: 'digest' },
    });
    const result = await store.query('SELECT * WHERE { ?s ?p ?o }');
    expect(result.type).toBe('bindings');
    if (result.type !== 'bindings') return;
    const row = result.rows[0]!;
    expect(row.get('x')).toEqual(
      DataFactory.literal('1.50', DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#decimal')),
    );
    expect(row.get('n')).toEqual(DataFactory.literal('plain'));
    expect(row.get('b')).toEqual(DataFactory.blankNode('b10007'));

    const query = seen.filter((s) => s.form.get('query')?.startsWith('SELECT'));
    expect(query.at(-1)!.method).toBe('POST');
    expect(query.at(-1)!.contentType).toBe('application/x-www-form-urlencoded');
    expect(query.at(-1)!.form.getAll('default-graph-uri')).toEqual(GRAPHS);
    expect(query.at(-1)!.form.getAll('named-graph-uri')).toEqual(GRAPHS);
    expect(query.at(-1)!.form.get('timeout')).toBe('30000');
    // After the first challenge the client answers preemptively, counting requests with the nonce.
    const authorised = seen.filter((s) => s.authorization?.startsWith('Digest '));
    // (ASK {} tells the dialect, a probe reads Virtuoso's row cap, then the query.)
    expect(authorised.map((s) => /nc=(\w+)/.exec(s.authorization!)![1])).toEqual(['00000001', '00000002', '00000003']);
  });

  it('sends Basic only after a Basic challenge (auto), and graphs a request names outside ours become an empty graph', async () => {
    seen.length = 0;
    handler = (req, res, form) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('u:p').toString('base64')}`) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="SPARQL"' });
        res.end();
        return;
      }
      if (form.get('query') === 'ASK {}') return ask(res);
      ask(res);
    };
    const store = createSparqlStore({ endpoint: url, graphs: GRAPHS, credentials: { user: 'u', password: 'p' } });
    await store.query('ASK { ?s ?p ?o }', {
      dataset: { defaultGraphs: ['http://www.openlinksw.com/schemas/virtrdf#', GRAPHS[1]!] },
    });
    expect(seen[0]!.authorization).toBeUndefined();
    const last = seen.at(-1)!;
    expect(last.form.getAll('default-graph-uri')).toEqual([GRAPHS[1]]);
    expect(last.form.getAll('named-graph-uri')).toEqual(GRAPHS);

    await store.query('ASK { ?s ?p ?o }', { dataset: { defaultGraphs: ['urn:other'], namedGraphs: [] } });
    expect(seen.at(-1)!.form.getAll('default-graph-uri')).toEqual(['urn:x-anmc21:no-graph']);
    expect(seen.at(-1)!.form.getAll('named-graph-uri')).toEqual(['urn:x-anmc21:no-graph']);
  });

  it('rewrites a query with its own FROM so it names only our graphs', async () => {
    seen.length = 0;
    handler = (_req, res) => json(res, { head: { vars: ['s'] }, results: { bindings: [] } });
    const store = createSparqlStore({ endpoint: url, graphs: GRAPHS, dialect: 'generic' });
    await store.query(
      `SELECT ?s FROM <http://www.openlinksw.com/schemas/virtrdf#> FROM <${GRAPHS[0]}> WHERE { ?s ?p ?o }`,
    );
    const sent = seen.at(-1)!;
    expect(sent.form.get('query')).toContain(`FROM <${GRAPHS[0]}>`);
    expect(sent.form.get('query')).not.toContain('openlinksw');
    expect(sent.form.get('query')).toContain('FROM NAMED <urn:x-anmc21:no-graph>');
    expect(sent.form.has('default-graph-uri')).toBe(false);
    expect(sent.form.has('timeout')).toBe(false); // generic: no Virtuoso parameters
  });

  const rows = (n: number) => ({
    head: { vars: ['s'] },
    results: { bindings: Array.from({ length: n }, (_, i) => ({ s: { type: 'uri', value: `urn:s:${i}` } })) },
  });

  it("a result at the store's row cap (X-SPARQL-MaxRows) is an error for query() and flagged truncated by the runner", async () => {
    handler = (_req, res, form) =>
      form.get('query') === 'ASK {}' ? ask(res) : json(res, rows(5), { 'X-SPARQL-MaxRows': '5' });
    const store = createSparqlStore({ endpoint: url, graphs: GRAPHS });
    await expect(store.query('SELECT ?s WHERE { ?s ?p ?o }')).rejects.toMatchObject({ reason: 'truncated' });
    // A query whose own LIMIT is within the store's cap is complete even though the header is sent.
    await expect(store.query('SELECT ?s WHERE { ?s ?p ?o } LIMIT 5')).resolves.toMatchObject({ type: 'bindings' });

    const runner = createSparqlQueryRunner(store, { timeoutMs: 5000, maxRows: 100, concurrency: 1, queueLength: 1 });
    const result = await runner.run({
      query: 'SELECT ?s WHERE { ?s ?p ?o }',
      form: 'SELECT',
      mediaType: 'application/sparql-results+json',
    });
    expect(result).toMatchObject({ rows: 5, truncated: true });
    expect(JSON.parse(result.body.toString())).toMatchObject({ truncated: true, maxRows: 5 });
    // Our own limit: maxRows + 1 asked for, maxRows kept, flagged.
    handler = (_req, res) => json(res, rows(3));
    const ours = createSparqlQueryRunner(store, { timeoutMs: 5000, maxRows: 2, concurrency: 1, queueLength: 1 });
    const cut = await ours.run({ query: 'SELECT ?s WHERE { ?s ?p ?o }', form: 'SELECT', mediaType: 'text/csv' });
    expect(cut).toMatchObject({ rows: 2, truncated: true });
    expect(cut.body.toString()).toBe('s\r\nurn:s:0\r\nurn:s:1\r\n');
    expect(seen.at(-1)!.form.get('query')).toMatch(/LIMIT 3\s*$/);
  });

  it('a partial answer flagged X-SQL-State: S1TAT is a timeout, never a result', async () => {
    handler = (_req, res, form) =>
      form.get('query') === 'ASK {}'
        ? ask(res)
        : json(res, rows(2), {
            'X-SQL-State': 'S1TAT',
            'X-SQL-Message': 'RC...: Returning incomplete results, query interrupted by result timeout.',
          });
    const store = createSparqlStore({ endpoint: url, graphs: GRAPHS });
    await expect(store.query('SELECT ?s WHERE { ?s ?p ?o }')).rejects.toMatchObject({ reason: 'timeout' });
    const runner = createSparqlQueryRunner(store, { timeoutMs: 5000, maxRows: 100, concurrency: 1, queueLength: 1 });
    await expect(
      runner.run({
        query: 'SELECT ?s WHERE { ?s ?p ?o }',
        form: 'SELECT',
        mediaType: 'application/sparql-results+json',
      }),
    ).rejects.toMatchObject({ name: 'QueryPoolError', reason: 'timeout' });
  });

  it('enforces our timeout by aborting the request, and keeps the queue bounded', async () => {
    const hanging: ServerResponse[] = [];
    handler = (_req, res, form) => (form.get('query') === 'ASK {}' ? ask(res) : hanging.push(res));
    const store = createSparqlStore({ endpoint: url, graphs: GRAPHS });
    const runner = createSparqlQueryRunner(store, { timeoutMs: 300, maxRows: 10, concurrency: 1, queueLength: 1 });
    const started = performance.now();
    const first = runner.run({
      query: 'SELECT * WHERE { ?s ?p ?o }',
      form: 'SELECT',
      mediaType: 'application/sparql-results+json',
    });
    const second = runner
      .run({ query: 'SELECT * WHERE { ?s ?p ?o }', form: 'SELECT', mediaType: 'application/sparql-results+json' })
      .catch((e: unknown) => e);
    const third = runner.run({
      query: 'SELECT * WHERE { ?s ?p ?o }',
      form: 'SELECT',
      mediaType: 'application/sparql-results+json',
    });
    await expect(third).rejects.toMatchObject({ reason: 'busy' });
    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueryPoolError);
    expect(error).toMatchObject({ reason: 'timeout', limitMs: 300 });
    expect(performance.now() - started).toBeLessThan(2000);
    // Queued behind it: either timed out itself or gave up waiting; a QueryPoolError either way.
    expect(await second).toBeInstanceOf(QueryPoolError);
    for (const res of hanging) res.destroy();
  });

  it("a store's refusal becomes a RemoteStoreError in our words; the store's text is kept for the log", async () => {
    const storeText = 'Virtuoso 37000 Error SP030: SPARQL compiler, line 2: syntax error\n\nSPARQL query: …';
    handler = (_req, res, form) => {
      if (form.get('query') === 'ASK {}') return ask(res);
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(storeText);
    };
    const store = createSparqlStore({ endpoint: url, graphs: GRAPHS });
    const error = await store.query('SELECT * WHERE { ?s ?p ?o }').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteStoreError);
    expect(error).toMatchObject({
      reason: 'query',
      status: 400,
      message: 'The SPARQL store refused this query: line 2: syntax error',
      storeText,
    });
  });

  it('the runner answers a refusal as an engine error and a store failure as unavailable, logging the store text', async () => {
    let answer = { status: 500, body: 'Virtuoso 22012 Error SR084: Division by 0.\n\nSPARQL query:\n…' };
    handler = (_req, res, form) => {
      if (form.get('query') === 'ASK {}') return ask(res);
      res.writeHead(answer.status, { 'Content-Type': 'text/plain' });
      res.end(answer.body);
    };
    const logged: string[] = [];
    const runner = createSparqlQueryRunner(createSparqlStore({ endpoint: url, graphs: GRAPHS }), {
      timeoutMs: 5000,
      maxRows: 10,
      concurrency: 1,
      queueLength: 1,
      logStoreError: (line) => logged.push(line),
    });
    const run = () =>
      runner
        .run({ query: 'SELECT (1/0 AS ?v) WHERE {}', form: 'SELECT', mediaType: 'application/sparql-results+json' })
        .catch((e: unknown) => e);
    expect(await run()).toMatchObject({
      name: 'QueryPoolError',
      reason: 'engine',
      message: 'The SPARQL store could not evaluate this query: Division by 0.',
    });
    expect(logged.at(-1)).toMatch(/^SPARQL store query \(HTTP 500\): Virtuoso 22012 Error SR084: Division by 0\. /);
    expect(logged.at(-1)).toContain('| query: SELECT (1/0 AS ?v) WHERE {}');

    answer = { status: 502, body: '<html><body>Bad Gateway: nginx/1.22.1 upstream 10.0.0.7:8890</body></html>' };
    const failed = await run();
    expect(failed).toMatchObject({ reason: 'unavailable', message: 'The SPARQL store is not available' });
    expect(String((failed as Error).message)).not.toMatch(/nginx|10\.0\.0\.7/);
    expect(logged.at(-1)).toMatch(/^SPARQL store http \(HTTP 502\): <html>.*nginx\/1\.22\.1/);
    await runner.close();
  });
});
