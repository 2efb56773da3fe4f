// Behind a real reverse proxy: Debian's nginx, configured from docs/deploy/anmc21.nginx.conf, caching in
// front of two instances of the compiled server (`node bin/anmc21.js serve`, as in production). Through
// the proxy every answer must equal the direct one, negotiation must survive a warm cache, 304s must
// work, and stopping one instance under traffic must lose no request. Needs /usr/sbin/nginx
// (nginx-light; .ci/run installs it). Everything listens on 127.0.0.1; nginx runs in the foreground as
// our child, with its prefix, temp folders, cache and logs in a temporary folder.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HTML, JSON_LD, RDF_FORMATS, TURTLE } from '../../src/rdf/formats.ts';
import { realDist } from '../support/real-dist.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NGINX = '/usr/sbin/nginx';
const TEMPLATE = path.join(ROOT, 'docs/deploy/anmc21.nginx.conf');
const HOST = '127.0.0.1';

type Options = { method?: string; headers?: Record<string, string>; body?: string };

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with node:http (no decompression, no redirects), bounded at 20 s. */
function call(origin: string, pathname: string, options: Options = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${origin}${pathname}`,
      { method: options.method ?? 'GET', headers: options.headers, timeout: 20_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${origin}${pathname} within 20 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `url` until it answers 200, at most `ms`; fails at once when `child` exits. */
async function waitFor(origin: string, child: ChildProcess, log: () => string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode} before answering:\n${log()}`);
    const answer = await call(origin, '/health').catch(() => undefined);
    if (answer?.status === 200) return;
    await sleep(50);
  }
  throw new Error(`no answer from ${origin}/health within ${ms} ms:\n${log()}`);
}

interface Child {
  process: ChildProcess;
  output: string[];
  origin: string;
}

function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, origin: string): Child {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  return { process: child, output, origin };
}

async function stop(child: Child | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const p = child?.process;
  if (!p || p.exitCode !== null || p.signalCode !== null) return p?.exitCode ?? null;
  const exited = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));
  p.kill(signal);
  const code = await Promise.race([exited, sleep(15_000).then(() => 'timeout' as const)]);
  if (code !== 'timeout') return code;
  p.kill('SIGKILL');
  return exited;
}

/** Request lines an instance logged (`… GET /path 200 …`). */
const served = (child: Child) => child.output.join('').match(/^\S+ (GET|POST|HEAD) /gm)?.length ?? 0;

let work: string;
let a: Child;
let b: Child;
let nginx: Child;
let proxy: string;

