// The hostile battery (issue 13): the server as published (`serve()` over the real dist/, in its own
// process, its event-loop delay measured), tried as a hostile client would, by category: path
// traversal, header abuse, injection, SPARQL shapes (with issue 18's SSRF payloads), reconciliation
// payloads, slow and broken clients, faults, bursts and memory, start-up and files, and the security
// headers of every route; plus property-based fuzzing of the request layer and of the SPARQL checks.
//
// Afterwards: no 5xx from anything sent, no stack trace in the server's output, /health/ready 200 and
// the triple count unchanged, the event-loop delay bounded and RSS within 1.5× its size after warm-up
// (bounds with margins: the exact figures go to test/output/hostile-battery.json and the console).

import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkQuery, QueryCheckError } from '../../src/store/check-query.ts';
import { realDist } from '../support/real-dist.ts';
import {
  raw,
  rawSocket,
  startBatteryServer,
  statusOf,
  Tally,
  type BatteryServer,
  type BatteryStats,
  type RawAnswer,
} from '../support/hostile-client.ts';
import { HIDING_PLACES, ssrfPayloads } from '../support/ssrf-payloads.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tally = new Tally();
let server: BatteryServer;
let base: string;
let work: string;
let before: BatteryStats;
let tripleCount: number;
let canary: Server;
let canaryHits = 0;
let canaryUrl = '';

const SPARQL_JSON = 'application/sparql-results+json';
const COUNT_QUERY = 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }';

/** Poll `read` (every 50 ms, at most 3 s) until it gives at least `min` items; the last list read. */
/** Change a file's last byte in place (a newline becomes a space): same size, other SHA-256. */
async function flipLastByte(file: string): Promise<void> {
  const bytes = await readFile(file);
  bytes[bytes.length - 1] = bytes[bytes.length - 1] === 0x20 ? 0x0a : 0x20;
  await writeFile(file, bytes);
}

async function until<T>(read: () => T[], min = 1): Promise<T[]> {
  for (let i = 0; i < 60; i++) {
    const found = read();
    if (found.length >= min) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return read();
}

/** Send, count the case, record a 5xx; the answer for further checks. */
async function hit(category: string, target: string, options: Parameters<typeof raw>[2] = {}): Promise<RawAnswer> {
  const answer = await raw(base, target, options);
  tally.saw(category, answer.status, `${options.method ?? 'GET'} ${target.slice(0, 120)}`);
  return answer;
}

const sparql = (query: string, extra = '') => `/sparql?query=${encodeURIComponent(query)}${extra}`;
const json = (a: RawAnswer) => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;

/** The triple count through the endpoint, past its cache (a comment makes the text unique). */
async function countTriples(): Promise<number> {
  const res = await raw(base, sparql(`${COUNT_QUERY} # ${Date.now()}-${Math.random()}`), {
    headers: { accept: SPARQL_JSON },
  });
  expect(res.status).toBe(200);
  const body = json(res) as { results: { bindings: { n: { value: string } }[] } };
  return Number(body.results.bindings[0]!.n.value);
}

beforeAll(async () => {
  canary = createServer((_req, res) => {
    canaryHits++;
    res.end('CANARY');
  });
  canary.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => canary.once('listening', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/ssrf`;

  work = await mkdtemp(path.join(os.tmpdir(), 'anmc21-hostile-'));
  const distDir = path.join(work, 'dist');
  await cp(await realDist(), distDir, { recursive: true });
  server = await startBatteryServer({ distDir, sparql: { workers: 2 } });
  base = server.url;
  // Warm-up: first uses (the reconciliation index and script tables, the query editor, a dump) are
  // start-up costs, not what a request costs; the measurement starts after them.
  await raw(base, '/', { headers: { accept: 'text/html' } });
  await raw(base, '/reconcile', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `queries=${encodeURIComponent(JSON.stringify({ q0: { query: '東京' } }))}`,
  });
  await raw(base, '/sparql', { headers: { accept: 'text/html' } });
  await raw(base, '/dumps/anmc21.ttl');
  // Each writer once, on a small document (the code is compiled on first use), and a long query.
  for (const accept of [
    'text/html',
    'text/turtle',
    'application/ld+json',
    'application/rdf+xml',
    'application/n-quads',
  ])
    await raw(base, '/id/city/hanoi', { headers: { accept } });
  await raw(base, sparql(`ASK { ?s ?p ?o } # ${'w'.repeat(3000)}`));
  tripleCount = await countTriples();
  await new Promise((resolve) => setTimeout(resolve, 200));
  before = await server.stats();
  server.measure();
}, 180_000);

afterAll(async () => {
  await server?.stop();
  canary?.closeAllConnections();
  await new Promise((resolve) => canary?.close(resolve));
  if (work) await rm(work, { recursive: true, force: true });
});

/** The longest event-loop delay of each heavy request sent alone (the 50 ms target is per request). */
const soloDelays: { request: string; status: number; maxMs: number }[] = [];

describe('single heavy requests, each alone (event-loop delay per request)', () => {
  const longValues = `SELECT * { ?s ?p ?o VALUES ?o { ${'"x" '.repeat(4800)}} } LIMIT 1`;
  const binds = `SELECT * { ?s ?p ?o ${Array.from({ length: 480 }, (_, i) => `BIND(${i} AS ?v${i})`).join(' ')} } LIMIT 1`;
  const batch = JSON.stringify(
    Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`q${i}`, { query: `${i} 東京都 Tokyo ${'y'.repeat(480)}` }]),
    ),
  );
  const heavy: [string, string, Parameters<typeof raw>[2]][] = [
    ['the largest page (cold)', '/id/network/anmc21', { headers: { accept: 'text/html' } }],
    ['the largest document as Turtle (cold)', '/id/network/anmc21', { headers: { accept: 'text/turtle' } }],
    ['the largest document as JSON-LD (cold)', '/id/network/anmc21', { headers: { accept: 'application/ld+json' } }],
    ['the article page (cold)', '/source', { headers: { accept: 'text/html' } }],
    ['the dataset description as JSON-LD (cold)', '/dataset', { headers: { accept: 'application/ld+json' } }],
    [
      'a 19,000-character query (checked off the main thread)',
      '/sparql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/sparql-query', accept: SPARQL_JSON },
        body: longValues,
      },
    ],
    ['480 BINDs', '/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-query' }, body: binds }],
    ['10,000 rows of CSV', sparql('SELECT * { GRAPH ?g { ?s ?p ?o } }'), { headers: { accept: 'text/csv' } }],
    [
      'a 1.5 MB CONSTRUCT',
      '/sparql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/sparql-query', accept: 'application/n-triples' },
        body: 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }',
      },
    ],
    [
      'a batch of 100 reconciliation queries of 500 characters',
      '/reconcile',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ queries: batch }).toString(),
      },
    ],
    ['the N-Quads dump (2 MB)', '/dumps/anmc21.nq', {}],
    ['the VoID description', '/.well-known/void', { headers: { accept: 'text/turtle' } }],
  ];
  it(`measures ${heavy.length} heavy requests one at a time`, async () => {
    for (const [name, target, options] of heavy) {
      const { value, maxMs } = await server.solo(() =>
        hit('single heavy requests', target, { ...options, timeoutMs: 30_000 }),
      );
      soloDelays.push({ request: name, status: value.status, maxMs });
      expect(value.status, name).toBe(200);
    }
    // The target is 50 ms; asserted with a margin for a loaded 2-core machine (the figures are reported).
    for (const d of soloDelays) expect(d.maxMs, d.request).toBeLessThan(300);
  }, 120_000);
});

