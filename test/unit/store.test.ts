// createOxigraphStore: loading, matching, the default-graph union, datasets, tagged results, raw serialisations, errors.

import { describe, expect, it } from 'vitest';
import { DataFactory, Parser } from 'n3';
import { createOxigraphStore, StoreError } from '../../src/store/oxigraph-store.ts';
import { QueryCheckError } from '../../src/store/check-query.ts';

const { namedNode, literal, defaultGraph } = DataFactory;
const EX = 'http://example.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

/** Default graph: a; graph g1: b; graph g2: c and a blank node. */
function sample() {
  return createOxigraphStore([
    { data: `<${EX}a> <${EX}p> "in default" .`, format: 'application/n-triples' },
    { data: `@prefix ex: <${EX}> . ex:b ex:p 1.0, "Hi"@EN-GB .`, format: 'text/turtle', graph: `${EX}g1` },
    { data: `<g2> { <c> <p> _:x }`, format: 'application/trig', baseIri: EX },
  ]);
}

function values(rows: ReadonlyMap<string, { value: string }>[], name: string): string[] {
  return rows.map((row) => row.get(name)?.value ?? '(unbound)').sort();
}

describe('createOxigraphStore: loading and matching', () => {
  it('loads every format into the graph asked for and lists named graphs', async () => {
    const store = sample();
    expect(await store.size()).toBe(4);
    expect(await store.graphs()).toEqual([`${EX}g1`, `${EX}g2`]);
    store.load([
      {
        data: `{ <${EX}d> <${EX}p> <${EX}e> } <${EX}g3> { <${EX}d> <${EX}p> <${EX}f> }`,
        format: 'application/trig',
        graph: `${EX}g4`,
      },
    ]);
    expect(await store.graphs()).toEqual([`${EX}g1`, `${EX}g2`, `${EX}g3`, `${EX}g4`]);
    store.load([
      {
        data: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="${EX}"><rdf:Description rdf:about="h"><ex:p>x</ex:p></rdf:Description></rdf:RDF>`,
        format: 'application/rdf+xml',
        graph: `${EX}g5`,
        baseIri: EX,
      },
    ]);
    expect(
      await store.match(namedNode(`${EX}h`), namedNode(`${EX}p`), literal('x'), namedNode(`${EX}g5`)),
    ).toHaveLength(1);
  });

  it('matches by pattern and returns plain RDF/JS terms', async () => {
    const store = sample();
    const inG1 = await store.match(null, null, null, namedNode(`${EX}g1`));
    expect(inG1).toHaveLength(2);
    const inDefault = await store.match(namedNode(`${EX}a`), undefined, undefined, defaultGraph());
    expect(inDefault).toHaveLength(1);
    expect(
      inDefault[0]!.equals(DataFactory.quad(namedNode(`${EX}a`), namedNode(`${EX}p`), literal('in default'))),
    ).toBe(true);
    expect(await store.match(null, null, literal('in default'), namedNode(`${EX}g1`))).toEqual([]);
  });

  it('canonicalises literals and lower-cases language tags on load (engine behaviour we document)', async () => {
    const objects = (await sample().match(namedNode(`${EX}b`))).map((q) => q.object);
    const decimal = objects.find((o) => o.termType === 'Literal' && o.datatype.value === `${XSD}decimal`);
    expect(decimal?.value).toBe('1');
    expect(objects.some((o) => o.termType === 'Literal' && o.language === 'en-gb')).toBe(true);
  });

  it('refuses bad data with a StoreError that says which input and where', () => {
    const store = createOxigraphStore();
    expect(() =>
      store.load([{ data: '<http://e/s> <http://e/p> .', format: 'text/turtle', graph: `${EX}g` }]),
    ).toThrowError(
      new StoreError(
        `Cannot load text/turtle data into <${EX}g>: Parser error at line 1 column 27: . is not a valid RDF object`,
      ),
    );
  });
});

describe('createOxigraphStore: query datasets', () => {
  const select = 'SELECT ?s WHERE { ?s ?p ?o }';

  it('queries the union of all graphs by default', async () => {
    const result = await sample().query(select);
    expect(result.type).toBe('bindings');
    if (result.type !== 'bindings') return;
    expect(values(result.rows, 's')).toEqual([`${EX}a`, `${EX}b`, `${EX}b`, `${EX}c`]);
  });

  it('uses dataset.defaultGraphs as the default graph and dataset.namedGraphs for GRAPH', async () => {
    const store = sample();
    const only = await store.query(select, { dataset: { defaultGraphs: [`${EX}g2`] } });
    expect(only.type === 'bindings' && values(only.rows, 's')).toEqual([`${EX}c`]);
    const none = await store.query(select, { dataset: { defaultGraphs: [] } });
    expect(none.type === 'bindings' && none.rows).toEqual([]);
    const named = await store.query('SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }', {
      dataset: { namedGraphs: [`${EX}g1`] },
    });
    expect(named.type === 'bindings' && values(named.rows, 'g')).toEqual([`${EX}g1`]);
  });

  it('honours FROM when no dataset is given, and lets a given dataset override it', async () => {
    const store = sample();
    const from = `SELECT ?s FROM <${EX}g1> WHERE { ?s ?p ?o }`;
    const own = await store.query(from);
    expect(own.type === 'bindings' && values(own.rows, 's')).toEqual([`${EX}b`, `${EX}b`]);
    const overridden = await store.query(from, { dataset: { defaultGraphs: [`${EX}g2`] } });
    expect(overridden.type === 'bindings' && values(overridden.rows, 's')).toEqual([`${EX}c`]);
  });

  it('resolves relative IRIs against baseIri', async () => {
    const result = await sample().query('ASK { <a> ?p ?o }', { baseIri: EX });
    expect(result).toEqual({ type: 'boolean', value: true });
  });
});

describe('createOxigraphStore: tagged results', () => {
  it('gives SELECT variables in projection order, even with no rows, and leaves unbound ones out', async () => {
    const store = sample();
    const empty = await store.query('SELECT ?z ?a WHERE { ?a <http://nothing/> ?z }');
    expect(empty).toEqual({ type: 'bindings', variables: ['z', 'a'], rows: [] });
    const optional = await store.query(
      `SELECT ?s ?lang WHERE { ?s <${EX}p> ?o OPTIONAL { FILTER(lang(?o) != "") BIND(lang(?o) AS ?lang) } } ORDER BY ?s`,
    );
    if (optional.type !== 'bindings') throw new Error('expected bindings');
    expect(optional.variables).toEqual(['s', 'lang']);
    expect(optional.rows.filter((row) => !row.has('lang')).length).toBeGreaterThan(0);
  });

  it('returns literals with datatype and language, and blank nodes', async () => {
    const result = await sample().query(`SELECT ?o WHERE { GRAPH ?g { ?s <${EX}p> ?o } } ORDER BY STR(?o)`);
    if (result.type !== 'bindings') throw new Error('expected bindings');
    const terms = result.rows.map((row) => row.get('o')!);
    expect(terms.map((t) => t.termType).sort()).toEqual(['BlankNode', 'Literal', 'Literal']);
    expect(terms.some((t) => t.equals(literal('1', namedNode(`${XSD}decimal`))))).toBe(true);
    expect(terms.some((t) => t.equals(literal('Hi', 'en-gb')))).toBe(true);
  });

  it('answers ASK with a boolean and CONSTRUCT with default-graph quads', async () => {
    const store = sample();
    expect(await store.query(`ASK { <${EX}zzz> ?p ?o }`)).toEqual({ type: 'boolean', value: false });
    const result = await store.query(`CONSTRUCT { ?s <${EX}q> ?o } WHERE { GRAPH <${EX}g1> { ?s ?p ?o } }`);
    if (result.type !== 'quads') throw new Error('expected quads');
    expect(result.quads).toHaveLength(2);
    expect(result.quads.every((q) => q.predicate.value === `${EX}q` && q.graph.termType === 'DefaultGraph')).toBe(true);
  });

  it('passes checkQuery errors through (the store never runs an update)', async () => {
    const store = sample();
    await expect(store.query('DROP ALL')).rejects.toThrowError(QueryCheckError);
    expect(await store.size()).toBe(4);
  });
});

describe('createOxigraphStore: queryRaw', () => {
  const select = `SELECT ?s ?o WHERE { <${EX}b> ?p ?o BIND(<${EX}b> AS ?s) } ORDER BY ?o`;

  it('writes SPARQL JSON, XML, CSV and TSV', async () => {
    const store = sample();
    const json = JSON.parse(await store.queryRaw(select, 'application/sparql-results+json'));
    expect(json.head.vars).toEqual(['s', 'o']);
    expect(json.results.bindings).toHaveLength(2);
    expect(await store.queryRaw(select, 'application/sparql-results+xml')).toMatch(
      /^<\?xml[^>]*>\s*<sparql xmlns="http:\/\/www.w3.org\/2005\/sparql-results#">/,
    );
    expect(await store.queryRaw(select, 'text/csv; charset=utf-8')).toBe(`s,o\r\n${EX}b,1\r\n${EX}b,Hi\r\n`);
    expect(await store.queryRaw(select, 'text/tab-separated-values')).toBe(
      `?s\t?o\n<${EX}b>\t"1"^^<${XSD}decimal>\n<${EX}b>\t"Hi"@en-gb\n`,
    );
  });

  it('writes graph results in the RDF formats, and they parse back', async () => {
    const store = sample();
    const construct = `CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <${EX}g1> { ?s ?p ?o } }`;
    for (const type of ['text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig'] as const) {
      const body = await store.queryRaw(construct, type);
      expect(new Parser({ format: type }).parse(body)).toHaveLength(2);
    }
    expect(await store.queryRaw(construct, 'application/rdf+xml')).toContain('<rdf:RDF');
  });

  it('refuses a media type that does not fit the form, listing what does', async () => {
    const store = sample();
    await expect(store.queryRaw('ASK {}', 'text/csv')).rejects.toThrowError(
      new StoreError(
        'Cannot write ASK results as text/csv; supported: application/sparql-results+json, application/sparql-results+xml',
      ),
    );
    await expect(
      store.queryRaw('CONSTRUCT WHERE { ?s ?p ?o }', 'application/sparql-results+json'),
    ).rejects.toThrowError(
      /^Cannot write CONSTRUCT results as application\/sparql-results\+json; supported: text\/turtle, /,
    );
  });
});
