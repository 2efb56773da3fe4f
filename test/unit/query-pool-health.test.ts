// Engine health and result limits in the worker pool, on real worker threads and the real engine:
// a query that traps the WebAssembly engine retires its worker at once (not a 400 on every later
// query), the same text is then refused without reaching a worker; CONSTRUCT/DESCRIBE results are cut
// to the triple limit, results to the byte limit, and say so.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryPool, type QueryPool } from '../../src/store/query-pool.ts';
import { rejection, settled } from '../support/query-pool.ts';

const FIXTURE = new URL('../fixtures/sparql/dataset.trig', import.meta.url);
const JSON_RESULTS = 'application/sparql-results+json';

describe('a worker whose engine traps', () => {
  let pool: QueryPool;
  const logged: string[] = [];
  // ~1,000 nested groups trap the engine ("memory access out of bounds") and leave it broken for
  // good. The pool's pre-scan limits are loosened so the query reaches the engine, as one would if
  // the advertised limits were wrong.
  const TRAP = `SELECT * WHERE ${'{'.repeat(1000)} ?s ?p ?o ${'}'.repeat(1000)}`;
  const COUNT = 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }';

  beforeAll(async () => {
    pool = createQueryPool({
      source: { path: FIXTURE.pathname, format: 'application/trig' },
      workers: 1,
      queueLength: 4,
      timeoutMs: 20_000,
      maxRows: 100,
      maxTriples: 1000,
      maxResultBytes: 1_000_000,
      shape: { maxDepth: 100_000, maxOperators: 100_000 },
      log: (line) => logged.push(line),
    });
    await pool.ready();
  }, 60_000);
  afterAll(() => pool.close());

  it('is retired and replaced at once; the query gets engine-failure, the next query an answer', async () => {
    const before = pool.stats().replaced;
    const error = await rejection(pool.run({ query: TRAP, form: 'SELECT', mediaType: JSON_RESULTS }));
    expect(error.reason).toBe('engine-failure');
    expect(error.message).toMatch(/memory access out of bounds|the worker that ran it was replaced/);
    expect(pool.stats().replaced).toBe(before + 1);
    // The one worker was replaced: the next query waits for it and is answered.
    const next = await pool.run({ query: COUNT, form: 'SELECT', mediaType: JSON_RESULTS });
    expect(Number(JSON.parse(next.body.toString()).results.bindings[0].n.value)).toBe(20);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/^Query worker retired: the engine failed \(.*\) on: SELECT \* WHERE \{\{\{/);
    expect(logged[0]).not.toContain('\n');
  }, 60_000);

  it('refuses the same text again without giving it to a worker', async () => {
    await settled(pool, 500);
    const { replaced, completed } = pool.stats();
    const error = await rejection(pool.run({ query: TRAP, form: 'SELECT', mediaType: JSON_RESULTS }));
    expect(error.reason).toBe('engine-failure');
    expect(pool.stats()).toMatchObject({ replaced, completed });
  });

  it('keeps a worker whose engine refused a query and still answers', async () => {
    await settled(pool, 500);
    const { replaced } = pool.stats();
    // ASK has no CSV form: refused by the store, not a trap; the engine answers the probe after it.
    const error = await rejection(pool.run({ query: 'ASK { ?s ?p ?o }', form: 'ASK', mediaType: 'text/csv' }));
    expect(error.reason).toBe('engine');
    expect(pool.stats().replaced).toBe(replaced);
    const next = await pool.run({ query: COUNT, form: 'SELECT', mediaType: JSON_RESULTS });
    expect(next.rows).toBe(1);
  });
});

describe('result limits in the worker', () => {
  let pool: QueryPool;
  beforeAll(async () => {
    pool = createQueryPool({
      source: { path: FIXTURE.pathname, format: 'application/trig' },
      workers: 1,
      queueLength: 4,
      timeoutMs: 20_000,
      maxRows: 100,
      maxTriples: 5,
      maxResultBytes: 1500,
    });
    await pool.ready();
  }, 60_000);
  afterAll(() => pool.close());

  const nTriples = (body: string) => body.split('\n').filter((l) => l.trim() !== '').length;

  it('cuts a CONSTRUCT past maxTriples and says so; one within it is whole', async () => {
    const cut = await pool.run({
      query: 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }',
      form: 'CONSTRUCT',
      mediaType: 'application/n-triples',
    });
    expect(cut).toMatchObject({ truncated: true, triples: 5 });
    expect(nTriples(cut.body.toString())).toBe(5);
    const whole = await pool.run({
      query: 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 3',
      form: 'CONSTRUCT',
      mediaType: 'application/n-triples',
    });
    expect(whole).toMatchObject({ truncated: false, triples: 3 });
  });

  it('marks a result whose solutions went past the engine cap even when few triples came back', async () => {
    // Every solution writes the same two triples: two triples from 20 solutions, past the cap of 4 × 5 / 2 = 10.
    const template = '{ <http://example.org/a> <http://example.org/b> "c", "d" }';
    const result = await pool.run({
      query: `CONSTRUCT ${template} WHERE { GRAPH ?g { ?s ?p ?o } }`,
      form: 'CONSTRUCT',
      mediaType: 'text/turtle',
    });
    expect(result).toMatchObject({ truncated: true, triples: 2 });
    // No more solutions than the cap: not marked.
    const few = await pool.run({
      query: `CONSTRUCT ${template} WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 10`,
      form: 'CONSTRUCT',
      mediaType: 'text/turtle',
    });
    expect(few).toMatchObject({ truncated: false, triples: 2 });
  });

  it('cuts a SELECT to whole rows within maxResultBytes and says so in JSON', async () => {
    const result = await pool.run({
      query: 'SELECT * { GRAPH ?g { ?s ?p ?o } }',
      form: 'SELECT',
      mediaType: JSON_RESULTS,
    });
    expect(Buffer.byteLength(result.body)).toBeLessThanOrEqual(1500);
    expect(result.truncated).toBe(true);
    const doc = JSON.parse(result.body.toString());
    expect(doc).toMatchObject({ truncated: true, maxRows: 100, maxBytes: 1500 });
    expect(doc.results.bindings).toHaveLength(result.rows!);
    expect(result.rows).toBeGreaterThan(0);
  });
});