describe('path traversal and request targets', () => {
  const targets = [
    '/../../etc/passwd',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    '/dumps/..%2fmanifest.json',
    '/dumps/%2e%2e%2f%2e%2e%2fpackage.json',
    '/dumps/../package.json',
    '/dumps/..\\..\\package.json',
    '/dumps/%5c..%5cpackage.json',
    '/assets/../../package.json',
    '/assets/%2e%2e/%2e%2e/src/config.ts',
    '/source/..%2f..%2fetc%2fpasswd',
    '/id/city/..;/..;/etc/passwd',
    '/id/city/tokyo%00.ttl',
    '/id/%00',
    '/%252e%252e/%252e%252e/etc/passwd',
    '/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd',
    '/%ef%bc%8e%ef%bc%8e/etc/passwd',
    '//etc/passwd',
    '///dumps///anmc21.nq',
    '/dumps/.',
    '/dumps/manifest.json/..',
    '/%',
    '/%zz',
    `/id/${'a'.repeat(5000)}`,
    `/?${'x='.repeat(3000)}`,
    '/id/city/tokyo?lang=../../etc',
    '/id/city/tokyo?format=../../../etc/passwd',
    '/.git/config',
    '/.env',
    '/node_modules/express/package.json',
    '/dist/manifest.json',
    '/src/server.ts',
  ];
  it(`refuses or does not find each of ${targets.length} targets, and leaks no file`, async () => {
    for (const target of targets) {
      const res = await hit('path traversal', target);
      expect([400, 404, 414], `${target} → ${res.status}`).toContain(res.status);
      const text = res.body.toString('latin1');
      expect(text).not.toMatch(/root:x:0|"dependencies"|\[core\]|export function|ANMC21_/);
    }
  });
});

