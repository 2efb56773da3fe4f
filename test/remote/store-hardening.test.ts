// Defence in depth (issue 18): the store itself, asked directly on its anonymous endpoint (bypassing our
// query check), refuses what scripts/virtuoso.sh takes away: the network (bif:http_get in every form, which
// Virtuoso has no setting to forbid), configuration-file reads, directory listings, updates, LOAD, sponging,
// query-uri/xslt-uri and procedures the account is not granted. What Virtuoso 7.2 cannot refuse is pinned
// too, so that docs/backends.md stays true. Through our endpoint, a query the store refuses gets our words.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSparqlServer, type TestServer } from '../e2e/sparql-server.ts';

const virtuoso = inject('virtuoso');
let canary: Server;
let canaryHits = 0;
let canaryUrl = '';

beforeAll(async () => {
  canary = createServer((_req, res) => {
    canaryHits++;
    res.end('CANARY-BODY');
  });
  canary.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => canary.once('listening', resolve));
  canaryUrl = `http://127.0.0.1:${(canary.address() as AddressInfo).port}/ssrf`;
});

afterAll(async () => {
  canary?.closeAllConnections();
  await new Promise((resolve) => canary?.close(resolve));
});

/** A query sent straight to Virtuoso's anonymous /sparql, as an attacker who reached it would. */
async function direct(query: string): Promise<{ status: number; text: string }> {
  const res = await fetch(virtuoso.sparql, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json' },
    body: new URLSearchParams({ query }).toString(),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: res.status, text: await res.text() };
}

