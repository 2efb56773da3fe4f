// Independent clients against the live endpoint: Debian's python3-sparqlwrapper, roqet (rasqal), curl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Parser as N3Parser } from 'n3';
import { startSparqlServer, type TestServer } from '../e2e/sparql-server.ts';

const run = promisify(execFile);
const LABELS_EN =
  'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l { ?s rdfs:label ?l FILTER(lang(?l) = "en") } ORDER BY ?l';
const CONSTRUCT =
  'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l FILTER(lang(?l) = "en") }';
const CITIES = ['Beijing', 'Delhi', 'Seoul', 'Tokyo'];

let server: TestServer;
beforeAll(async () => {
  server = await startSparqlServer({ workers: 2 });
});
afterAll(() => server?.close());

describe('python3-sparqlwrapper', () => {
  // The script prints one line per row (or N-Triples for CONSTRUCT) for the format given.
  const SCRIPT = `
import sys
from SPARQLWrapper import SPARQLWrapper, JSON, XML, CSV, TURTLE
endpoint, fmt, query = sys.argv[1], sys.argv[2], sys.argv[3]
s = SPARQLWrapper(endpoint)
s.setQuery(query)
s.setReturnFormat({'json': JSON, 'xml': XML, 'csv': CSV, 'turtle': TURTLE}[fmt])
result = s.query()
print('CT', result.info()['content-type'])
data = result.convert()
if fmt == 'json':
    for b in data['results']['bindings']:
        print(b['l']['value'])
elif fmt == 'xml':
    for b in data.getElementsByTagName('literal'):
        print(b.firstChild.data)
elif fmt == 'csv':
    for line in data.decode('utf-8').splitlines()[1:]:
        print(line.split(',')[1])
else:
    sys.stdout.write(data.decode('utf-8'))
`;
  const python = (fmt: string, query: string) =>
    run('/usr/bin/python3', ['-c', SCRIPT, `${server.url}/sparql`, fmt, query], { timeout: 30_000 }).then((r) =>
      r.stdout.split('\n'),
    );

  for (const [fmt, type] of [
    ['json', 'application/sparql-results+json'],
    ['xml', 'application/sparql-results+xml'],
    ['csv', 'text/csv'],
  ]) {
    it(`gets the rows as ${fmt}`, async () => {
      const [ct, ...rows] = await python(fmt, LABELS_EN);
      expect(ct).toBe(`CT ${type}; charset=utf-8`);
      expect(rows.filter(Boolean)).toEqual(CITIES);
    });
  }

  it('gets a CONSTRUCT as Turtle', async () => {
    const [ct, ...lines] = await python('turtle', CONSTRUCT);
    expect(ct).toBe('CT text/turtle; charset=utf-8');
    const quads = new N3Parser().parse(lines.join('\n'));
    expect(quads.map((q) => q.object.value).sort()).toEqual(CITIES);
  });
});

describe('roqet (rasqal) over the protocol', () => {
  it('runs a query remotely', async () => {
    const { stdout } = await run('roqet', ['-p', `${server.url}/sparql`, '-e', LABELS_EN, '-r', 'csv'], {
      timeout: 30_000,
    });
    const labels = stdout
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',')[1]);
    expect(labels).toEqual(CITIES);
  });
});

describe('curl with each Accept type', () => {
  const types: [string, (body: string) => void][] = [
    ['application/sparql-results+json', (b) => expect(JSON.parse(b).results.bindings).toHaveLength(4)],
    ['application/sparql-results+xml', (b) => expect(b.match(/<result>/g)).toHaveLength(4)],
    ['text/csv', (b) => expect(b.trimEnd().split('\r\n')).toHaveLength(5)],
    ['text/tab-separated-values', (b) => expect(b.trimEnd().split('\n')).toHaveLength(5)],
  ];
  for (const [accept, check] of types) {
    it(`SELECT as ${accept}`, async () => {
      const { stdout } = await run('curl', [
        '-sS',
        '--max-time',
        '20',
        '-H',
        `Accept: ${accept}`,
        '-w',
        '\n%{content_type}',
        '--data-urlencode',
        `query=${LABELS_EN}`,
        `${server.url}/sparql`,
      ]);
      const at = stdout.lastIndexOf('\n');
      expect(stdout.slice(at + 1)).toBe(`${accept}; charset=utf-8`);
      check(stdout.slice(0, at));
    });
  }
  for (const accept of ['text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig']) {
    it(`CONSTRUCT as ${accept}`, async () => {
      const { stdout } = await run('curl', [
        '-sS',
        '--max-time',
        '20',
        '-G',
        '-H',
        `Accept: ${accept}`,
        '--data-urlencode',
        `query=${CONSTRUCT}`,
        `${server.url}/sparql`,
      ]);
      expect(
        new N3Parser({ format: accept })
          .parse(stdout)
          .map((q) => q.object.value)
          .sort(),
      ).toEqual(CITIES);
    });
  }
  it('CONSTRUCT as application/rdf+xml and application/ld+json', async () => {
    const xml = await run('curl', [
      '-sS',
      '--max-time',
      '20',
      '-G',
      '-H',
      'Accept: application/rdf+xml',
      '--data-urlencode',
      `query=${CONSTRUCT}`,
      `${server.url}/sparql`,
    ]);
    // rapper (raptor2) parses the RDF/XML independently.
    const parsed = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        'rapper',
        ['-q', '-i', 'rdfxml', '-o', 'ntriples', '-', 'http://example.org/'],
        { timeout: 20_000 },
        (error, out) => (error ? reject(error) : resolve(out)),
      );
      child.stdin!.end(xml.stdout);
    });
    expect(
      new N3Parser({ format: 'application/n-triples' })
        .parse(parsed)
        .map((q) => q.object.value)
        .sort(),
    ).toEqual(CITIES);
    const ld = await run('curl', [
      '-sS',
      '--max-time',
      '20',
      '-G',
      '-H',
      'Accept: application/ld+json',
      '--data-urlencode',
      `query=${CONSTRUCT}`,
      `${server.url}/sparql`,
    ]);
    expect((JSON.parse(ld.stdout) as unknown[]).length).toBe(4);
  });
});