describe('header abuse', () => {
  it('refuses an invalid or missing Host with 400 everywhere, and never reflects it', async () => {
    const hosts = [
      'evil.example/<script>',
      'a b',
      '[::1',
      'example.org:99999',
      'example.org:80:80',
      'exa_mple..org',
      `${'a'.repeat(300)}.org`,
      'ex%61mple.org',
      '"><svg onload=alert(1)>',
      'localhost@evil.example',
    ];
    for (const host of hosts) {
      for (const target of ['/sparql', '/reconcile', '/', '/id/city/tokyo', '/sparql?format=ttl']) {
        const res = await hit('header abuse', target, { headers: { host, accept: 'text/html' } }).catch(
          () => undefined,
        );
        if (!res) {
          tally.count('header abuse'); // Node's own client refused to send it: nothing reached the server
          continue;
        }
        expect(res.status, `${host} ${target}`).toBe(400);
        expect(res.body.toString('utf8')).not.toContain('<script>');
        expect(res.body.toString('utf8')).not.toContain('<svg');
      }
    }
    // HTTP/1.1 without Host: 400; HTTP/1.0 without Host: answered.
    const noHost = await rawSocket(base, 'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n');
    tally.saw('header abuse', statusOf(noHost), 'HTTP/1.1 without Host');
    expect(statusOf(noHost)).toBe(400);
    const http10 = await rawSocket(base, 'GET /health HTTP/1.0\r\n\r\n');
    tally.saw('header abuse', statusOf(http10), 'HTTP/1.0 without Host');
    expect(statusOf(http10)).toBe(200);
    // The Service Description and the reconciliation manifest take a valid Host, parse as what they say.
    const sd = await hit('header abuse', '/sparql', {
      headers: { host: 'data.example.org:8080', accept: 'text/turtle' },
    });
    expect(sd.status).toBe(200);
    expect(sd.body.toString('utf8')).toContain('<http://data.example.org:8080/sparql>');
  });

  it('answers abusive negotiation, range and conditional headers without a 5xx', async () => {
    const cases: [string, Record<string, string>][] = [
      ['/id/city/tokyo', { accept: 'x'.repeat(8000) }],
      ['/id/city/tokyo', { accept: ';;;;q=abc,,,*/*;q=2' }],
      ['/id/city/tokyo', { accept: Array.from({ length: 1000 }, (_, i) => `a/b${i};q=0.${i % 10}`).join(',') }],
      ['/id/city/tokyo', { accept: 'text/html', 'accept-language': 'x'.repeat(8000) }],
      ['/id/city/tokyo', { accept: 'text/html', 'accept-language': '*;q=abc, zh-Hant;q=-1, en;q=1e400' }],
      [
        '/dumps/anmc21.nq',
        {
          range: Array.from({ length: 500 }, (_, i) => `${i}-${i}`)
            .join(',')
            .replace(/^/, 'bytes='),
        },
      ],
      ['/dumps/anmc21.nq', { range: 'bytes=-0' }],
      ['/dumps/anmc21.nq', { range: 'bytes=99999999999999999999999-' }],
      ['/dumps/anmc21.nq', { range: 'bytes=5-1' }],
      ['/dumps/anmc21.nq', { range: 'lines=1-2' }],
      ['/dumps/anmc21.nq', { 'if-range': 'garbage', range: 'bytes=0-10' }],
      ['/dumps/anmc21.nq', { 'accept-encoding': 'gzip;q=abc, *;q=-1, br' }],
      ['/id/city/tokyo', { 'if-none-match': Array.from({ length: 2000 }, (_, i) => `"${i}"`).join(', ') }],
      ['/id/city/tokyo', { 'if-modified-since': 'not a date at all' }],
      ['/id/city/tokyo', { 'if-none-match': '*' }],
      ['/sparql', { accept: 'application/sparql-results+json;q=0, */*;q=0' }],
      ['/queries/members', { accept: '*/*;q=0.5;q=0.9;charset=x' }],
      ['/reconcile', { 'content-type': 'application/x-www-form-urlencoded; charset=ebcdic' }],
    ];
    for (const [target, headers] of cases) {
      const res = await hit('header abuse', target, { headers });
      expect(res.status, `${target} ${JSON.stringify(headers).slice(0, 80)}`).toBeLessThan(500);
    }
  });

  it('answers requests Node cannot parse with our headers, not a crash', async () => {
    const answers = [
      await rawSocket(base, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, {
        stopAt: /\r\n\r\n/,
      }),
      await rawSocket(
        base,
        'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      ),
      await rawSocket(base, 'BREW /coffee HTCPCP/1.0\r\n\r\n'),
      await rawSocket(base, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
      await rawSocket(base, '\u0000\u0001\u0002garbage\r\n\r\n'),
    ];
    for (const answer of answers) {
      const status = statusOf(answer);
      tally.saw('header abuse', status, 'unparseable request');
      expect([400, 431], answer.slice(0, 200)).toContain(status);
      expect(answer).toMatch(/X-Content-Type-Options: nosniff/i);
    }
  });
});

describe('injection', () => {
  it('never reflects markup unescaped, nor a header split, into any response', async () => {
    const payload = '<script>alert(1)</script>';
    const targets = [
      `/id/${encodeURIComponent(payload)}`,
      `/id/city/tokyo?lang=${encodeURIComponent(payload)}`,
      `/id/city/tokyo?format=${encodeURIComponent(payload)}`,
      `/queries/${encodeURIComponent(payload)}`,
      `/dumps/${encodeURIComponent(payload)}`,
      `/reconcile/preview?id=${encodeURIComponent(payload)}`,
      `/reconcile/suggest/entity?prefix=${encodeURIComponent(payload)}`,
      `/reconcile?callback=${encodeURIComponent('alert(1)//')}`,
      `/reconcile?callback=${encodeURIComponent('a</script><script>x')}`,
      `/sparql?query=${encodeURIComponent(`SELECT * { ?s ?p "${payload}" }`)}&format=${encodeURIComponent(payload)}`,
      `/sparql?query=${encodeURIComponent(payload)}`,
      `/id/city/tokyo?format=ttl%0d%0aSet-Cookie:%20x=1`,
      `/dumps/anmc21.nq%0d%0aX-Injected:%201`,
    ];
    for (const target of targets) {
      for (const accept of ['text/html', 'application/json', '*/*']) {
        const res = await hit('injection', target, { headers: { accept } });
        expect(res.status, target).toBeLessThan(500);
        const type = String(res.headers['content-type'] ?? '');
        if (type.startsWith('text/html')) expect(res.body.toString('utf8'), target).not.toContain(payload);
        expect(res.headers['set-cookie']).toBeUndefined();
        expect(res.headers['x-injected']).toBeUndefined();
      }
    }
  });

  it("refuses issue 18's store functions in every hiding place before the store, and calls no URL", async () => {
    for (const payload of ssrfPayloads(canaryUrl)) {
      const expression = payload.expression ?? `EXISTS { ${payload.pattern} }`;
      for (const [place, wrap] of HIDING_PLACES) {
        const query = `${payload.prologue ?? ''}\n${wrap(expression)}`;
        const res = await hit('injection', '/sparql', {
          method: 'POST',
          headers: { 'content-type': 'application/sparql-query', accept: 'application/json' },
          body: query,
        });
        expect(res.status, `${payload.name} in ${place}`).toBe(400);
        expect(json(res).iri, `${payload.name} in ${place}`).toBe(payload.iri);
      }
    }
    expect(canaryHits).toBe(0);
  });
});

describe('SPARQL shapes', () => {
  const refused: [string, string, string][] = [
    ['1,000 nested groups', `SELECT * WHERE ${'{'.repeat(1000)} ?s ?p ?o ${'}'.repeat(1000)}`, 'too-deep'],
    ['10 KB of nested groups', `SELECT * WHERE ${'{ ?s ?p ?o . '.repeat(800)}${'}'.repeat(800)}`, 'too-deep'],
    [
      '3,000 nested FILTER brackets',
      `SELECT * { ?s ?p ?o FILTER(${'('.repeat(3000)}?o${')'.repeat(3000)}) }`,
      'too-deep',
    ],
    ['3,000 unary !', `SELECT * { ?s ?p ?o FILTER(${'!'.repeat(3000)}?o) }`, 'too-deep'],
    ['1,000 unary -', `SELECT * { ?s ?p ?o FILTER(${'- '.repeat(1000)}?o < 3) }`, 'too-deep'],
    ['300 nested calls', `ASK { FILTER(${'STR('.repeat(300)}1${')'.repeat(300)}) }`, 'too-deep'],
    ['200 nested EXISTS', `ASK { ${'FILTER EXISTS { ?s ?p ?o '.repeat(200)}${'}'.repeat(200)} }`, 'too-deep'],
    ['1,000 chained +', `SELECT * { ?s ?p ?o FILTER(${'?o + '.repeat(1000)}1 > 3) }`, 'too-complex'],
    ['3,000 ||', `SELECT * { ?s ?p ?o FILTER(${'?o = 1 || '.repeat(1500)}true) }`, 'too-complex'],
    [
      '1,000 BINDs',
      `SELECT * { ?s ?p ?o ${Array.from({ length: 1000 }, (_, i) => `BIND(${i} AS ?v${i})`).join(' ')} }`,
      'too-complex',
    ],
    ['600 UNIONs', `SELECT * { ${'{ ?s ?p ?o } UNION '.repeat(600)}{ ?s ?p ?o } }`, 'too-complex'],
    ['1,000 path steps', `SELECT * { ?s ${'<http://x/p>/'.repeat(1000)}<http://x/p> ?o }`, 'too-complex'],
    ['INSERT DATA', 'INSERT DATA { <http://a> <http://b> <http://c> }', 'update'],
    ['DELETE WHERE', 'DELETE WHERE { ?s ?p ?o }', 'update'],
    ['LOAD', 'LOAD <http://example.org/x>', 'update'],
    ['CLEAR ALL', 'CLEAR ALL', 'update'],
    ['SERVICE', 'SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }', 'service'],
    ['SERVICE in EXISTS', 'ASK { FILTER EXISTS { SERVICE ?x { ?s ?p ?o } } }', 'service'],
    ['NUL', 'SELECT * { ?s ?p ?o }\u0000 DROP ALL', 'syntax'],
    ['Virtuoso DEFINE', 'DEFINE get:soft "replace" SELECT * FROM <http://example.org/> { ?s ?p ?o }', 'syntax'],
    ['empty', '   # only a comment\n', 'empty'],
    ['over the length limit', `SELECT * { ?s ?p ?o } # ${'x'.repeat(25_000)}`, 'too-long'],
  ];
  it(`refuses ${refused.length} hostile shapes with 400 naming the reason, quickly`, async () => {
    for (const [name, query, reason] of refused) {
      const res = await hit('SPARQL shapes', '/sparql', {
        method: 'POST',
        headers: { 'content-type': 'application/sparql-query', accept: 'application/json' },
        body: query,
      });
      expect(res.status, name).toBe(400);
      expect(json(res).reason, name).toBe(reason);
      if (reason === 'too-deep' || reason === 'too-complex') {
        expect(json(res), name).toHaveProperty('line');
        expect(json(res), name).toHaveProperty('column');
      }
      expect(res.ms, name).toBeLessThan(5000);
    }
  });

  it('answers long and large queries within the limits, cut results flagged', async () => {
    const ok: [string, string, string][] = [
      ['a 19,000-character VALUES', `SELECT * { ?s ?p ?o VALUES ?o { ${'"x" '.repeat(4500)}} } LIMIT 1`, SPARQL_JSON],
      [
        '450 BINDs',
        `SELECT * { ?s ?p ?o ${Array.from({ length: 450 }, (_, i) => `BIND(${i} AS ?v${i})`).join(' ')} } LIMIT 1`,
        SPARQL_JSON,
      ],
      ['60 nested groups', `SELECT * WHERE ${'{ ?s ?p ?o . '.repeat(60)}${'}'.repeat(60)} LIMIT 1`, SPARQL_JSON],
      ['all triples (cut at maxRows)', 'SELECT * { GRAPH ?g { ?s ?p ?o } } LIMIT 20000', 'text/csv'],
      [
        'a cross-join CONSTRUCT (cut at maxTriples)',
        'CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f }',
        'application/n-triples',
      ],
      ['DESCRIBE everything', 'DESCRIBE ?s WHERE { ?s ?p ?o }', 'text/turtle'],
      [
        'a CONSTRUCT of one repeated triple',
        'CONSTRUCT { <http://a> <http://b> "c" } WHERE { ?s ?p ?o . ?x ?y ?z }',
        'text/turtle',
      ],
    ];
    for (const [name, query, accept] of ok) {
      const res = await hit('SPARQL shapes', '/sparql', {
        method: 'POST',
        headers: { 'content-type': 'application/sparql-query', accept },
        body: query,
        timeoutMs: 25_000,
      });
      expect(res.status, `${name}: ${res.body.toString('utf8').slice(0, 200)}`).toBe(200);
      expect(res.body.length, name).toBeLessThanOrEqual(16 * 1024 * 1024);
      if (name.includes('cut at')) expect(res.headers['x-sparql-truncated'], name).toBe('true');
      if (name.includes('CONSTRUCT') || name.includes('DESCRIBE'))
        expect(Number(res.headers['x-sparql-triples']), name).toBeLessThanOrEqual(50_000);
    }
  }, 120_000);

  it('refuses malformed protocol requests with 4xx', async () => {
    const cases: [string, Parameters<typeof raw>[2]][] = [
      ['/sparql?query=a&query=b', {}],
      ['/sparql?update=DROP%20ALL', {}],
      ['/sparql?query=ASK%7B%7D&timeout=-1', {}],
      ['/sparql?query=ASK%7B%7D&timeout=99999999999', {}],
      ['/sparql?query=ASK%7B%7D&default-graph-uri=not%20an%20iri', {}],
      ['/sparql?query=ASK%7B%7D&named-graph-uri=bif:x', {}],
      ['/sparql?query=ASK%7B%7D&format=nope', {}],
      ['/sparql?query=ASK%7B%7D&format=csv', {}],
      ['/sparql', { method: 'POST', headers: { 'content-type': 'application/sparql-update' }, body: 'DROP ALL' }],
      ['/sparql', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'ASK {}' }],
      [
        '/sparql',
        { method: 'POST', headers: { 'content-type': 'application/sparql-query; charset=latin1' }, body: 'ASK{}' },
      ],
      [
        '/sparql',
        {
          method: 'POST',
          headers: { 'content-type': 'application/sparql-query' },
          body: Buffer.from([0xff, 0xfe, 0x41]),
        },
      ],
      [
        '/sparql',
        { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%E0%A4%A' },
      ],
      ['/sparql', { method: 'PUT', body: 'x' }],
      ['/sparql', { method: 'DELETE' }],
      ['/queries/members?query=ASK%7B%7D', {}],
      ['/queries/nope', {}],
    ];
    for (const [target, options] of cases) {
      const res = await hit('SPARQL shapes', target, options);
      expect(res.status, `${options?.method ?? 'GET'} ${target}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${options?.method ?? 'GET'} ${target}`).toBeLessThan(500);
    }
  });
});

describe('reconciliation payloads', () => {
  const post = (params: Record<string, string>) =>
    hit('reconciliation', '/reconcile', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params).toString(),
    });

  it('keeps __proto__, constructor and prototype as plain keys, ids and property ids', async () => {
    // Written as text: an object literal would take `__proto__` as its prototype, not as a key.
    const queries = `{"__proto__": {"query": "Tokyo"},
      "constructor": {"query": "Taipei", "properties": [{"pid": "__proto__", "v": "x"}]},
      "prototype": {"query": "Seoul", "properties": [{"pid": "constructor", "v": {"id": "toString"}}]},
      "q3": {"query": "Bangkok", "type": ["__proto__", "constructor:x"], "properties": [{"pid": "hasOwnProperty", "v": [1, true]}]}}`;
    const batch = await post({ queries });
    expect(batch.status).toBe(200);
    // JSON.parse keeps "__proto__" as an own key: every query is answered under its key.
    expect(Object.keys(JSON.parse(batch.body.toString('utf8')))).toEqual([
      '__proto__',
      'constructor',
      'prototype',
      'q3',
    ]);
    const extend = await post({
      extend: JSON.stringify({ ids: ['__proto__', 'constructor', 'city/tokyo'], properties: [{ id: 'wikidata' }] }),
    });
    expect(extend.status).toBe(200);
    expect(Object.keys((json(extend) as { rows: object }).rows)).toEqual(['__proto__', 'constructor', 'city/tokyo']);
    for (const id of ['__proto__', 'constructor']) {
      const bad = await post({ extend: JSON.stringify({ ids: ['city/tokyo'], properties: [{ id }] }) });
      expect(bad.status).toBe(400);
    }
  });

  it('refuses oversized and malformed payloads with 400 naming the bound, quickly', async () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    const cases: Record<string, string>[] = [
      { queries: JSON.stringify({ q0: { query: 'x'.repeat(50_000) } }) },
      { queries: JSON.stringify(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, { query: 'a' }]))) },
      {
        queries: JSON.stringify({
          q0: { query: 'Tokyo', properties: [{ pid: 'wikidata', v: JSON.parse(deep.slice(0, 40) + deep.slice(-40)) }] },
        }),
      },
      { queries: `{"q0":{"query":"a","properties":[{"pid":"x","v":${deep}}]}}` },
      { queries: deep },
      { queries: '{"q0":' },
      { queries: '[]' },
      { queries: '42' },
      { queries: JSON.stringify({ q0: { query: 42 } }) },
      { queries: JSON.stringify({ q0: {} }) },
      { queries: JSON.stringify({ q0: { query: 'a', limit: -1 } }) },
      { queries: JSON.stringify({ q0: { query: 'a', type_strict: 'maybe' } }) },
      { queries: JSON.stringify({ q0: { query: 'a', extra: 1 } }) },
      { queries: JSON.stringify({ q0: { query: 'a', type: Array(1000).fill('x') } }) },
      { queries: JSON.stringify({ [`${'k'.repeat(1000)}`]: { query: 'a' } }) },
      { extend: JSON.stringify({ ids: Array(1000).fill('city/tokyo'), properties: [{ id: 'wikidata' }] }) },
      { extend: JSON.stringify({ ids: 'city/tokyo', properties: [] }) },
      { extend: JSON.stringify({ ids: ['x'.repeat(10_000)], properties: [{ id: 'wikidata' }] }) },
      { extend: '{"ids":[' },
    ];
    for (const params of cases) {
      const res = await post(params);
      const what = JSON.stringify(params).slice(0, 100);
      expect(res.status, what).toBe(400);
      expect(typeof json(res).error, what).toBe('string');
      expect(res.ms, what).toBeLessThan(5000);
    }
    for (const target of [
      `/reconcile/suggest/entity?prefix=${'x'.repeat(1500)}`,
      '/reconcile/suggest/entity?prefix=a&prefix=b',
      '/reconcile/suggest/entity',
      `/reconcile/propose_properties?type=${'t'.repeat(1500)}`,
    ]) {
      const res = await hit('reconciliation', target);
      expect(res.status, target).toBe(400);
    }
    for (const target of [
      '/reconcile/suggest/entity?prefix=__proto__',
      '/reconcile/suggest/type?prefix=constructor',
      '/reconcile/suggest/property?prefix=prototype&cursor=99999999999',
      '/reconcile/preview?id=__proto__',
      '/reconcile/preview?id=constructor',
      '/reconcile/propose_properties?type=__proto__&limit=abc',
    ]) {
      const res = await hit('reconciliation', target);
      expect(res.status, target).toBeLessThan(500);
    }
  });

  it('refuses a large declared body with 413 before it is sent', async () => {
    for (const target of ['/reconcile', '/sparql']) {
      const answer = await rawSocket(
        base,
        `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 104857600\r\n\r\nqueries=`,
        { untilMs: 5000, stopAt: /\r\n\r\n[\s\S]*\n/ },
      );
      tally.saw('reconciliation', statusOf(answer), `POST ${target} declaring 100 MB`);
      expect(statusOf(answer), target).toBe(413);
    }
  });

  it('answers a full batch of the longest queries without stalling (the batch yields)', async () => {
    const batch = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`q${i}`, { query: `東京都 Tokyo ${i} ${'x'.repeat(480)}` }]),
    );
    const res = await post({ queries: JSON.stringify(batch) });
    expect(res.status).toBe(200);
    expect(Object.keys(json(res))).toHaveLength(100);
  });
});

