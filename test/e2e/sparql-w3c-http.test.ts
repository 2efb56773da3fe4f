// W3C SPARQL 1.1 query-evaluation tests through the HTTP endpoint: a representative subset of each
// directory (the first tests that pass through the store facade and use no relative IRIs), every data
// file in one dataset under its own graph name, each test's dataset sent as default-graph-uri /
// named-graph-uri (or the query's own FROM). Results compared exactly as in the conformance tier.
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DataFactory, Parser, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import { createSparqlRouter } from '../../src/http/routes/sparql.ts';
import { checkQuery } from '../../src/store/check-query.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import { createQueryPool, queryPoolOptions, type QueryPool } from '../../src/store/query-pool.ts';
import type { QueryOptions, QueryResult, Store } from '../../src/store/store.ts';
import { readManifest, type ManifestEntry } from '../conformance/support/manifest.ts';
import {
  checkEvaluation,
  evaluationCase,
  OUT_OF_SCOPE,
  read,
  type EvaluationCase,
} from '../conformance/support/query-eval.ts';
import { readSrj } from '../conformance/support/sparql-results.ts';
import { SPARQL_QUERY_EVAL_SKIPS } from '../conformance/skip/sparql-query-eval.ts';
import { SUITES } from '../conformance/support/w3c.ts';

const PER_DIRECTORY = 3;

/** The subset: per directory, the first tests in scope, not on the skip list, with only absolute IRIs. */
function subset(): EvaluationCase[] {
  const entries = readManifest(SUITES.sparql11.base + 'manifest-all.ttl').filter(
    (e) => e.type === 'QueryEvaluationTest' || e.type === 'CSVResultFormatTest',
  );
  const taken = new Map<string, number>();
  const out: EvaluationCase[] = [];
  for (const entry of entries) {
    const directory = entry.manifest.slice(SUITES.sparql11.base.length).split('/')[0]!;
    if (OUT_OF_SCOPE[directory] || entry.id in SPARQL_QUERY_EVAL_SKIPS || (taken.get(directory) ?? 0) >= PER_DIRECTORY)
      continue;
    const c = evaluationCase(entry);
    try {
      checkQuery(c.text); // no base: a query with relative IRIs would resolve against the endpoint's base
    } catch {
      continue;
    }
    taken.set(directory, (taken.get(directory) ?? 0) + 1);
    out.push(c);
  }
  return out;
}

const cases = subset();

/** Every data file of the subset as N-Quads, each in a graph named by its IRI (RDF/XML read by the engine). */
async function dataset(): Promise<string> {
  const files = [...new Set(cases.flatMap((c) => c.files))];
  const writer = new Writer({ format: 'N-Quads' });
  let nquads = '';
  for (const file of files) {
    let text = read(file);
    let format = file.endsWith('.nt') ? 'application/n-triples' : 'text/turtle';
    if (file.endsWith('.rdf')) {
      const store = createOxigraphStore([{ data: text, format: 'application/rdf+xml', graph: file, baseIri: file }]);
      text = await store.queryRaw(
        `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${file}> { ?s ?p ?o } }`,
        'application/n-triples',
      );
      format = 'application/n-triples';
    }
    const quads: Quad[] = new Parser({ format, baseIRI: file }).parse(text);
    nquads += writer.quadsToString(
      quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object, DataFactory.namedNode(file))),
    );
  }
  return nquads;
}

let server: Server;
let pool: QueryPool;
let url: string;
beforeAll(async () => {
  const config = loadConfig({ sparql: { workers: 1, maxRows: 100_000 } }, {});
  pool = createQueryPool(queryPoolOptions(config, { data: await dataset(), format: 'application/n-quads' }));
  await pool.ready();
  const app = express();
  app.use(createSparqlRouter({ config, pool, datasetVersion: 'w3c', storedQueries: [] }));
  app.use(errorHandler({ logError: () => {} }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sparql`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await pool?.close();
});

/** The facade's query/queryRaw answered by the HTTP endpoint (SPARQL JSON, N-Triples, CSV). */
function overHttp(): Pick<Store, 'query' | 'queryRaw'> {
  const send = async (text: string, accept: string, options: QueryOptions = {}) => {
    const params = new URLSearchParams({ query: text });
    for (const g of options.dataset?.defaultGraphs ?? []) params.append('default-graph-uri', g);
    for (const g of options.dataset?.namedGraphs ?? []) params.append('named-graph-uri', g);
    const res = await fetch(url, {
      method: 'POST',
      headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
      body: params,
      signal: AbortSignal.timeout(20_000),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${body.slice(0, 300)}`);
    return body;
  };
  return {
    async query(text, options) {
      const form = checkQuery(text).form;
      if (form === 'CONSTRUCT' || form === 'DESCRIBE') {
        return {
          type: 'quads',
          quads: new Parser({ format: 'application/n-triples' }).parse(
            await send(text, 'application/n-triples', options),
          ),
        } as QueryResult;
      }
      return readSrj(await send(text, 'application/sparql-results+json', options)) as QueryResult;
    },
    queryRaw: (text, mediaType, options) => send(text, mediaType, options),
  };
}

describe('W3C SPARQL 1.1 query evaluation over HTTP (a subset of each directory)', () => {
  it('covers every directory in scope that has a test off the skip list', () => {
    const dir = (e: ManifestEntry) => e.manifest.slice(SUITES.sparql11.base.length).split('/')[0]!;
    const eligible = new Set(
      readManifest(SUITES.sparql11.base + 'manifest-all.ttl')
        .filter(
          (e) =>
            (e.type === 'QueryEvaluationTest' || e.type === 'CSVResultFormatTest') &&
            !OUT_OF_SCOPE[dir(e)] &&
            !(e.id in SPARQL_QUERY_EVAL_SKIPS),
        )
        .map(dir),
    );
    const covered = new Set(cases.map((c) => dir(c.entry)));
    expect([...covered].sort()).toEqual([...eligible].sort());
    console.log(
      `sparql11 query-eval over HTTP: ${cases.length} tests from ${covered.size} directories (cast: all listed for literal canonicalisation)`,
    );
  });
  for (const c of cases) {
    it(`${c.entry.id.slice(SUITES.sparql11.base.length)}`, async () => {
      await checkEvaluation(overHttp() as Store, c);
    });
  }
});
