// Stateless replicas: two publisher instances (app factory + SPARQL router over the remote runner) on
// different ports against one Virtuoso give the same answers with the same ETags, and either can
// answer a conditional request with the other's ETag.

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import type { RunningServer } from '../../src/http/listen.ts';
import { loadDistInfo } from '../../src/dump/read-dist.ts';
import { createSparqlRoute } from '../../src/http/routes/sparql.ts';
import type { QueryPool } from '../../src/store/query-pool.ts';
import type { QueryRunner } from '../../src/store/query-runner.ts';
import { createSparqlQueryRunner } from '../../src/store/remote/query-runner.ts';
import { createSparqlStore } from '../../src/store/remote/sparql-store.ts';
import { loadStoredQueries } from '../../src/store/stored-queries.ts';
import { GRAPH_NAMES, iris } from '../../src/vocab.ts';
import { writeFixtureDist } from '../e2e/publisher-fixture.ts';
import { loadRemoteDataset } from '../e2e/test-backend.ts';
import { FIXTURE } from './global-setup.ts';

const virtuoso = inject('virtuoso');
const replicas: { running: RunningServer; runner: QueryRunner }[] = [];

beforeAll(async () => {
  const trig = await readFile(FIXTURE, 'utf8');
  await loadRemoteDataset(trig, 'application/trig'); // the e2e suites of this tier load other datasets
  const distDir = await writeFixtureDist(trig);
  for (let i = 0; i < 2; i++) {
    // Each replica builds everything itself, as separate processes would: nothing is shared but the store.
    const config = loadConfig({ distDir, server: { host: '127.0.0.1', port: 0 } }, {});
    const store = createSparqlStore({
      endpoint: virtuoso.sparql,
      graphs: GRAPH_NAMES.map((g) => iris(config.base).graph(g)),
      timeoutMs: config.sparql.timeoutMs,
    });
    const runner = createSparqlQueryRunner(store, {
      timeoutMs: config.sparql.timeoutMs,
      maxRows: config.sparql.maxRows,
      concurrency: config.sparql.workers,
      queueLength: config.sparql.queueLength,
    });
    const dist = await loadDistInfo(distDir);
    const sparqlRoute = createSparqlRoute({
      config,
      // The router calls only run() and ready() (see the report: its type should be Pick<QueryPool, 'run' | 'ready'>).
      pool: runner as unknown as QueryPool,
      datasetVersion: dist.version,
      storedQueries: await loadStoredQueries(new URL('../fixtures/sparql/queries', import.meta.url).pathname),
    });
    const app = await createApp({
      config,
      store,
      dist,
      routes: [sparqlRoute],
      ontologyFile: `${distDir}/none.ttl`,
      contextFile: `${distDir}/none.jsonld`,
      log: () => {},
      logError: () => {},
    });
    replicas.push({ running: await app.start({ host: '127.0.0.1', port: 0 }), runner });
  }
});

afterAll(async () => {
  for (const { running, runner } of replicas) {
    await running.close(1000);
    await runner.close();
  }
});

const PATHS: [string, string][] = [
  ['/id/city/tokyo', 'text/turtle'],
  ['/id/city/tokyo', 'text/html'],
  ['/id/city/seoul', 'application/n-triples'],
  ['/id/network/anmc21', 'application/ld+json'],
  ['/dataset', 'text/turtle'],
  ['/queries/member-cities', 'application/sparql-results+json'],
  ['/queries/city-graph', 'application/n-triples'],
  [
    `/sparql?query=${encodeURIComponent('SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g')}`,
    'text/csv',
  ],
  [`/sparql?query=${encodeURIComponent('DESCRIBE <https://w3id.org/anmc21/id/city/tokyo>')}`, 'application/n-triples'],
];

describe('two replicas on one Virtuoso', () => {
  it('run on different ports', () => {
    expect(new Set(replicas.map((r) => r.running.url)).size).toBe(2);
  });

  for (const [path, accept] of PATHS) {
    it(`${path.slice(0, 60)} (${accept}): same status, body and ETag; the other's ETag gives 304`, async () => {
      const [a, b] = await Promise.all(
        replicas.map((r) => fetch(r.running.url + path, { headers: { Accept: accept } })),
      );
      expect(a!.status).toBe(200);
      expect(b!.status).toBe(200);
      const [bodyA, bodyB] = await Promise.all([a!.text(), b!.text()]);
      if (!accept.includes('n-triples') || path.startsWith('/id/')) expect(bodyA).toBe(bodyB);
      else expect(bodyA.split('\n').sort()).toEqual(bodyB.split('\n').sort()); // store order may vary
      const etag = a!.headers.get('etag');
      expect(etag).toBeTruthy();
      expect(b!.headers.get('etag')).toBe(etag);
      const revalidated = await fetch(replicas[1]!.running.url + path, {
        headers: { Accept: accept, 'If-None-Match': etag! },
      });
      expect(revalidated.status).toBe(304);
    });
  }

  it('the SPARQL endpoint on a replica keeps our row limit and says so', async () => {
    const res = await fetch(
      `${replicas[0]!.running.url}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o }')}`,
      { headers: { Accept: 'application/sparql-results+json' } },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-sparql-truncated')).toBe('false');
    expect(Number(res.headers.get('x-sparql-rows'))).toBeGreaterThan(10);
  });
});