describe('slow and broken clients', () => {
  it('takes a closed dump download, a short body and resets as one log line each, never a 5xx', async () => {
    const errBefore = server.err.length;
    for (let i = 0; i < 3; i++) {
      // Read a little of a dump, then hang up.
      await rawSocket(base, 'GET /dumps/anmc21.nq?closed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { stopAt: /<http/ });
      tally.count('slow and broken clients');
    }
    for (const target of ['/sparql', '/reconcile']) {
      // Declare 1,000 bytes, send 10, hang up.
      await rawSocket(
        base,
        `POST ${target}?short-body HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nquery=ASK`,
        { untilMs: 300 },
      );
      tally.count('slow and broken clients');
    }
    // A query abandoned while it runs.
    await rawSocket(
      base,
      `GET ${sparql('SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }')} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
      { untilMs: 200 },
    );
    tally.count('slow and broken clients');
    await rawSocket(base, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n', { closeAfterWrite: true });
    tally.count('slow and broken clients');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const errors = server.err.slice(errBefore);
    expect(errors.filter((l) => / -> 5\d\d/.test(l))).toEqual([]);
    // One access-log line per download, 200 (cut short or not, as fast the client was), nothing else.
    const downloads = await until(() => server.out.filter((l) => l.includes(' GET /dumps/anmc21.nq?closed ')), 3);
    expect(downloads).toHaveLength(3);
    for (const line of downloads) expect(line).toMatch(/ GET \/dumps\/anmc21\.nq\?closed 200 /);
    // A short body: the client left before its request was whole; logged as 499 (nothing was sent).
    for (const target of ['/sparql', '/reconcile']) {
      // (Marked: lines of earlier requests may still be arriving through the pipe.)
      const lines = await until(() => server.out.filter((l) => l.includes(` POST ${target}?short-body `)));
      expect(lines, target).toHaveLength(1);
      expect(lines[0], target).toMatch(/ 499 .*\(aborted\)$/);
    }
  });

  it('keeps answering others while slow clients hold connections', async () => {
    const slow = Array.from({ length: 20 }, () =>
      rawSocket(base, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', { untilMs: 3000 }),
    );
    const started = performance.now();
    const res = await hit('slow and broken clients', '/health');
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
    tally.count('slow and broken clients', slow.length);
    await Promise.all(slow);
  });
});

describe('bursts and memory', () => {
  it('answers 64 identical cold requests for a stored query with one evaluation', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the readiness cache
    const first = json(await raw(base, '/health/ready')) as { completed: number };
    const answers = await Promise.all(
      Array.from({ length: 64 }, () =>
        hit('bursts and memory', '/queries/meetings', { headers: { accept: 'text/csv' } }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(64).fill(200));
    expect(new Set(answers.map((a) => a.body.toString('utf8'))).size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = json(await raw(base, '/health/ready')) as { completed: number };
    // One evaluation for the 64, and one readiness probe.
    expect(after.completed - first.completed).toBe(2);
  });

  it('answers 64 identical cold requests for a page, and for a document, all 200', async () => {
    for (const [target, accept] of [
      ['/id/city/seoul', 'text/html'],
      ['/id/city/bangkok', 'application/ld+json'],
    ]) {
      const answers = await Promise.all(
        Array.from({ length: 64 }, () => hit('bursts and memory', target, { headers: { accept } })),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(64).fill(200));
    }
  });

  it('keeps memory bounded under unique keys: Accept-Language, Accept and query texts', async () => {
    const rounds = 600;
    for (let i = 0; i < rounds; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const n = i + j;
          const target =
            n % 3 === 0
              ? '/id/city/tokyo'
              : n % 3 === 1
                ? '/id/city/taipei'
                : sparql(`ASK { ?s ?p ?o } # ${n} ${'k'.repeat(2000)}`);
          return hit('bursts and memory', target, {
            headers: {
              accept: n % 3 === 1 ? `text/html, application/x-${n}-${'a'.repeat(200)};q=0.1` : 'text/html',
              'accept-language': `en-${n}-${'x'.repeat(200)}, ja;q=0.${n % 9}`,
            },
          });
        }),
      );
    }
  }, 60_000);
});

