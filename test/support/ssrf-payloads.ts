// Issue 18's payloads: store functions (Virtuoso's bif:http_get, configuration reads, sql: procedures,
// magic predicates) and the places in a query they hide in. Used by the functions suite
// (test/e2e/sparql-functions.test.ts) and the hostile battery (test/e2e/hostile-battery.test.ts).

/** A payload: an expression (or a graph pattern, then tested as EXISTS { … }) and the IRI it must be refused for. */
export interface Payload {
  name: string;
  prologue?: string;
  expression?: string;
  pattern?: string;
  iri: string;
}

/** The payloads, calling `canaryUrl` where an SSRF would (a server that must never be called). */
export const ssrfPayloads = (canaryUrl: string): Payload[] => [
  { name: 'bif:http_get (SSRF)', expression: `<bif:http_get>("${canaryUrl}")`, iri: 'bif:http_get' },
  {
    name: 'bif:http_get with its own proxy argument',
    expression: `<bif:http_get>("${canaryUrl}", 0, "GET", "", "", "")`,
    iri: 'bif:http_get',
  },
  {
    name: 'bif:http_get by prefixed name',
    prologue: 'PREFIX b: <bif:>',
    expression: `b:http_get("${canaryUrl}")`,
    iri: 'bif:http_get',
  },
  {
    name: 'http_get in the OpenLink bif# namespace',
    prologue: 'PREFIX b: <http://www.openlinksw.com/schemas/bif#>',
    expression: `b:http_get("${canaryUrl}")`,
    iri: 'http://www.openlinksw.com/schemas/bif#http_get',
  },
  { name: 'bif:virtuoso_ini_path', expression: '<bif:virtuoso_ini_path>()', iri: 'bif:virtuoso_ini_path' },
  {
    name: 'bif:cfg_item_value (DirsAllowed)',
    expression: '<bif:cfg_item_value>("virtuoso.ini", "Parameters", "DirsAllowed")',
    iri: 'bif:cfg_item_value',
  },
  { name: 'bif:sys_stat (version)', expression: '<bif:sys_stat>("st_dbms_ver")', iri: 'bif:sys_stat' },
  { name: 'bif:registry_get', expression: '<bif:registry_get>("__next_free_port")', iri: 'bif:registry_get' },
  { name: 'bif:username', expression: '<bif:username>()', iri: 'bif:username' },
  {
    name: 'sql: procedure call',
    expression: '<sql:RDF_GRAPH_USER_PERMS_GET>("g", "nobody")',
    iri: 'sql:RDF_GRAPH_USER_PERMS_GET',
  },
  { name: 'magic predicate bif:contains', pattern: '?o <bif:contains> "tokyo"', iri: 'bif:contains' },
  {
    name: 'Jena property function',
    pattern: '?list <http://jena.apache.org/ARQ/list#member> ?m',
    iri: 'http://jena.apache.org/ARQ/list#member',
  },
];

/** Where a payload hides: each place wraps an expression. */
export const HIDING_PLACES: readonly [string, (e: string) => string][] = [
  ['SELECT projection', (e) => `SELECT (${e} AS ?v) WHERE { ?s ?p ?o }`],
  ['sub-query', (e) => `SELECT ?v WHERE { { SELECT (${e} AS ?v) WHERE { ?s ?p ?o } LIMIT 1 } }`],
  ['OPTIONAL', (e) => `SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?r FILTER (${e}) } }`],
  ['BIND', (e) => `SELECT * WHERE { ?s ?p ?o BIND (${e} AS ?v) }`],
  ['ORDER BY', (e) => `SELECT ?s WHERE { ?s ?p ?o } ORDER BY DESC(${e}) LIMIT 1`],
  ['aggregate', (e) => `SELECT ?s (SAMPLE(${e}) AS ?v) WHERE { ?s ?p ?o } GROUP BY ?s`],
  ['FILTER EXISTS in UNION', (e) => `ASK { { ?s ?p ?o } UNION { ?s ?p ?o FILTER EXISTS { BIND (${e} AS ?v) } } }`],
];