describe('the store, asked directly', () => {
  it('runs without network (VIRTUOSO_NO_EGRESS): nothing else stops bif:http_get in Virtuoso 7.2', () => {
    expect(
      virtuoso.noEgress,
      'scripts/virtuoso.sh could not start the store in its own network namespace (unshare --user --net); ' +
        'the store can then fetch any URL for the anonymous account',
    ).toBe(true);
  });

  it('refuses bif:http_get and the HTTP client in every form, and the canary is never called', async () => {
    const before = canaryHits;
    const forms = [
      `SELECT (<bif:http_get>("${canaryUrl}") AS ?v) WHERE {}`,
      // Its own proxy argument ("" = none) overrides the ini's HTTPProxyServer: only the namespace holds here.
      `SELECT (<bif:http_get>("${canaryUrl}", 0, "GET", "", "", "") AS ?v) WHERE {}`,
      `SELECT (<bif:http_get>("${canaryUrl}", 0, "POST", "Content-Type: text/plain", "body", "") AS ?v) WHERE {}`,
      `SELECT (<bif:HTTP_GET>("${canaryUrl}", 0, "GET", "", "", "") AS ?v) WHERE {}`,
      `PREFIX b: <bif:> SELECT (b:http_get("${canaryUrl}", 0, "GET", "", "", "") AS ?v) WHERE {}`,
      `SELECT (<bif:http_client>("${canaryUrl}") AS ?v) WHERE {}`,
      `SELECT * WHERE { ?s ?p ?o FILTER (STRLEN(<bif:http_get>("${canaryUrl}", 0, "GET", "", "", "")) > 0) } LIMIT 1`,
    ];
    for (const query of forms) {
      const { status, text } = await direct(query);
      expect(status, `${query}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(text, query).toMatch(/HC001|Connection Error|connect/i);
      expect(text, query).not.toContain('CANARY-BODY');
    }
    expect(canaryHits - before).toBe(0);
  });

  it('refuses reading its configuration file and users, writing files, listing directories and the environment', async () => {
    const ini = `${virtuoso.dir}/virtuoso.ini`;
    const cases: [string, RegExp][] = [
      [`SELECT (<bif:file_to_string>("${ini}") AS ?v) WHERE {}`, /SP031.*security restrictions/],
      [`SELECT (<bif:file_to_string_output>("${ini}") AS ?v) WHERE {}`, /SP031.*security restrictions/],
      [`SELECT (<bif:sys_dirlist>("${virtuoso.dir}", 1) AS ?v) WHERE {}`, /SR159.*restricted to DBA/],
      [`SELECT (<bif:getenv>("PATH") AS ?v) WHERE {}`, /SR159.*restricted to DBA/],
      [`SELECT (<bif:system>("id") AS ?v) WHERE {}`, /SP031.*security restrictions/],
      [`SELECT (<bif:registry_set>("x", "1") AS ?v) WHERE {}`, /SP031.*security restrictions/],
      [
        `SELECT (<bif:string_to_file>("${virtuoso.dir}/load/x", "a", -2) AS ?v) WHERE {}`,
        /SP031.*security restrictions/,
      ],
      [`SELECT (<bif:connection_set>("a", 1) AS ?v) WHERE {}`, /SP031.*security restrictions/],
      // bif:exec runs SQL as the account (not refused by Virtuoso 7.2.5, see below); the account's SQL rights hold.
      [`SELECT (<bif:exec>("select U_NAME, U_PASSWORD from DB.DBA.SYS_USERS") AS ?v) WHERE {}`, /SQ033.*access denied/],
    ];
    for (const [query, refusal] of cases) {
      const { status, text } = await direct(query);
      expect(status, `${query}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(text, query).toMatch(refusal);
    }
  });

  it('refuses updates, LOAD, sponging FROM a remote IRI, and procedures not granted to the account', async () => {
    const before = canaryHits;
    const cases: [string, RegExp][] = [
      ['INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }', /SR186/],
      [`LOAD <${canaryUrl}> INTO GRAPH <http://example.org/g>`, /SR186|permission|SECURITY/i],
      [`DEFINE get:soft "replace" SELECT * FROM <${canaryUrl}> WHERE { ?s ?p ?o }`, /SR186.*RDF_SPONGE_UP/],
      [`DEFINE input:grab-all "yes" SELECT * WHERE { <${canaryUrl}> ?p ?o }`, /SR186|permission|SECURITY/i],
      ['SELECT (<sql:RDF_GRAPH_USER_PERMS_GET>("g", "nobody") AS ?v) WHERE {}', /SR186.*No permission to execute/],
    ];
    for (const [query, refusal] of cases) {
      const { status, text } = await direct(query);
      expect(status, `${query}: ${text}`).toBeGreaterThanOrEqual(400);
      expect(text, query).toMatch(refusal);
    }
    expect(canaryHits - before).toBe(0);
  });

  it('refuses query-uri and xslt-uri (ExternalQuerySource, ExternalXsltSource)', async () => {
    const before = canaryHits;
    const requests: Record<string, string>[] = [{ 'query-uri': canaryUrl }, { query: 'ASK {}', 'xslt-uri': canaryUrl }];
    for (const params of requests) {
      const res = await fetch(`${virtuoso.sparql}?${new URLSearchParams(params)}`, {
        signal: AbortSignal.timeout(30_000),
      });
      await res.arrayBuffer();
      expect(res.status, JSON.stringify(params)).toBe(403);
    }
    expect(canaryHits - before).toBe(0);
  });

  it('still answers some configuration reads (Virtuoso 7.2 has no setting for them): only our check refuses those', async () => {
    // Pinned so that docs/backends.md ("What the store cannot refuse") is corrected when this changes.
    const ini = await direct('SELECT (<bif:virtuoso_ini_path>() AS ?v) WHERE {}');
    expect(ini.status).toBe(200);
    expect(JSON.parse(ini.text).results.bindings[0].v.value).toBe(`${virtuoso.dir}/virtuoso.ini`);
    const dirs = await direct(
      'SELECT (<bif:cfg_item_value>(<bif:virtuoso_ini_path>(), "Parameters", "DirsAllowed") AS ?v) WHERE {}',
    );
    expect(dirs.status).toBe(200);
    expect(JSON.parse(dirs.text).results.bindings[0].v.value).toBe(`${virtuoso.dir}/load`); // the empty one
    const version = await direct('SELECT (<bif:sys_stat>("st_dbms_ver") AS ?v) WHERE {}');
    expect(version.status).toBe(200);
    // SQL as the anonymous account, bounded by its SQL rights only (upstream refuses bif:exec in later builds).
    const sql = await direct('SELECT (<bif:exec>("select count(*) from DB.DBA.RDF_QUAD") AS ?v) WHERE {}');
    expect(sql.status).toBe(200);
  });
});

describe('through our endpoint on this store', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startSparqlServer();
  });
  afterAll(() => server?.close());

  it('words a query the store refuses: our 400, the useful part, no banner; the store text in our log', async () => {
    const cases: [string, string][] = [
      [
        'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } HAVING (COUNT(*) > 0)',
        'The SPARQL store refused this query: HAVING clause should be preceded by a GROUP BY clause',
      ],
      [
        'SELECT (GROUP_CONCAT(?o) AS ?g) WHERE { ?s ?p ?o }',
        'The SPARQL store could not evaluate this query (error SR183)',
      ],
      ['SELECT (1/0 AS ?v) WHERE { }', 'The SPARQL store could not evaluate this query: Division by 0.'],
    ];
    for (const [query, message] of cases) {
      const logged = server.storeErrors.length;
      const res = await fetch(`${server.url}/sparql?${new URLSearchParams({ query })}`, {
        headers: { Accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
      });
      const text = await res.text();
      expect(res.status, text).toBe(400);
      const json = JSON.parse(text);
      expect(json).toMatchObject({ reason: 'engine' });
      expect(json.detail).toBe(`The query engine could not run this query: ${message}`);
      expect(text).not.toMatch(/Virtuoso|DB\.DBA|SPARQL query:|big-data-const|07\.20|\/tmp\//);
      expect(server.storeErrors.length).toBe(logged + 1);
      expect(server.storeErrors.at(-1)).toMatch(/Virtuoso \w{5} Error/);
      expect(server.storeErrors.at(-1)).toContain(`| query: `);
    }
  });
});