describe('faults: engine traps and files changed under the server', () => {
  let loose: BatteryServer;
  let dir: string;
  beforeAll(async () => {
    dir = path.join(work, 'loose');
    await cp(path.join(work, 'dist'), dir, { recursive: true });
    // Pre-scan limits loosened, so a query that traps the engine reaches it (as it would if the
    // advertised limits were wrong): the mechanism behind them must still hold.
    loose = await startBatteryServer({
      distDir: dir,
      sparql: { workers: 1, maxQueryDepth: 100_000, maxQueryOperators: 100_000 },
    });
  }, 120_000);
  afterAll(() => loose?.stop());

  it('retires a worker whose engine traps: 400 for that query, answers after, ready, one log line', async () => {
    const trap = `SELECT * WHERE ${'{'.repeat(1000)} ?s ?p ?o ${'}'.repeat(1000)}`;
    const bad = await raw(loose.url, '/sparql', {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept: 'application/json' },
      body: trap,
      timeoutMs: 30_000,
    });
    tally.saw('faults', bad.status, 'engine trap');
    expect(bad.status).toBe(400);
    expect(json(bad).reason).toBe('engine-failure');
    const again = await raw(loose.url, '/sparql', {
      method: 'POST',
      headers: { 'content-type': 'application/sparql-query', accept: 'application/json' },
      body: trap,
    });
    tally.saw('faults', again.status, 'engine trap again');
    expect(again.status).toBe(400);
    expect(again.ms).toBeLessThan(2000); // refused without a worker
    const next = await raw(loose.url, sparql(COUNT_QUERY), { headers: { accept: SPARQL_JSON }, timeoutMs: 30_000 });
    tally.saw('faults', next.status, 'query after the trap');
    expect(next.status).toBe(200);
    const ready = await raw(loose.url, '/health/ready');
    tally.saw('faults', ready.status, 'readiness after the trap');
    expect(ready.status).toBe(200);
    expect(json(ready).replaced).toBe(1);
    // The server's lines come through a pipe: wait (bounded) for the retirement's.
    const retired = await until(() => loose.err.filter((l) => l.startsWith('Query worker retired')));
    expect(retired).toHaveLength(1);
    expect(loose.err.filter((l) => /^\s+at /.test(l))).toEqual([]);
  }, 90_000);

  it('never sends a dump changed in place under its old headers; a rebuild swapped in leaves the old served whole', async () => {
    const original = await raw(loose.url, '/dumps/anmc21.ttl');
    expect(original.status).toBe(200);
    // A rebuild: the folder is replaced by another (rename), as write-dumps does.
    await rename(dir, `${dir}.old`);
    await mkdir(dir);
    await writeFile(path.join(dir, 'anmc21.ttl'), 'changed\n');
    const during = await raw(loose.url, '/dumps/anmc21.ttl');
    tally.saw('faults', during.status, 'dump after a rebuild swap');
    expect(during.status).toBe(200);
    expect(during.headers.etag).toBe(original.headers.etag);
    expect(during.body.equals(original.body)).toBe(true);
    // A change in place (same file, new bytes): refused, not sent under the old length and tag.
    await truncate(path.join(`${dir}.old`, 'anmc21.nt'), 100);
    const changed = await raw(loose.url, '/dumps/anmc21.nt');
    tally.saw('faults', changed.status === 503 ? 0 : changed.status, 'dump changed in place (503 expected)');
    expect(changed.status).toBe(503);
    expect(loose.err.filter((l) => /^\s+at /.test(l))).toEqual([]);
  });
});

