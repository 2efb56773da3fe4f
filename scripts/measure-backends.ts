// Measure both store backends on synthetic data: load time, stored-query latency, memory, at given sizes.
//
// Usage: node --import tsx scripts/measure-backends.ts [triples …]   (default 100000 1000000)
// Data: our four named graphs; 50 member cities with labels (what the stored queries read) and the bulk
// as provenance statements and quotes, which is what grows in the real dataset. In-memory: Oxigraph in a
// child process (RSS after load, minus a bare process's RSS). Virtuoso: a fresh store (scripts/virtuoso.sh,
// ports 18992/11113), loaded with loadRemote; RSS of virtuoso-t. Latency: median of 20 runs per query
// through each backend's endpoint path (worker pool / remote runner), after 3 warm-ups.

import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BASE = 'https://w3id.org/anmc21/';
const GRAPHS = ['article', 'supplements', 'provenance', 'ontology'].map((g) => `${BASE}graph/${g}`);
const QUERIES_DIR = join(ROOT, 'test/fixtures/sparql/queries');

/** Write about `triples` N-Quads; returns the exact count. */
async function generate(file: string, triples: number): Promise<number> {
  const out = createWriteStream(file);
  let n = 0;
  const write = (s: string, p: string, o: string, g: string) => {
    n++;
    return out.write(`${s} ${p} ${o} <${g}> .\n`) ? undefined : new Promise<void>((r) => out.once('drain', () => r()));
  };
  const [article, supplements, provenance, ontology] = GRAPHS as [string, string, string, string];
  const rdfs = 'http://www.w3.org/2000/01/rdf-schema#';
  const rdf = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
  for (let i = 0; i < 50; i++) {
    const city = `<${BASE}id/city/c${i}>`;
    await write(city, `<${rdf}type>`, `<${BASE}ontology/MemberCity>`, article);
    await write(city, `<${rdfs}label>`, `"City ${i}"@en`, article);
    await write(city, `<${rdfs}label>`, `"城市${i}"@zh-Hant`, article);
    await write(
      city,
      `<${BASE}ontology/population>`,
      `"${1000 + i}"^^<http://www.w3.org/2001/XMLSchema#integer>`,
      supplements,
    );
  }
  await write(`<${BASE}ontology>`, `<${rdf}type>`, '<http://www.w3.org/2002/07/owl#Ontology>', ontology);
  for (let i = 0; n < triples; i++) {
    const st = `<${BASE}id/statement/${i.toString(16).padStart(16, '0')}>`;
    const quote = `<${BASE}id/quote/${i}-1-20>`;
    await write(st, `<${rdf}type>`, `<${rdf}Statement>`, provenance);
    await write(st, `<${rdf}subject>`, `<${BASE}id/city/c${i % 50}>`, provenance);
    await write(st, `<${rdf}predicate>`, `<${rdfs}label>`, provenance);
    await write(st, `<${rdf}object>`, `"Fact ${i}"@en`, provenance);
    await write(st, '<http://www.w3.org/ns/prov#wasDerivedFrom>', quote, provenance);
    await write(quote, '<http://www.w3.org/ns/oa#exact>', `"quoted text number ${i}"`, provenance);
    await write(
      quote,
      '<http://www.w3.org/ns/oa#start>',
      `"${i * 20}"^^<http://www.w3.org/2001/XMLSchema#integer>`,
      provenance,
    );
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function storedQueries(): Promise<{ name: string; query: string; form: 'SELECT' | 'CONSTRUCT' }[]> {
  const files = (await readdir(QUERIES_DIR)).filter((f) => f.endsWith('.rq')).sort();
  return Promise.all(
    files.map(async (f) => {
      const query = await readFile(join(QUERIES_DIR, f), 'utf8');
      return {
        name: f.slice(0, -3),
        query,
        form: /CONSTRUCT/i.test(query) ? ('CONSTRUCT' as const) : ('SELECT' as const),
      };
    }),
  );
}

/** The in-memory side runs in a child (this file with `--oxigraph FILE`) so its memory is its own. */
async function measureOxigraph(file: string): Promise<Record<string, number>> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--oxigraph', file], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  await new Promise((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`oxigraph child exited ${code}`)))),
  );
  return JSON.parse(out);
}

