// The query worker pool, with real worker threads (started from vitest, so the tsx bootstrap is exercised).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createQueryPool, type QueryPool } from '../../src/store/query-pool.ts';
import { QueryPoolError } from '../../src/store/query-runner.ts';
import { rejection, settled } from '../support/query-pool.ts';
import { SUITES } from '../conformance/support/w3c.ts';

const FIXTURE = new URL('../fixtures/sparql/dataset.trig', import.meta.url);
const RUNAWAY = 'SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } ORDER BY ?a ?o';
// Four rows: the English labels of the fixture's cities.
const LABELS = 'SELECT ?s ?l { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "en") }';

/** Wait (bounded: 5 s) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the condition did not come true within 5 s');
}

describe('query pool', () => {
  let pool: QueryPool;
  beforeAll(async () => {
    pool = createQueryPool({
      source: { path: FIXTURE.pathname, format: 'application/trig' },
      workers: 2,
      queueLength: 1,
      timeoutMs: 1500,
      maxRows: 5,
      maxTriples: 1000,
      maxResultBytes: 1_000_000,
    });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('loads the dataset in each worker and reports its graphs', async () => {
    const info = await pool.ready();
    expect(info.graphs).toEqual(['https://w3id.org/anmc21/graph/article', 'https://w3id.org/anmc21/graph/supplements']);
    expect(info.quads).toBe(20);
  });

  it('returns engine-serialised results with row metadata', async () => {
    const result = await pool.run({ query: LABELS, form: 'SELECT', mediaType: 'application/sparql-results+json' });
    const doc = JSON.parse(result.body.toString());
    expect(doc.head.vars).toEqual(['s', 'l']);
    expect(result.rows).toBe(4);
    expect(result.truncated).toBe(false);
    expect(doc.results.bindings).toHaveLength(4);
    expect(doc.truncated).toBeUndefined();
    expect(result.mediaType).toBe('application/sparql-results+json');
  });

  it('cuts a SELECT past maxRows and says so (and does not for one exactly at it)', async () => {
    const cut = await pool.run({
      query: 'SELECT * { ?s ?p ?o }',
      form: 'SELECT',
      mediaType: 'application/sparql-results+json',
    });
    expect(cut.truncated).toBe(true);
    expect(cut.rows).toBe(5);
    const doc = JSON.parse(cut.body.toString());
    expect(doc.results.bindings).toHaveLength(5);
    expect(doc.truncated).toBe(true);
    expect(doc.maxRows).toBe(5);

    const exact = await pool.run({ query: 'SELECT * { ?s ?p ?o } LIMIT 5', form: 'SELECT', mediaType: 'text/csv' });
    expect(exact.truncated).toBe(false);
    expect(exact.rows).toBe(5);
    const full = await pool.run({ query: LABELS, form: 'SELECT', mediaType: 'text/tab-separated-values' });
    expect(full.truncated).toBe(false);
    expect(full.body.toString().trimEnd().split('\n')).toHaveLength(5);
  });

  it('serialises CONSTRUCT results in RDF formats, JSON-LD included', async () => {
    const query = 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <https://w3id.org/anmc21/graph/supplements> { ?s ?p ?o } }';
    const nt = await pool.run({ query, form: 'CONSTRUCT', mediaType: 'application/n-triples' });
    expect(nt.body.toString().trim().split('\n')).toHaveLength(4);
    const ld = await pool.run({ query, form: 'CONSTRUCT', mediaType: 'application/ld+json' });
    const doc = JSON.parse(ld.body.toString()) as { '@id': string }[];
    expect(doc.map((node) => node['@id']).sort()).toEqual([
      'https://w3id.org/anmc21/id/city/beijing',
      'https://w3id.org/anmc21/id/city/tokyo',
    ]);
  });

  it('honours a protocol dataset', async () => {
    const query = 'SELECT ?s { ?s a ?type }';
    const run = (defaultGraphs?: string[]) =>
      pool
        .run({
          query,
          form: 'SELECT',
          mediaType: 'application/sparql-results+json',
          dataset: defaultGraphs ? { defaultGraphs, namedGraphs: [] } : undefined,
        })
        .then((r) => JSON.parse(r.body.toString()).results.bindings.length);
    expect(await run()).toBe(5);
    expect(await run(['https://w3id.org/anmc21/graph/supplements'])).toBe(1);
    expect(await run([])).toBe(0);
  });

  it('terminates a runaway query at its timeout, replaces the worker, and keeps answering', async () => {
    await settled(pool);
    const before = pool.stats();
    const started = performance.now();
    const error = await rejection(pool.run({ query: RUNAWAY, form: 'SELECT', mediaType: 'text/csv', timeoutMs: 300 }));
    const elapsed = performance.now() - started;
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/300 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1400);
    const after = pool.stats();
    expect(after.timedOut).toBe(before.timedOut + 1);
    expect(after.replaced).toBe(before.replaced + 1);
    // The replacement loads and serves.
    const ok = await pool.run({ query: 'ASK { ?s ?p ?o }', form: 'ASK', mediaType: 'application/sparql-results+json' });
    expect(JSON.parse(ok.body.toString()).boolean).toBe(true);
  });

  it('clamps a requested timeout to the configured one', async () => {
    const error = await rejection(
      pool.run({ query: RUNAWAY, form: 'SELECT', mediaType: 'text/csv', timeoutMs: 60_000 }),
    );
    expect(error.reason).toBe('timeout');
    expect(error.limitMs).toBe(1500);
  });

  it('refuses past its bounded queue with reason busy', async () => {
    await settled(pool);
    const running = [1, 2, 3].map(() =>
      pool.run({ query: RUNAWAY, form: 'SELECT', mediaType: 'text/csv', timeoutMs: 400 }),
    );
    const refused = await rejection(
      pool.run({ query: 'ASK {}', form: 'ASK', mediaType: 'application/sparql-results+json' }),
    );
    expect(refused.reason).toBe('busy');
    expect(refused.message).toMatch(/2 queries are running and 1 are waiting/);
    const outcomes = (await Promise.allSettled(running)).map((o) =>
      o.status === 'rejected' ? (o.reason as QueryPoolError).reason : 'ok',
    );
    // The two running ones time out; the queued one either runs (and times out) or waited out a
    // whole time limit while the replacement workers loaded (busy).
    expect(outcomes.slice(0, 2)).toEqual(['timeout', 'timeout']);
    expect(['timeout', 'busy']).toContain(outcomes[2]);
  });

  it('drops a queued query and stops a running one when the caller aborts', async () => {
    await settled(pool);
    const controller = new AbortController();
    const running = pool.run({ query: RUNAWAY, form: 'SELECT', mediaType: 'text/csv', signal: controller.signal });
    const replaced = pool.stats().replaced;
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await rejection(running);
    expect(error.reason).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1000);
    // The runaway goes on past what a restart takes (its time limit is 1,500 ms), so its worker is
    // stopped and replaced.
    await until(() => pool.stats().replaced === replaced + 1);

    await settled(pool);
    const queuedController = new AbortController();
    const blockers = [1, 2].map(() =>
      pool.run({ query: RUNAWAY, form: 'SELECT', mediaType: 'text/csv', timeoutMs: 300 }).catch(() => {}),
    );
    const queued = pool.run({
      query: 'ASK {}',
      form: 'ASK',
      mediaType: 'application/sparql-results+json',
      signal: queuedController.signal,
    });
    expect(pool.stats().queued).toBe(1);
    queuedController.abort();
    expect((await rejection(queued)).message).toMatch(/aborted while waiting/);
    expect(pool.stats().queued).toBe(0);
    await Promise.all(blockers);
  });

  it('lets a query given up while running end, without restarting its worker', async () => {
    await settled(pool);
    const { replaced, completed } = pool.stats();
    const controller = new AbortController();
    const running = pool.run({ query: LABELS, form: 'SELECT', mediaType: 'text/csv', signal: controller.signal });
    // Dispatch happens in microtasks; the answer can only arrive in a later task: abort in between.
    for (let i = 0; i < 20 && pool.stats().busy === 0; i++) await Promise.resolve();
    expect(pool.stats().busy).toBe(1);
    controller.abort();
    expect((await rejection(running)).reason).toBe('aborted');
    await settled(pool);
    expect(pool.stats()).toMatchObject({ replaced, completed: completed + 1 });
    const next = await pool.run({ query: LABELS, form: 'SELECT', mediaType: 'text/csv' });
    expect(next.rows).toBe(4);
  });

  it('reports an engine error with the engine message', async () => {
    await settled(pool);
    const error = await rejection(
      pool.run({ query: 'SELECT * { ?s ?p ?o }', form: 'SELECT', mediaType: 'text/turtle' }),
    );
    expect(error.reason).toBe('engine');
    expect(error.message).toMatch(/text\/turtle/);
  });
});

describe('query pool start-up', () => {
  it('rejects ready() and every query when the dataset cannot be loaded', async () => {
    const pool = createQueryPool({
      source: { data: '<http://a> <http://b> .', format: 'application/n-quads' },
      workers: 1,
      queueLength: 1,
      timeoutMs: 1000,
      maxRows: 10,
      maxTriples: 1000,
      maxResultBytes: 1_000_000,
    });
    try {
      await expect(pool.ready()).rejects.toThrow(/could not load the dataset/);
      const error = await rejection(
        pool.run({ query: 'ASK {}', form: 'ASK', mediaType: 'application/sparql-results+json' }),
      );
      expect(error.reason).toBe('unavailable');
    } finally {
      await pool.close();
    }
  });

  it('loads N-Quads text given inline', async () => {
    const data = readFileSync(path.join(SUITES.sparql11.dir, 'protocol', 'data1.nt'), 'utf8');
    const pool = createQueryPool({
      source: { data, format: 'application/n-quads' },
      workers: 1,
      queueLength: 1,
      timeoutMs: 5000,
      maxRows: 10,
      maxTriples: 1000,
      maxResultBytes: 1_000_000,
    });
    try {
      expect((await pool.ready()).quads).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('refuses invalid options', () => {
    expect(() =>
      createQueryPool({
        source: { data: '', format: 'application/n-quads' },
        workers: 0,
        queueLength: 1,
        timeoutMs: 1,
        maxRows: 1,
        maxTriples: 1000,
        maxResultBytes: 1_000_000,
      }),
    ).toThrow(/workers must be a positive integer/);
  });
});