describe('start-up and files', () => {
  /** `anmc21 serve` from source, as the CLI runs it; resolves with its exit, lines and timing. */
  function serveCli(dist: string, port: number, args: string[] = [], env: Record<string, string> = {}) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'serve', '--no-build', '--dist', dist, '--port', String(port), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', SPARQL_WORKERS: '1', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let failedAt = 0;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
      failedAt ||= performance.now();
    });
    return new Promise<{ code: number | null; stdout: string; stderr: string; exitMs: number }>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(killer);
        resolve({ code, stdout, stderr, exitMs: performance.now() - failedAt });
      });
    });
  }

  it('exits non-zero within 2 s of the failure with one clear line: port taken, dist/ damaged, store unreachable or misconfigured', async () => {
    const source = path.join(work, 'dist');
    const variants = {
      'no manifest': async (d: string) => rm(path.join(d, 'manifest.json')),
      'truncated manifest': async (d: string) => truncate(path.join(d, 'manifest.json'), 200),
      'half the N-Quads': async (d: string) =>
        truncate(path.join(d, 'anmc21.nq'), Math.floor((await readFile(path.join(d, 'anmc21.nq'))).length / 2)),
      'a dump missing': async (d: string) => rm(path.join(d, 'anmc21.ttl.gz')),
      // Same size, one byte changed: the N-Quads are hashed as every thread loads them, the rest before.
      'N-Quads changed': async (d: string) => flipLastByte(path.join(d, 'anmc21.nq')),
      'Turtle changed': async (d: string) => flipLastByte(path.join(d, 'anmc21.ttl')),
    };
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    // A port nothing listens on, for a SPARQL store that cannot be reached.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nowhere = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/sparql`;
    await new Promise((resolve) => closed.close(resolve));
    const remote = ['--store', 'sparql', '--endpoint', nowhere];
    const runs = await Promise.all([
      serveCli(source, port).then((r) => ['port taken', r] as const),
      serveCli(source, 0, remote).then((r) => ['store unreachable', r] as const),
      serveCli(source, 0, remote, { ANMC21_SPARQL_USER: 'u', ANMC21_SPARQL_AUTH: 'kerberos' }).then(
        (r) => ['store auth misconfigured', r] as const,
      ),
      ...Object.entries(variants).map(async ([name, damage]) => {
        const d = path.join(work, `damaged-${name.replace(/\W+/g, '-')}`);
        await cp(source, d, { recursive: true });
        await damage(d);
        return [name, await serveCli(d, 0)] as const;
      }),
    ]);
    taken.close();
    const expected: Record<string, RegExp> = {
      'port taken': new RegExp(`^anmc21: Cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`),
      'no manifest': /^anmc21: .*manifest\.json is missing/,
      'truncated manifest': /^anmc21: .*manifest\.json is not valid JSON/,
      'half the N-Quads': /^anmc21: .*anmc21\.nq has \d+ bytes, manifest\.json says \d+/,
      'a dump missing': /^anmc21: .*anmc21\.ttl\.gz is missing/,
      'store unreachable': new RegExp(`^anmc21: The SPARQL store is not available: No answer from ${nowhere}`),
      'store auth misconfigured': /^anmc21: ANMC21_SPARQL_AUTH must be basic, digest or auto, got "kerberos"$/,
      'N-Quads changed':
        /^anmc21: .*anmc21\.nq: SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} \(changed after the build\)/,
      'Turtle changed': /^anmc21: .*anmc21\.ttl: SHA-256 is [0-9a-f]{64}, manifest\.json says [0-9a-f]{64}/,
    };
    for (const [name, run] of runs) {
      tally.count('start-up and files');
      expect(run.code, `${name}: ${run.stderr}`).toBe(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatch(expected[name]!);
      expect(lines[0], `${name}: no place in our code, the message says what to fix`).not.toMatch(/\(at .*:\d+:\d+\)/);
      expect(run.exitMs, name).toBeLessThan(2000);
    }
  }, 120_000);

  it('ignores files the manifest does not list and temporary folders of killed builds', async () => {
    await writeFile(path.join(work, 'dist', 'stray.txt'), 'not part of the build');
    await mkdir(path.join(work, '.dist.tmp-killed'), { recursive: true });
    const res = await hit('start-up and files', '/dumps/stray.txt');
    expect(res.status).toBe(404);
    const listing = await hit('start-up and files', '/dumps/', { headers: { accept: 'application/json' } });
    expect(listing.body.toString('utf8')).not.toContain('stray.txt');
  });
});

