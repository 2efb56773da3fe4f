// A real client: Debian's python3-rdflib dereferences IRIs by content negotiation and loads every dump.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResource, descriptionQuads } from '../../src/http/describe.ts';
import { iris } from '../../src/vocab.ts';
import { BASE, type Fixture, startFixture } from '../e2e/publisher-fixture.ts';
import { canonical, parseRdf, triplesOf } from '../e2e/publisher-parse.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

// Reads a JSON job on stdin; prints, per IRI, the Content-Type rdflib saw and the graph as N-Triples,
// and per dump the number of triples (or quads) rdflib loaded.
const SCRIPT = String.raw`
import gzip, json, sys, urllib.request
from rdflib import ConjunctiveGraph, Graph
job = json.load(sys.stdin)
out = {"iris": {}, "dumps": {}}
for url in job["iris"]:
    g = Graph()
    g.parse(url)
    out["iris"][url] = g.serialize(format="nt")
for url, fmt in job["dumps"]:
    data = urllib.request.urlopen(urllib.request.Request(url, headers={"Accept-Encoding": "identity"})).read()
    if url.endswith(".gz"):
        data = gzip.decompress(data)
    if fmt in ("nquads", "trig", "json-ld"):
        g = ConjunctiveGraph()
        g.parse(data=data, format=fmt)
        out["dumps"][url] = len(list(g.quads((None, None, None, None))))
    else:
        g = Graph()
        g.parse(data=data, format=fmt)
        out["dumps"][url] = len(g)
print(json.dumps(out))
`;

const RDFLIB_FORMATS: Record<string, string> = {
  nq: 'nquads',
  trig: 'trig',
  ttl: 'turtle',
  nt: 'nt',
  jsonld: 'json-ld',
  rdf: 'xml',
};

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.running.close();
});

async function python(job: unknown): Promise<{ iris: Record<string, string>; dumps: Record<string, number> }> {
  const child = run(PYTHON, ['-c', SCRIPT], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  child.child.stdin!.end(JSON.stringify(job));
  const { stdout } = await child;
  return JSON.parse(stdout);
}

describe('python3-rdflib', () => {
  it('dereferences IRIs by content negotiation and gets the store description', async () => {
    const paths = ['id/city/tokyo', 'id/meeting/2001-10', 'id/quote/38-5-44', 'ontology/hostCity'];
    const result = await python({ iris: paths.map((p) => `${f.url}/${p}`), dumps: [] });
    for (const path of paths) {
      const iri = path.startsWith('ontology/') ? `https://w3id.org/anmc21/${path}` : BASE + path;
      const expected = descriptionQuads((await describeResource(f.store, iri, { iris: iris(BASE) }))!);
      const got = await parseRdf(result.iris[`${f.url}/${path}`], 'application/n-triples');
      expect(got.length, path).toBeGreaterThan(0);
      expect(await canonical(got), path).toBe(await canonical(triplesOf(expected)));
    }
    // rdflib's default Accept prefers RDF/XML: the server must have answered in it.
    expect(f.logs.filter((l) => l.includes('GET /id/city/tokyo 200 application/rdf+xml '))).toHaveLength(1);
  });

  it('loads every dump, plain and gzip, with the expected number of statements', async () => {
    const names = (await readdir(f.distDir)).filter((n) => /^anmc21\./.test(n));
    const quadCount = await f.store.size();
    const tripleCount = new Set(
      (await f.store.match()).map(
        (q) =>
          `${q.subject.value} ${q.predicate.value} ${q.object.termType}${q.object.value}@${(q.object as { language?: string }).language ?? ''}^^${(q.object as { datatype?: { value: string } }).datatype?.value ?? ''}`,
      ),
    ).size;
    const job = names.map((n) => [
      `${f.url}/dumps/${n}`,
      RDFLIB_FORMATS[n.replace(/^anmc21\./, '').replace(/\.gz$/, '')],
    ]);
    const result = await python({ iris: [], dumps: job });
    expect(Object.keys(result.dumps)).toHaveLength(12);
    for (const [url] of job) {
      // The dumps of syntaxes with named graphs keep them (N-Quads, TriG, JSON-LD), as the real build's.
      const dataset = /\.(nq|trig|jsonld)(\.gz)?$/.test(url as string);
      expect(result.dumps[url as string], url as string).toBe(dataset ? quadCount : tripleCount);
    }
  });
});
