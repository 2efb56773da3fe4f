// Comunica 4 (`comunica-sparql`, installed in tools/comunica by .ci/run) as a real client, with its
// defaults: as a SPARQL-endpoint client of /sparql, and as a Linked Data client dereferencing entity
// documents (its Accept ranks N-Quads first, so it reads a document's default graph). Every answer is
// compared with our endpoint's own answer to the same query: rows as multisets of terms (language and
// datatype included; in order under ORDER BY), booleans, graphs by their N-Triples.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/server.ts';
import { realConfig } from '../support/real-dist.ts';
import { serveOnTestBackend } from '../e2e/publisher-fixture.ts';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COMUNICA = path.join(ROOT, 'tools/comunica/node_modules/.bin/comunica-sparql');
const ID = 'https://w3id.org/anmc21/id/';

interface SrjTerm {
  type: string;
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}
type Row = Record<string, SrjTerm>;

/** A term as one comparable string: kind, value, language (lower case) or datatype (xsd:string implied). */
function termKey(t: SrjTerm | undefined): string {
  if (!t) return '-';
  if (t.type === 'uri') return `<${t.value}>`;
  if (t.type === 'bnode') return '_:';
  const lang = t['xml:lang'];
  if (lang) return `"${t.value}"@${lang.toLowerCase()}`;
  const datatype = t.datatype && t.datatype !== 'http://www.w3.org/2001/XMLSchema#string' ? t.datatype : '';
  return `"${t.value}"${datatype ? `^^${datatype}` : ''}`;
}
const rowKeys = (vars: string[], rows: Row[]) => rows.map((r) => vars.map((v) => termKey(r[v])).join(' '));

let serving: Serving;
let endpoint: string;
const counts = { queries: 0, rows: 0, documents: 0, documentRows: 0 };

beforeAll(async () => {
  if (!existsSync(COMUNICA))
    throw new Error(`Comunica is not installed at ${COMUNICA}: run npm ci --prefix tools/comunica (.ci/run does)`);
  serving = await serveOnTestBackend(await realConfig(), { log: () => {}, handleSignals: false });
  endpoint = `${serving.url}/sparql`;
});
afterAll(async () => {
  await serving?.close();
  console.log(
    `comunica: ${counts.queries} SPARQL queries (${counts.rows} rows) through /sparql and ${counts.documents} entity documents (${counts.documentRows} rows) as Linked Data, each equal to our endpoint's answer`,
  );
});

/** comunica-sparql with its defaults against a source, the result in the given format. */
async function comunica(source: string, query: string, format: string): Promise<string> {
  const { stdout } = await run(COMUNICA, [source, '-q', query, '-t', format], {
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** Our endpoint's own answer. */
async function ours(query: string, accept: string): Promise<string> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query }),
    signal: AbortSignal.timeout(30_000),
  });
  expect(res.status, query).toBe(200);
  return res.text();
}

/** Compare a SELECT as Comunica answers it from `source` with our endpoint's answer. */
async function sameSelect(source: string, query: string, ordered: boolean): Promise<number> {
  const theirs = JSON.parse(await comunica(source, query, 'application/sparql-results+json'));
  const mine = JSON.parse(await ours(query, 'application/sparql-results+json'));
  const vars: string[] = mine.head.vars;
  const a = rowKeys(vars, theirs.results.bindings);
  const b = rowKeys(vars, mine.results.bindings);
  expect(ordered ? a : [...a].sort(), query).toEqual(ordered ? b : [...b].sort());
  return b.length;
}

const stored = readdirSync(path.join(ROOT, 'queries'))
  .filter((f) => f.endsWith('.rq'))
  .map((f) => ({ name: f, text: readFileSync(path.join(ROOT, 'queries', f), 'utf8') }));

describe('comunica-sparql as a SPARQL endpoint client', () => {
  const selects = [
    ...stored.map((q) => ({ name: q.name, text: q.text, ordered: /ORDER BY/i.test(q.text) })),
    {
      name: 'labels of Tokyo in every language',
      text: `SELECT ?l WHERE { <${ID}city/tokyo> <http://www.w3.org/2000/01/rdf-schema#label> ?l }`,
      ordered: false,
    },
    {
      name: 'triples per graph',
      text: 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g',
      ordered: true,
    },
    {
      name: 'coordinates (xsd:decimal)',
      text: 'PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> SELECT ?c ?lat ?long WHERE { ?c geo:lat ?lat ; geo:long ?long } ORDER BY ?c',
      ordered: true,
    },
  ];
  for (const q of selects) {
    it(`SELECT: ${q.name}`, async () => {
      counts.rows += await sameSelect(`sparql@${endpoint}`, q.text, q.ordered);
      counts.queries++;
    });
  }

  it('ASK, true and false', async () => {
    for (const [query, expected] of [
      [`ASK { <${ID}city/tokyo> ?p ?o }`, true],
      [`ASK { <${ID}city/osaka> ?p ?o }`, false],
    ] as const) {
      const theirs = (await comunica(`sparql@${endpoint}`, query, 'simple')).trim();
      const mine = JSON.parse(await ours(query, 'application/sparql-results+json')).boolean;
      expect(mine).toBe(expected);
      expect(theirs).toBe(String(expected));
      counts.queries++;
    }
  });

  it('CONSTRUCT: the same triples', async () => {
    const query = `CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE { ?s a <https://schema.org/City> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }`;
    const lines = (text: string) => [...new Set(text.split('\n').filter((l) => l.trim() !== ''))].sort();
    const theirs = lines(await comunica(`sparql@${endpoint}`, query, 'application/n-triples'));
    const mine = lines(await ours(query, 'application/n-triples'));
    expect(theirs.length).toBeGreaterThan(100);
    expect(theirs).toEqual(mine);
    counts.queries++;
    counts.rows += mine.length;
  });
});

describe('comunica-sparql as a Linked Data client of entity documents', () => {
  // Every city, and one entity of each other kind.
  const paths = [
    ...['tokyo', 'seoul', 'taipei', 'bangkok', 'jakarta', 'kuala-lumpur', 'manila', 'ulaanbaatar', 'yangon'].map(
      (c) => `id/city/${c}`,
    ),
    ...['singapore', 'tomsk', 'hanoi', 'delhi', 'beijing'].map((c) => `id/city/${c}`),
    'id/network/anmc21',
    'id/meeting/2001-10',
    'id/membership/beijing',
    'id/person/ishihara-shintaro',
    'id/declaration/tokyo-2001',
  ];
  for (const path of paths) {
    it(`dereferences ${path}: its default graph and its named graphs answer as our endpoint does`, async () => {
      const iri = ID + path.slice('id/'.length);
      const source = `${serving.url}/${path}`;
      const description = await sameSelect(source, `SELECT DISTINCT ?p ?o WHERE { <${iri}> ?p ?o }`, false);
      expect(description, `${path}: the document's default graph`).toBeGreaterThan(0);
      const graphs = await sameSelect(source, `SELECT DISTINCT ?g ?p ?o WHERE { GRAPH ?g { <${iri}> ?p ?o } }`, false);
      expect(graphs).toBeGreaterThanOrEqual(description);
      counts.documents++;
      counts.documentRows += description + graphs;
    }, 120_000);
  }
});