describe('security headers on every route', () => {
  /** Paths from the app's own routes (Express's route table, read through the server) and from crawling. */
  async function discover(): Promise<string[]> {
    const found = new Set<string>(['/', '/health', '/health/ready', '/sparql', '/queries', '/reconcile', '/dumps/']);
    const queue = ['/'];
    const seen = new Set<string>();
    while (queue.length > 0 && seen.size < 60) {
      const target = queue.shift()!;
      if (seen.has(target)) continue;
      seen.add(target);
      const res = await raw(base, target, { headers: { accept: 'text/html' } });
      const links = [...res.body.toString('utf8').matchAll(/href="(\/[^"#?]*)/g)].map((m) => m[1]!);
      const header = String(res.headers.link ?? '');
      links.push(...[...header.matchAll(/<(\/[^>]*)>/g)].map((m) => m[1]!));
      for (const link of links) {
        if (!found.has(link)) {
          found.add(link);
          queue.push(link);
        }
      }
    }
    return [...found];
  }

  it('sets nosniff, Referrer-Policy, a CSP and frame protection on every response type', async () => {
    // Express's route table of the running server, and what crawling its pages and Link headers finds.
    const declared = await server.routes();
    expect(declared).toEqual(expect.arrayContaining(['/health/ready', '/sparql', '/reconcile/preview', '/dumps/x']));
    const paths = new Set([...(await discover()), ...declared]);
    paths.add('/no/such/thing');
    paths.add('/reconcile/preview?id=city/tokyo');
    expect(paths.size).toBeGreaterThan(30);
    let checked = 0;
    for (const target of paths) {
      for (const [method, accept] of [
        ['GET', 'text/html'],
        ['GET', 'text/turtle'],
        ['GET', 'application/json'],
        ['GET', '*/*'],
        ['HEAD', '*/*'],
        ['OPTIONS', '*/*'],
        ['POST', '*/*'],
      ] as const) {
        const res = await hit('security headers', target, {
          method,
          headers: { accept, origin: 'https://example.org', 'access-control-request-method': 'POST' },
        });
        const what = `${method} ${target} (${accept}) → ${res.status}`;
        expect(res.headers['x-content-type-options'], what).toBe('nosniff');
        expect(res.headers['referrer-policy'], what).toBe('no-referrer');
        const csp = String(res.headers['content-security-policy'] ?? '');
        expect(csp, what).toMatch(/frame-ancestors /);
        if (target.startsWith('/reconcile/preview') && res.status === 200)
          expect(csp, what).toMatch(/frame-ancestors \*/);
        else {
          expect(csp, what).toMatch(/frame-ancestors 'none'/);
          expect(res.headers['x-frame-options'], what).toBe('DENY');
        }
        checked++;
      }
    }
    // The fast path answers repeats from its cache: the same headers.
    for (let i = 0; i < 2; i++) {
      const res = await hit('security headers', '/id/city/tokyo', { headers: { accept: 'text/turtle' } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    }
    expect(checked).toBeGreaterThan(200);
  }, 120_000);
});

describe('fuzzing (fast-check)', () => {
  // Non-ASCII written percent-encoded (a client sends it so); `%` stays raw, to send bad escapes too.
  const segment = fc
    .stringMatching(/^[a-zA-Z0-9._~%\\/:;@!$&'()*+,=\-\u00e9\u6771]{0,24}$/)
    .map((s) => s.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c)));
  const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,200}$/);

  it('the request layer: any path, query string, negotiation header and body gets a non-5xx answer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(segment, { minLength: 1, maxLength: 5 }),
        fc.stringMatching(/^[a-zA-Z0-9=&%+._~-]{0,60}$/),
        fc.record({
          accept: headerValue,
          'accept-language': headerValue,
          range: headerValue,
          'if-none-match': headerValue,
        }),
        fc.constantFrom('GET', 'HEAD', 'POST', 'OPTIONS', 'DELETE'),
        fc.string({ maxLength: 300 }),
        async (segments, query, headers, method, body) => {
          const target = `/${segments.join('/')}${query ? `?${query}` : ''}`;
          const res = await hit('fuzz: request layer', target, {
            method,
            headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
            body: method === 'POST' ? body : undefined,
          }).catch(() => undefined); // a target Node's client refuses to send never reached the server
          if (res) expect(res.status, `${method} ${target}`).toBeLessThan(500);
        },
      ),
      { numRuns: 200 },
    );
  }, 120_000);

  /** Generated query shapes: nesting of groups, OPTIONAL, EXISTS, FILTER brackets, unary chains, operators. */
  const shape: fc.Memo<string> = fc.memo((n) =>
    n <= 1
      ? fc.constantFrom('?s ?p ?o', '?s a ?t', 'BIND(1 AS ?b)', 'VALUES ?v { 1 2 }', 'FILTER(?o != 1)')
      : fc.oneof(
          shape(n - 1).map((s) => `{ ${s} }`),
          shape(n - 1).map((s) => `?s ?p ?o OPTIONAL { ${s} }`),
          shape(n - 1).map((s) => `?s ?p ?o FILTER EXISTS { ${s} }`),
          fc.tuple(shape(n - 1), shape(n - 1)).map(([a, b]) => `{ ${a} } UNION { ${b} }`),
          fc
            .tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('(', '!', '- ', 'STR('))
            .map(([k, op]) =>
              op === '(' || op === 'STR('
                ? `?s ?p ?o FILTER(${op.repeat(k)}?o${')'.repeat(k)} != "")`
                : `?s ?p ?o FILTER(${op.repeat(k)}?o)`,
            ),
          fc.integer({ min: 1, max: 800 }).map((k) => `?s ?p ?o FILTER(${'?o + '.repeat(k)}1 > 0)`),
          fc.integer({ min: 1, max: 150 }).map((k) => `${'{ '.repeat(k)}?s ?p ?o${' }'.repeat(k)}`),
        ),
  );

  it('the SPARQL checks: generated nesting and shapes are refused in bounded time or answered, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(shape(6), async (where) => {
        const query = `SELECT * WHERE { ${where} } LIMIT 3`;
        // The check alone: a QueryCheckError or a checked query, nothing else (no stack overflow).
        try {
          checkQuery(query);
        } catch (error) {
          expect(error).toBeInstanceOf(QueryCheckError);
        }
        const res = await hit('fuzz: SPARQL checks', '/sparql', {
          method: 'POST',
          headers: { 'content-type': 'application/sparql-query', accept: SPARQL_JSON },
          body: query,
          timeoutMs: 20_000,
        });
        expect([200, 400], `${res.status} ${res.body.toString('utf8').slice(0, 200)}`).toContain(res.status);
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});

