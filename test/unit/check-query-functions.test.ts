// checkQuery's function allow-list: every SPARQL 1.1 built-in, aggregate and XSD cast (as the specification
// text lists them, test/fixtures/sparql/spec-functions.json) is accepted; any other function IRI, and any IRI
// in a namespace stores execute, is refused wherever the query puts it, naming it and its position.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkQuery, QueryCheckError } from '../../src/store/check-query.ts';
import {
  AGGREGATES,
  BUILT_IN_CALLS,
  EXTENSION_FUNCTIONS,
  XSD_CASTS,
  isAllowedFunction,
} from '../../src/store/query-functions.ts';
import { STORE_EXTENSION_NAMESPACES } from '../../src/vocab.ts';

/** Written by scripts/sparql-spec-functions.ts from the SPARQL 1.1 Recommendation (grammar §19.8, §17.5). */
const SPEC = JSON.parse(readFileSync(new URL('../fixtures/sparql/spec-functions.json', import.meta.url), 'utf8')) as {
  builtInCalls: { keyword: string; production: number; calls: string[] }[];
  aggregates: { keyword: string; production: number; calls: string[] }[];
  xsdCasts: string[];
};

function refusal(text: string, baseIri?: string): QueryCheckError {
  try {
    checkQuery(text, baseIri ? { baseIri } : {});
  } catch (error) {
    if (error instanceof QueryCheckError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

const upper = (words: readonly string[]) => new Set(words.map((w) => w.toUpperCase()));

describe('the allow-list is the specification’s', () => {
  it('lists the built-in calls of grammar [121] and no others', () => {
    expect(upper(BUILT_IN_CALLS)).toEqual(upper(SPEC.builtInCalls.map((c) => c.keyword)));
    expect(BUILT_IN_CALLS.length).toBe(SPEC.builtInCalls.length);
  });

  it('lists the aggregates of grammar [127] and no others', () => {
    expect(upper(AGGREGATES)).toEqual(upper(SPEC.aggregates.map((c) => c.keyword)));
  });

  it('lists the XSD casts of §17.5 and no others; no extension functions', () => {
    expect(new Set(XSD_CASTS)).toEqual(new Set(SPEC.xsdCasts));
    expect(SPEC.xsdCasts).toHaveLength(7);
    expect(EXTENSION_FUNCTIONS).toEqual([]);
  });
});

describe('every SPARQL 1.1 built-in is accepted, in every form its grammar allows', () => {
  const calls = SPEC.builtInCalls.flatMap((c) => c.calls.map((call) => [c.keyword, call] as const));
  it.each(calls)('%s: %s', (_, call) => {
    expect(checkQuery(`SELECT (${call} AS ?v) WHERE { ?s ?p ?x }`).form).toBe('SELECT');
    expect(checkQuery(`ASK { ?s ?p ?x FILTER (${call}) }`).form).toBe('ASK');
  });

  const aggregates = SPEC.aggregates.flatMap((c) => c.calls.map((call) => [c.keyword, call] as const));
  it.each(aggregates)('%s: %s', (_, call) => {
    expect(checkQuery(`SELECT ?s (${call} AS ?v) WHERE { ?s ?p ?x } GROUP BY ?s HAVING (${call})`).form).toBe('SELECT');
  });

  it.each(SPEC.xsdCasts)('the cast <%s>, by IRI and by prefixed name', (iri) => {
    const local = iri.slice(iri.indexOf('#') + 1);
    expect(checkQuery(`SELECT (<${iri}>(?x) AS ?v) WHERE { ?s ?p ?x }`).form).toBe('SELECT');
    expect(
      checkQuery(
        `PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> SELECT ?s WHERE { ?s ?p ?x FILTER (xsd:${local}(?x) = ?x) } ORDER BY xsd:${local}(?x)`,
      ).form,
    ).toBe('SELECT');
  });

  it('accepts the operators, IN and NOT IN', () => {
    const text =
      'SELECT ((-?x + +?x) * ?x / 2 - 1 AS ?v) WHERE { ?s ?p ?x FILTER (!(?x IN (1, 2)) && ?x NOT IN (3) || ?x = 1 || ?x != 2 || ?x < 1 || ?x > 1 || ?x <= 1 || ?x >= 1) }';
    expect(checkQuery(text).form).toBe('SELECT');
  });
});

describe('any other function IRI is refused, naming it and where it is', () => {
  const F = 'http://example.org/fn#f';
  const P = `PREFIX fn: <http://example.org/fn#> PREFIX ex: <http://example.org/>\n`;
  const shapes: [string, string][] = [
    ['SELECT projection', 'SELECT (fn:f(?o) AS ?v) WHERE { ?s ?p ?o }'],
    ['BIND', 'SELECT * WHERE { ?s ?p ?o BIND (fn:f(?o) AS ?v) }'],
    ['FILTER', 'SELECT * WHERE { ?s ?p ?o FILTER (fn:f(?o)) }'],
    ['FILTER, nested in a built-in', 'SELECT * WHERE { ?s ?p ?o FILTER (STRLEN(STR(fn:f(?o))) > 1) }'],
    ['IF and COALESCE arguments', 'SELECT (IF(BOUND(?o), COALESCE(fn:f(?o)), 0) AS ?v) WHERE { ?s ?p ?o }'],
    ['HAVING', 'SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (fn:f(?s))'],
    ['ORDER BY', 'SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(fn:f(?o))'],
    ['ORDER BY, bare call', 'SELECT * WHERE { ?s ?p ?o } ORDER BY fn:f(?o)'],
    ['GROUP BY, bare call', 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY fn:f(?o)'],
    ['GROUP BY, with AS', 'SELECT ?g WHERE { ?s ?p ?o } GROUP BY (fn:f(?o) AS ?g)'],
    ['inside an aggregate', 'SELECT (SUM(fn:f(?o)) AS ?n) WHERE { ?s ?p ?o }'],
    ['as a custom aggregate', 'SELECT (fn:f(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }'],
    ['GROUP_CONCAT argument', 'SELECT (GROUP_CONCAT(fn:f(?o); SEPARATOR=",") AS ?n) WHERE { ?s ?p ?o }'],
    ['sub-query', 'SELECT * WHERE { { SELECT (fn:f(?o) AS ?v) WHERE { ?s ?p ?o } } }'],
    ['sub-query ORDER BY', 'SELECT * WHERE { { SELECT ?o WHERE { ?s ?p ?o } ORDER BY fn:f(?o) LIMIT 1 } }'],
    ['OPTIONAL', 'SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r FILTER (fn:f(?r)) } }'],
    ['UNION', 'SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p ?o BIND (fn:f(?o) AS ?v) } }'],
    ['MINUS', 'SELECT * WHERE { ?s ?p ?o MINUS { ?s ?q ?r FILTER (fn:f(?r)) } }'],
    ['GRAPH', 'SELECT * WHERE { GRAPH ?g { ?s ?p ?o FILTER (fn:f(?o)) } }'],
    ['FILTER EXISTS', 'SELECT * WHERE { ?s ?p ?o FILTER EXISTS { ?o ?q ?r FILTER (fn:f(?r)) } }'],
    ['FILTER NOT EXISTS', 'SELECT * WHERE { ?s ?p ?o FILTER NOT EXISTS { ?o ?q ?r BIND (fn:f(?r) AS ?x) } }'],
    ['IN list', 'SELECT * WHERE { ?s ?p ?o FILTER (?o IN (1, fn:f(?o))) }'],
    ['ASK', 'ASK { ?s ?p ?o FILTER (fn:f(?o)) }'],
    ['CONSTRUCT', 'CONSTRUCT { ?s ?p ?v } WHERE { ?s ?p ?o BIND (fn:f(?o) AS ?v) }'],
    ['DESCRIBE', 'DESCRIBE ?s WHERE { ?s ?p ?o FILTER (fn:f(?o)) }'],
  ];
  it.each(shapes)('%s', (_, query) => {
    const error = refusal(P + query);
    expect(error.reason).toBe('function');
    expect(error.iri).toBe(F);
    const column = query.indexOf('fn:f') + 1;
    expect([error.line, error.column]).toEqual([2, column]);
    expect(error.message).toMatch(
      new RegExp(`^Function <${F.replace(/[.#]/g, '\\$&')}> \\(line 2, column ${column}\\) is not allowed: `),
    );
  });

  it('refuses XSD constructors §17.5 does not list', () => {
    for (const local of ['date', 'time', 'duration', 'dateTimeStamp', 'anyURI', 'int', 'long'])
      expect(refusal(`SELECT (<http://www.w3.org/2001/XMLSchema#${local}>("1") AS ?v) {}`).reason).toBe('function');
    expect(isAllowedFunction('http://www.w3.org/2001/XMLSchema#integer')).toBe(true);
  });

  it('refuses function libraries stores offer (XPath fn:, Jena afn:, GeoSPARQL geof:)', () => {
    for (const iri of [
      'http://www.w3.org/2005/xpath-functions#concat',
      'http://jena.apache.org/ARQ/function#localname',
      'http://www.opengis.net/def/function/geosparql/distance',
    ]) {
      const error = refusal(`SELECT (<${iri}>("a", "b") AS ?v) {}`);
      expect(error.reason).toBe('function');
      expect(error.iri).toBe(iri);
    }
  });

  it('reports the first refusal in the text and counts the others', () => {
    const error = refusal(
      'PREFIX ex: <http://example.org/>\nSELECT ?s WHERE {\n  ?s ?p ?o\n  BIND (ex:second(?o) AS ?b)\n  FILTER (ex:first(?o) || ex:third(?o))\n}\nORDER BY ex:first(?s)',
    );
    // The walk meets BIND before FILTER only by accident of the parse: the text order decides.
    expect([error.iri, error.line, error.column]).toEqual(['http://example.org/second', 4, 9]);
    expect(error.message).toMatch(
      / 2 more refused: <http:\/\/example\.org\/(first|third)>, <http:\/\/example\.org\/(first|third)>\.$/,
    );
  });

  it('locates an IRI written relative to the base, in full, or after comments and strings that mention it', () => {
    expect(refusal('BASE <http://example.org/>\nSELECT (<f>(1) AS ?v) {}')).toMatchObject({
      iri: 'http://example.org/f',
      line: 2,
      column: 9,
    });
    expect(refusal('SELECT (<f>(1) AS ?v) {}', 'http://example.org/')).toMatchObject({ line: 1, column: 9 });
    const error = refusal(
      'SELECT ?v WHERE {\n  # <http://example.org/f>(1) in a comment\n  BIND ("<http://example.org/f>(1)" AS ?w)\n  BIND (<http://example.org/f>(2) AS ?v)\n}',
    );
    expect([error.line, error.column]).toEqual([4, 9]);
  });

  it('is not fooled by function names in strings, comments or ordinary IRIs', () => {
    const text =
      '# <bif:http_get>("http://169.254.169.254/")\nSELECT ?s WHERE { ?s <http://example.org/bif:http_get> "<bif:http_get>(1)" ; ?p """sql:x(1)""" }';
    expect(checkQuery(text).form).toBe('SELECT');
  });
});

describe('IRIs in namespaces stores execute are refused anywhere', () => {
  const positions: [string, string, string][] = [
    ['as a predicate (Virtuoso free text)', 'SELECT * WHERE { ?s ?p ?o . ?o <bif:contains> "x" }', 'bif:contains'],
    ['as a function (Virtuoso SSRF)', 'SELECT (<bif:http_get>("http://127.0.0.1/") AS ?v) {}', 'bif:http_get'],
    [
      'a stored procedure',
      'SELECT (<sql:RDF_GRAPH_USER_PERMS_GET>("g", "u") AS ?v) {}',
      'sql:RDF_GRAPH_USER_PERMS_GET',
    ],
    ['in a property path', 'SELECT * WHERE { ?s <http://e/p>/<bif:contains> "x" }', 'bif:contains'],
    ['inverse, in an alternative', 'SELECT * WHERE { ?s (<http://e/p>|^<sql:proc>)* ?o }', 'sql:proc'],
    ['in a negated property set', 'SELECT * WHERE { ?s !(<http://e/p>|<bif:contains>) ?o }', 'bif:contains'],
    ['as a subject', 'SELECT * WHERE { <bif:x> ?p ?o }', 'bif:x'],
    ['as an object', 'SELECT * WHERE { ?s ?p <sql:x> }', 'sql:x'],
    ['as a literal datatype', 'SELECT * WHERE { ?s ?p "1"^^<bif:x> }', 'bif:x'],
    ['in VALUES', 'SELECT * WHERE { VALUES ?f { <bif:http_get> } ?s ?p ?o }', 'bif:http_get'],
    ['in trailing VALUES', 'SELECT * WHERE { ?s ?p ?o } VALUES ?o { <sql:x> }', 'sql:x'],
    ['as a GRAPH name', 'SELECT * WHERE { GRAPH <bif:g> { ?s ?p ?o } }', 'bif:g'],
    ['in FROM', 'SELECT * FROM <sql:x> WHERE { ?s ?p ?o }', 'sql:x'],
    ['in FROM NAMED', 'SELECT * FROM NAMED <bif:x> WHERE { GRAPH ?g { ?s ?p ?o } }', 'bif:x'],
    ['in a CONSTRUCT template', 'CONSTRUCT { ?s <bif:contains> ?o } WHERE { ?s ?p ?o }', 'bif:contains'],
    ['as a DESCRIBE target', 'DESCRIBE <bif:x>', 'bif:x'],
    ['in a sub-query', 'SELECT * WHERE { { SELECT ?s WHERE { ?s <bif:contains> "x" } } }', 'bif:contains'],
    ['in OPTIONAL', 'SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o <bif:contains> "x" } }', 'bif:contains'],
    ['in MINUS', 'SELECT * WHERE { ?s ?p ?o MINUS { ?o <bif:contains> "x" } }', 'bif:contains'],
    ['in EXISTS', 'ASK { ?s ?p ?o FILTER EXISTS { ?o <bif:contains> "x" } }', 'bif:contains'],
    ['in BIND', 'SELECT * WHERE { BIND (<bif:x> AS ?v) }', 'bif:x'],
    ['in a comparison', 'SELECT * WHERE { ?s ?p ?o FILTER (?p = <bif:contains>) }', 'bif:contains'],
    ['scheme in capitals', 'SELECT * WHERE { ?s <BIF:contains> "x" }', 'BIF:contains'],
    [
      'OpenLink namespace IRI',
      'SELECT * WHERE { ?s <http://www.openlinksw.com/schemas/bif#contains> "x" }',
      'http://www.openlinksw.com/schemas/bif#contains',
    ],
  ];
  it.each(positions)('%s', (_, query, iri) => {
    const error = refusal(query);
    expect(error.iri).toBe(iri);
    expect(['function', 'extension-namespace']).toContain(error.reason);
    expect([error.line, error.column]).toEqual([1, query.indexOf(`<${iri}>`) + 1]);
    expect(error.message).toContain(`<${iri}>`);
  });

  it.each(STORE_EXTENSION_NAMESPACES.map((ns) => [ns.store, ns.namespace] as const))(
    '%s: %s as a predicate',
    (store, namespace) => {
      const error = refusal(`SELECT * WHERE { ?s <${namespace}search> "x" }`);
      expect(error.reason).toBe('extension-namespace');
      expect(error.message).toContain(`in the ${store} namespace`);
    },
  );

  it('keeps GeoSPARQL and other data vocabularies usable', () => {
    expect(
      checkQuery(
        'PREFIX geo: <http://www.opengis.net/ont/geosparql#> SELECT ?wkt WHERE { ?s geo:hasGeometry/geo:asWKT ?wkt }',
      ).form,
    ).toBe('SELECT');
  });
});

describe('characters a store could read differently', () => {
  it('refuses a NUL character, with its position', () => {
    const error = refusal('SELECT * WHERE {\n ?s ?p "a\u0000b" }');
    expect(error.reason).toBe('syntax');
    expect([error.line, error.column]).toEqual([2, 10]);
  });
});