beforeAll(async () => {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx-light (.ci/run does)`);
  const dist = await realDist();
  // The bin compiles build/ when src/ changed: once here, not twice at the same time below.
  execFileSync(process.execPath, ['bin/anmc21.js', '--help'], { cwd: ROOT, stdio: 'ignore' });
  work = await mkdtemp(path.join(os.tmpdir(), 'anmc21-nginx-'));
  const [portA, portB, portProxy] = [await freePort(), await freePort(), await freePort()];
  proxy = `http://${HOST}:${portProxy}`;
  // PUBLIC_URL as in production: links and the reconciliation manifest name the proxy, whichever way asked.
  const instance = (port: number) =>
    startChild(
      process.execPath,
      ['bin/anmc21.js', 'serve', '--no-build', '--dist', dist],
      { HOST, PORT: String(port), PUBLIC_URL: proxy, SPARQL_WORKERS: '1' },
      `http://${HOST}:${port}`,
    );
  [a, b] = [instance(portA), instance(portB)];
  await Promise.all([a, b].map((c) => waitFor(c.origin, c.process, () => c.output.join(''))));

  const site = (await readFile(TEMPLATE, 'utf8')).replace(/\$\{(ANMC21_\w+)\}/g, (_, name: string) => {
    const value = {
      ANMC21_LISTEN: `${HOST}:${portProxy}`,
      ANMC21_UPSTREAM_1: `${HOST}:${portA}`,
      ANMC21_UPSTREAM_2: `${HOST}:${portB}`,
      ANMC21_CACHE_DIR: path.join(work, 'cache'),
    }[name];
    if (value === undefined) throw new Error(`${TEMPLATE} names \${${name}}, which the test does not fill`);
    return value;
  });
  await writeFile(path.join(work, 'anmc21.conf'), site);
  const temp = (name: string) => `${name}_temp_path ${path.join(work, name)};`;
  await writeFile(
    path.join(work, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      // As root, nginx would run its worker as nobody, who cannot enter our temporary folder.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      `pid ${path.join(work, 'nginx.pid')};`,
      `error_log ${path.join(work, 'error.log')} info;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${path.join(work, 'access.log')};`,
      `  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}`,
      `  include ${path.join(work, 'anmc21.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-p', `${work}/`, '-c', path.join(work, 'nginx.conf'), '-e', path.join(work, 'error.log')];
  execFileSync(NGINX, [...args, '-t'], { stdio: 'pipe' });
  nginx = startChild(NGINX, args, {}, proxy);
  await waitFor(proxy, nginx.process, () => `${nginx.output.join('')}\n(see ${work}/error.log)`);
});

afterAll(async () => {
  await stop(nginx, 'SIGQUIT');
  await Promise.all([stop(a), stop(b)]);
  if (work) await rm(work, { recursive: true, force: true });
});

/** The parts of an answer a client relies on; Date, Server-Timing, connection and proxy headers aside. */
function essence(x: Answer) {
  const h = (name: string) => x.headers[name];
  return {
    status: x.status,
    contentType: h('content-type'),
    contentEncoding: h('content-encoding'),
    contentRange: h('content-range'),
    etag: h('etag'),
    vary: h('vary'),
    cacheControl: h('cache-control'),
    link: h('link'),
    body: x.body.toString('base64'),
  };
}

const cacheStatus = (x: Answer) => x.headers['x-cache-status'];

describe('nginx with proxy_cache in front of two instances', () => {
  it('gives every representation of an entity as the server does, the second time from its cache', async () => {
    for (const mediaType of [HTML.mediaType, ...RDF_FORMATS.map((f) => f.mediaType)]) {
      const headers = { Accept: mediaType };
      const direct = await call(a.origin, '/id/city/tokyo', { headers });
      expect(direct.status, mediaType).toBe(200);
      expect(direct.headers['content-type']).toMatch(new RegExp(`^${mediaType.replace('+', '\\+')}`));
      const first = await call(proxy, '/id/city/tokyo', { headers });
      const second = await call(proxy, '/id/city/tokyo', { headers });
      expect(essence(first), mediaType).toEqual(essence(direct));
      expect(essence(second), mediaType).toEqual(essence(direct));
      expect(cacheStatus(second), mediaType).toBe('HIT');
    }
  });

  it("serves the pages' own assets from the compiled build, through the cache too", async () => {
    for (const name of ['site.css', 'site.js', 'query-editor.js']) {
      const source = await readFile(path.join(ROOT, 'src/http/pages/assets', name));
      const direct = await call(a.origin, `/assets/${name}`);
      expect(direct.status, name).toBe(200);
      expect(direct.body.equals(source), name).toBe(true);
      expect(essence(await call(proxy, `/assets/${name}`)), name).toEqual(essence(direct));
    }
  });

  it('keeps negotiation right on a warm cache: HTML, Turtle and JSON-LD alternating on one IRI', async () => {
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const asks = [
      { accept: browser, type: HTML.mediaType },
      { accept: TURTLE.mediaType, type: TURTLE.mediaType },
      { accept: `${JSON_LD.mediaType}, text/turtle;q=0.5`, type: JSON_LD.mediaType },
    ];
    const expected = new Map<string, ReturnType<typeof essence>>();
    for (const ask of asks)
      expected.set(ask.accept, essence(await call(b.origin, '/id/city/taipei', { headers: { Accept: ask.accept } })));
    const statuses: unknown[] = [];
    for (let round = 0; round < 4; round++) {
      for (const ask of asks) {
        const got = await call(proxy, '/id/city/taipei', { headers: { Accept: ask.accept } });
        expect(got.headers['content-type'], `round ${round}: ${ask.accept}`).toMatch(
          new RegExp(`^${ask.type.replace('+', '\\+')}`),
        );
        expect(essence(got), `round ${round}: ${ask.accept}`).toEqual(expected.get(ask.accept));
        if (round > 0) statuses.push(cacheStatus(got));
      }
    }
    // Rounds after the first come from the cache: the variants live side by side, none evicts another.
    expect(statuses).toEqual(Array(9).fill('HIT'));
  });

  it('serves the dumps as the server does: whole, ranges and gzip', async () => {
    const dump = '/dumps/anmc21.nq';
    for (const headers of [
      {} as Record<string, string>,
      { Range: 'bytes=100-199' },
      { Range: 'bytes=-50' },
      { 'Accept-Encoding': 'gzip' },
      { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' },
    ]) {
      const direct = await call(a.origin, dump, { headers });
      expect(direct.status, JSON.stringify(headers)).toBe(headers.Range ? 206 : 200);
      for (let i = 0; i < 2; i++) {
        const proxied = await call(proxy, dump, { headers });
        expect(essence(proxied), JSON.stringify(headers)).toEqual(essence(direct));
      }
    }
    const gzip = await call(proxy, dump, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(cacheStatus(gzip)).toBe('HIT');
  });

  it('answers SPARQL GET and POST, and /reconcile, as the server does, without caching them', async () => {
    const query = 'SELECT ?city WHERE { ?city a <https://schema.org/City> } ORDER BY ?city';
    const json = { Accept: 'application/sparql-results+json' };
    const form = { ...json, 'Content-Type': 'application/x-www-form-urlencoded' };
    const requests: { path: string; options: Options }[] = [
      { path: `/sparql?query=${encodeURIComponent(query)}`, options: { headers: json } },
      { path: `/sparql?query=${encodeURIComponent(query)}`, options: { headers: { Accept: 'text/csv' } } },
      {
        path: '/sparql',
        options: { method: 'POST', headers: form, body: new URLSearchParams({ query }).toString() },
      },
      {
        path: '/sparql',
        options: { method: 'POST', headers: { ...json, 'Content-Type': 'application/sparql-query' }, body: query },
      },
      { path: '/reconcile', options: {} },
      {
        path: '/reconcile',
        options: {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            queries: JSON.stringify({ q0: { query: 'Tokyo' }, q1: { query: '臺北' } }),
          }).toString(),
        },
      },
    ];
    for (const { path: p, options } of requests) {
      const what = `${options.method ?? 'GET'} ${p}`;
      const direct = await call(a.origin, p, options);
      expect(direct.status, what).toBe(200);
      for (let i = 0; i < 2; i++) {
        const proxied = await call(proxy, p, options);
        expect({ ...essence(proxied), etag: undefined }, what).toEqual({ ...essence(direct), etag: undefined });
        expect(cacheStatus(proxied), what).not.toBe('HIT');
      }
    }
  });

  it('answers conditional requests with 304 through the cache', async () => {
    for (const [p, headers] of [
      ['/id/city/tokyo', { Accept: TURTLE.mediaType }],
      ['/id/city/tokyo', { Accept: HTML.mediaType }],
      ['/dumps/anmc21.nq', {}],
    ] as const) {
      const first = await call(proxy, p, { headers });
      const etag = first.headers.etag as string;
      expect(etag, p).toMatch(/^"/);
      for (let i = 0; i < 2; i++) {
        const notModified = await call(proxy, p, { headers: { ...headers, 'If-None-Match': etag } });
        expect(notModified.status, p).toBe(304);
        expect(notModified.body.length).toBe(0);
        expect(notModified.headers.etag).toBe(etag);
      }
      const changed = await call(proxy, p, { headers: { ...headers, 'If-None-Match': '"not-this-one"' } });
      expect(changed.status, p).toBe(200);
      expect(changed.body.equals(first.body)).toBe(true);
    }
  });

  it('loses no request when one instance stops under traffic', { timeout: 90_000 }, async () => {
    // Requests that reach the instances (none is cacheable), each with its expected answer from A.
    const kinds: { path: string; options: Options }[] = [
      {
        path: `/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`,
        options: { headers: { Accept: 'application/sparql-results+json' } },
      },
      {
        path: '/sparql',
        options: {
          method: 'POST',
          headers: { Accept: 'text/csv', 'Content-Type': 'application/sparql-query' },
          body: 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }',
        },
      },
      {
        path: '/reconcile',
        options: {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ queries: JSON.stringify({ q0: { query: 'Seoul' } }) }).toString(),
        },
      },
    ];
    const expected = await Promise.all(
      kinds.map(async (k) => (await call(a.origin, k.path, k.options)).body.toString()),
    );
    const servedByB = served(b);
    const outcomes: { kind: number; status: number | string; ok: boolean }[] = [];
    let done = false;
    const client = async (n: number) => {
      for (let i = n; !done && outcomes.length < 10_000; i++) {
        const kind = i % kinds.length;
        try {
          const got = await call(proxy, kinds[kind]!.path, kinds[kind]!.options);
          outcomes.push({
            kind,
            status: got.status,
            ok: got.status === 200 && got.body.toString() === expected[kind],
          });
        } catch (error) {
          outcomes.push({ kind, status: (error as Error).message, ok: false });
        }
      }
    };
    /** Resolves when `done()` holds, or after `ms`. */
    const until = async (done: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; !done() && Date.now() < end;) await sleep(20);
    };
    const clients = [0, 1, 2, 3].map(client);
    const timeline: string[] = [];
    let t0 = performance.now();
    const mark = (what: string) =>
      timeline.push(`${what} at ${Math.round(performance.now() - t0)} ms, after ${outcomes.length} requests`);
    try {
      // Traffic first, until B has answered some of it; then B stops (SIGTERM, as systemd does) mid-stream:
      // it refuses new connections at once, finishes what it has, and exits once its connections are closed.
      await until(() => served(b) >= servedByB + 10, 20_000);
      expect(served(b), 'B answered proxied requests').toBeGreaterThanOrEqual(servedByB + 10);
      const [atStop, servedByA] = [outcomes.length, served(a)];
      t0 = performance.now();
      mark('SIGTERM to B');
      const exited = stop(b).then((code) => (mark(`B exited (${code})`), code));
      // The stream goes on until B has exited (the cut at the end of its grace time included), and for
      // at least 50 requests: bounded by B's 10 s grace plus the 15 s stop() allows.
      let exitCode: number | null | undefined;
      void exited.then((code) => (exitCode = code));
      await until(() => exitCode !== undefined && outcomes.length >= atStop + 50, 30_000);
      done = true;
      await Promise.all(clients);
      mark('stream ended');

      expect(outcomes.filter((o) => !o.ok).slice(0, 5), timeline.join('; ')).toEqual([]);
      expect(await exited, `B drained and exited by itself: ${timeline.join('; ')}`).toBe(0);
      expect(outcomes.length - atStop, timeline.join('; ')).toBeGreaterThanOrEqual(50);
      // A took over: it answered most of what came after the SIGTERM (B only finished what it had).
      await sleep(200);
      expect(served(a) - servedByA).toBeGreaterThanOrEqual((outcomes.length - atStop) / 2);
    } finally {
      done = true;
      await Promise.all(clients);
    }
  });
});