describe('afterwards', () => {
  it('no 5xx, no stack trace, ready with the same triples, event loop and memory bounded', async () => {
    const ready = await raw(base, '/health/ready');
    expect(ready.status).toBe(200);
    expect(await countTriples()).toBe(tripleCount);
    const after = await server.stats();
    await new Promise((resolve) => setTimeout(resolve, 300)); // the last lines through the pipe
    const stack = [...server.out, ...server.err].filter((l) => /^\s+at .+:\d+:\d+\)?$/.test(l));
    const summary = {
      cases: Object.fromEntries(tally.cases),
      total: tally.total,
      serverErrors: tally.serverErrors,
      eventLoopDelayMs: after.eld,
      singleRequests: soloDelays,
      // Each stall over 40 ms, with the requests that ended within 100 ms after it (the access log).
      stalls: after.stalls.map((stall) => ({
        ...stall,
        requests: server.out
          .filter((l) => {
            const t = Date.parse(l.slice(0, 24));
            const end = Date.parse(stall.at);
            return t >= end - stall.ms - 20 && t <= end + 100;
          })
          .map((l) => l.slice(25, 200)),
      })),
      rssMiB: { before: +(before.rss / 2 ** 20).toFixed(1), after: +(after.rss / 2 ** 20).toFixed(1) },
      stackTraceLines: stack.length,
      ...(stack.length > 0
        ? {
            firstStack: [...server.out, ...server.err]
              .filter((l) => !/^\S+Z GET|POST|HEAD|OPTIONS/.test(l))
              .slice(0, 20),
          }
        : {}),
      logLines: server.out.length + server.err.length,
      node: process.version,
      cpus: os.cpus().length,
      load: os.loadavg().map((l) => +l.toFixed(2)),
    };
    await mkdir(path.join(ROOT, 'test/output'), { recursive: true });
    await writeFile(path.join(ROOT, 'test/output/hostile-battery.json'), JSON.stringify(summary, null, 2) + '\n');
    console.log(`hostile battery: ${JSON.stringify(summary)}`);
    expect(tally.serverErrors).toEqual([]);
    expect(stack).toEqual([]);
    expect(tally.total).toBeGreaterThanOrEqual(150);
    // Targets: max ≤ 50 ms, RSS ≤ 1.5×. Asserted with margins for a loaded 2-core machine; the
    // figures themselves are in the summary.
    expect(after.eld.p99).toBeLessThan(250);
    expect(after.eld.max).toBeLessThan(1500);
    expect(after.rss).toBeLessThan(2 * before.rss);
  }, 60_000);
});