async function oxigraphChild(file: string): Promise<void> {
  const { createOxigraphStore } = await import('../src/store/oxigraph-store.ts');
  const { createQueryPool } = await import('../src/store/query-pool.ts');
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const store = createOxigraphStore([{ data: await readFile(file, 'utf8'), format: 'application/n-quads' }]);
  const loadMs = performance.now() - started;
  global.gc?.();
  const rss = process.memoryUsage().rss - rssBefore;
  const result: Record<string, number> = { loadMs, rssMiB: rss / 2 ** 20, quads: await store.size() };
  // Latency through the endpoint's path: one worker holding its own copy (the production layout).
  const pool = createQueryPool({
    source: { path: file, format: 'application/n-quads' },
    workers: 1,
    queueLength: 4,
    timeoutMs: 60_000,
    maxRows: 10_000,
    maxTriples: 1_000_000,
    maxResultBytes: 1 << 30,
  });
  await pool.ready();
  for (const q of await storedQueries()) {
    const mediaType = q.form === 'SELECT' ? 'application/sparql-results+json' : 'application/n-triples';
    const times: number[] = [];
    for (let i = 0; i < 23; i++) {
      const t = performance.now();
      await pool.run({ query: q.query, form: q.form, mediaType, baseIri: BASE });
      if (i >= 3) times.push(performance.now() - t);
    }
    result[`query:${q.name}`] = median(times);
  }
  await pool.close();
  process.stdout.write(JSON.stringify(result));
}

async function measureVirtuoso(file: string): Promise<Record<string, number>> {
  const { loadRemote } = await import('../src/store/remote/load.ts');
  const { createSparqlStore } = await import('../src/store/remote/sparql-store.ts');
  const { createSparqlQueryRunner } = await import('../src/store/remote/query-runner.ts');
  const env = {
    ...process.env,
    VIRTUOSO_HTTP_PORT: '18992',
    VIRTUOSO_SQL_PORT: '11113',
    VIRTUOSO_BUFFERS: process.env.VIRTUOSO_BUFFERS ?? '64000',
  };
  const script = join(ROOT, 'scripts/virtuoso.sh');
  const { stdout } = await run('bash', [script, 'start'], { env, timeout: 300_000 });
  const vars = Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  const rssOf = async () =>
    Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${vars.VIRTUOSO_PID}/status`, 'utf8'))![1]) / 1024;
  try {
    const idle = await rssOf();
    const report = await loadRemote({
      file,
      graphStore: vars.VIRTUOSO_GSP_AUTH!,
      endpoint: vars.VIRTUOSO_SPARQL!,
      log: () => {},
      chunkTriples: 200_000,
      credentials: { user: vars.VIRTUOSO_USER!, password: vars.VIRTUOSO_PASSWORD!, scheme: 'digest' },
    });
    const result: Record<string, number> = {
      loadMs: report.ms,
      rssIdleMiB: idle,
      rssMiB: await rssOf(),
      quads: report.totalTriples,
    };
    const store = createSparqlStore({ endpoint: vars.VIRTUOSO_SPARQL!, graphs: GRAPHS });
    const runner = createSparqlQueryRunner(store, {
      timeoutMs: 60_000,
      maxRows: 10_000,
      concurrency: 1,
      queueLength: 4,
    });
    for (const q of await storedQueries()) {
      const mediaType = q.form === 'SELECT' ? 'application/sparql-results+json' : 'application/n-triples';
      const times: number[] = [];
      for (let i = 0; i < 23; i++) {
        const t = performance.now();
        await runner.run({ query: q.query, form: q.form, mediaType, baseIri: BASE });
        if (i >= 3) times.push(performance.now() - t);
      }
      result[`query:${q.name}`] = median(times);
    }
    result.rssAfterQueriesMiB = await rssOf();
    return result;
  } finally {
    await run('bash', [script, 'stop'], { env, timeout: 60_000 });
  }
}

if (process.argv[2] === '--oxigraph') {
  await oxigraphChild(process.argv[3]!);
} else {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  const dir = await mkdtemp(join(tmpdir(), 'anmc21-measure-'));
  try {
    for (const size of sizes.length ? sizes : [100_000, 1_000_000]) {
      const file = join(dir, `synthetic-${size}.nq`);
      const triples = await generate(file, size);
      const oxigraph = await measureOxigraph(file);
      const virtuoso = await measureVirtuoso(file);
      console.log(JSON.stringify({ triples, oxigraph, virtuoso }));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
