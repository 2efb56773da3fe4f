// The row limit: LIMIT rewriting keeps every W3C SELECT query's answers, and row cutting per results format.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { capSelectRows, cutRows } from '../../src/store/row-limit.ts';
import { createOxigraphStore, type StoreInput } from '../../src/store/oxigraph-store.ts';
import { SUITES } from '../conformance/support/w3c.ts';

const W3C = SUITES.sparql11.dir;
// Query-evaluation folders (syntax, update and protocol folders hold no SELECT evaluation tests).
const EVAL_DIRS = readdirSync(W3C, { withFileTypes: true })
  .filter(
    (d) =>
      d.isDirectory() &&
      !/syntax|update|protocol|service|entailment|clear|drop|add|copy|move|delete|insert|http|graph-store|csv|json-res/.test(
        d.name,
      ),
  )
  .map((d) => d.name);

/** Result rows as sorted lines, blank-node labels replaced (they differ between runs). */
function rows(tsv: string): string[] {
  return tsv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.replace(/_:[^\t]+/g, '_:b'))
    .sort();
}

describe('capSelectRows over the W3C SPARQL 1.1 SELECT queries', () => {
  let totalCompared = 0;
  for (const dir of EVAL_DIRS) {
    it(`keeps the answers of every SELECT in ${dir}/`, async () => {
      const folder = path.join(W3C, dir);
      const inputs: StoreInput[] = [];
      for (const file of readdirSync(folder)) {
        const format = file.endsWith('.ttl')
          ? 'text/turtle'
          : file.endsWith('.nt')
            ? 'application/n-triples'
            : undefined;
        if (format)
          inputs.push({
            data: readFileSync(path.join(folder, file), 'utf8'),
            format,
            graph: `http://example.org/${file}`,
            baseIri: `http://example.org/${file}`,
          });
      }
      const store = createOxigraphStore(inputs);
      let compared = 0;
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.rq'))) {
        const text = readFileSync(path.join(folder, file), 'utf8');
        const base = `http://example.org/${dir}/`;
        let original: string;
        try {
          original = await store.queryRaw(text, 'text/tab-separated-values', { baseIri: base });
        } catch {
          continue; // not a SELECT, or not run by the engine: nothing to compare
        }
        const capped = capSelectRows(text, 100_000, base);
        if (!capped.capped) continue;
        const rewritten = await store.queryRaw(capped.query, 'text/tab-separated-values', { baseIri: base });
        expect(rows(rewritten), `${dir}/${file}\n${capped.query}`).toEqual(rows(original));
        expect(rewritten.split('\n')[0], `${dir}/${file} variables`).toBe(original.split('\n')[0]);
        compared++;
      }
      totalCompared += compared;
    });
  }

  it('compared a substantial share of the suite', () => {
    expect(totalCompared).toBeGreaterThan(100);
  });

  it('leaves queries alone whose LIMIT is within the limit, and non-SELECT forms', () => {
    expect(capSelectRows('SELECT * { ?s ?p ?o } LIMIT 10', 10)).toEqual({
      query: 'SELECT * { ?s ?p ?o } LIMIT 10',
      capped: false,
    });
    expect(capSelectRows('ASK { ?s ?p ?o }', 10).capped).toBe(false);
    expect(capSelectRows('CONSTRUCT WHERE { ?s ?p ?o }', 10).capped).toBe(false);
  });

  it('lowers a larger LIMIT to maxRows + 1, before a trailing VALUES', () => {
    const capped = capSelectRows('SELECT * { ?s ?p ?o } LIMIT 500 VALUES ?s { <http://a> }', 10);
    expect(capped.capped).toBe(true);
    expect(capped.query).toMatch(/LIMIT 11\s+VALUES/);
  });

  it('appends LIMIT to a query without one, after a trailing comment', () => {
    expect(capSelectRows('SELECT * { ?s ?p ?o } OFFSET 2 # last', 10)).toEqual({
      query: 'SELECT * { ?s ?p ?o } OFFSET 2 # last\nLIMIT 11\n',
      capped: true,
    });
  });
});

describe("cutRows on the engine's serialisations", () => {
  const store = createOxigraphStore([
    {
      data: readFileSync(new URL('../fixtures/sparql/dataset.trig', import.meta.url), 'utf8'),
      format: 'application/trig',
    },
  ]);
  // Five rows, one holding a literal with a line break, a tab, quotes and commas.
  const query =
    'SELECT ?s ?o { ?s ?p ?o FILTER(isLiteral(?o) && (lang(?o) = "en" || contains(?o, "line"))) } ORDER BY ?o';

  for (const mediaType of [
    'application/sparql-results+json',
    'application/sparql-results+xml',
    'text/csv',
    'text/tab-separated-values',
  ]) {
    it(`counts and cuts ${mediaType}`, async () => {
      const body = await store.queryRaw(query, mediaType);
      const all = cutRows(body, mediaType, 100);
      expect(all).toEqual({ body, rows: 5, truncated: false });
      expect(cutRows(body, mediaType, 5)).toEqual({ body, rows: 5, truncated: false });
      const cut = cutRows(body, mediaType, 2);
      expect(cut.rows).toBe(2);
      expect(cut.truncated).toBe(true);
      // The cut body is the same serialisation of the first two rows.
      const firstTwo = await store.queryRaw(`${query} LIMIT 2`, mediaType);
      if (mediaType === 'application/sparql-results+json') {
        expect(JSON.parse(cut.body)).toEqual({ ...JSON.parse(firstTwo), truncated: true, maxRows: 2 });
      } else {
        expect(cut.body).toBe(firstTwo);
      }
    });
  }

  it('cuts to no rows, and counts on bytes without being misled by a variable named "bindings"', async () => {
    const bindings = 'SELECT ?bindings ?o { ?bindings ?p ?o FILTER(isLiteral(?o)) } ORDER BY ?o LIMIT 3';
    for (const mediaType of ['application/sparql-results+json', 'text/csv', 'text/tab-separated-values']) {
      const body = await store.queryRaw(bindings, mediaType);
      const bytes = new TextEncoder().encode(body);
      expect(cutRows(bytes, mediaType, 3)).toMatchObject({ rows: 3, truncated: false });
      const none = cutRows(bytes, mediaType, 0);
      expect(none.rows).toBe(0);
      expect(none.truncated).toBe(true);
      const empty = await store.queryRaw(`${bindings.replace('LIMIT 3', 'LIMIT 0')}`, mediaType);
      const text = new TextDecoder().decode(none.body);
      if (mediaType === 'application/sparql-results+json')
        expect(JSON.parse(text)).toEqual({ ...JSON.parse(empty), truncated: true, maxRows: 0 });
      else expect(text).toBe(empty);
    }
  });

  it('refuses a non-results format', () => {
    expect(() => cutRows('', 'text/turtle', 1)).toThrow(/not a SPARQL results format/);
  });
});
