// Independent clients against the live endpoint: Debian's python3-sparqlwrapper, roqet (rasqal), curl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Parser as N3Parser } from 'n3';
import { startSparqlServer, type TestServer } from '../e2e/sparql-server.ts';

const run = promisify(execFile);
/** curl with a time limit and an Accept header, the query URL-encoded; `extra`: more arguments and the URL. */
const curl = (accept: string, query: string, extra: string[]) =>
  run('curl', ['-sS', '--max-time', '20', '-H', `Accept: ${accept}`, '--data-urlencode', `query=${query}`, ...extra]);
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

describe('python3-sparqlwrapper: every return format on every query form, with and without setOnlyConneg', () => {
  // One run of the client over the whole matrix; it prints one JSON line per request. (Debian's
  // SPARQLWrapper refuses its own JSONLD setting without the old rdflib-jsonld package; `format=json-ld`
  // is tried in test/unit/formats.test.ts and the e2e tier.)
  const SCRIPT = `
import sys, json, warnings
from urllib.error import HTTPError
import SPARQLWrapper as W
warnings.simplefilter('ignore')
endpoint = sys.argv[1]
queries = json.loads(sys.argv[2])
formats = {'json': W.JSON, 'xml': W.XML, 'csv': W.CSV, 'tsv': W.TSV, 'turtle': W.TURTLE, 'n3': W.N3, 'rdf': W.RDF, 'rdfxml': W.RDFXML}
import csv, io, rdflib
def answer(form, name, mediatype, data):
    # What the client read, comparable with the endpoint's own answer: the ?l values of the SELECT,
    # the ASK boolean, the number of triples of a graph (parsed by rdflib where SPARQLWrapper gives bytes).
    if form in ('CONSTRUCT', 'DESCRIBE'):
        if isinstance(data, bytes):
            g = rdflib.Graph()
            g.parse(data=data.decode('utf-8'), format='turtle' if mediatype == 'text/turtle' else 'nt')
            return len(g)
        return len(data)
    if mediatype == 'application/sparql-results+json':
        return data['boolean'] if form == 'ASK' else sorted(b['l']['value'] for b in data['results']['bindings'])
    if mediatype == 'application/sparql-results+xml':
        if form == 'ASK':
            return data.getElementsByTagName('boolean')[0].firstChild.data == 'true'
        return sorted(b.getElementsByTagName('literal')[0].firstChild.data
                      for b in data.getElementsByTagName('binding') if b.getAttribute('name') == 'l')
    text = data.decode('utf-8') if isinstance(data, bytes) else data
    rows = list(csv.DictReader(io.StringIO(text), dialect='excel-tab' if mediatype == 'text/tab-separated-values' else 'excel'))
    key = 'l' if mediatype == 'text/csv' else '?l'
    return sorted(r[key].rsplit('@', 1)[0].strip('"') if mediatype != 'text/csv' else r[key] for r in rows)
for form, query in queries.items():
    for name, fmt in formats.items():
        for conneg in (False, True):
            s = W.SPARQLWrapper(endpoint)
            s.setQuery(query)
            s.setReturnFormat(fmt)
            s.setOnlyConneg(conneg)
            out = {'form': form, 'format': name, 'conneg': conneg}
            try:
                result = s.query()
                out['status'] = result.response.status
                out['type'] = result.info()['content-type'].split(';')[0]
                out['answer'] = answer(form, name, out['type'], result.convert())
            except HTTPError as e:
                out['status'] = e.code
            except Exception as e:
                out['status'] = getattr(getattr(e, 'response', None), 'status', None) or str(type(e).__name__)
                if hasattr(e, 'args') and e.args and 'HTTP Error 406' in str(e.args[0]): out['status'] = 406
            print(json.dumps(out))
`;
  const QUERIES = {
    SELECT: LABELS_EN,
    ASK: 'ASK { ?s ?p ?o }',
    CONSTRUCT,
    DESCRIBE: 'DESCRIBE <https://w3id.org/anmc21/id/city/tokyo>',
  };
  const SRJ = 'application/sparql-results+json';
  const SRX = 'application/sparql-results+xml';
  const JSONLD = 'application/ld+json';
  const RDFXML = 'application/rdf+xml';
  const TTL = 'text/turtle';
  /** What each return format gets per kind of query: a media type, or 406 (a format that cannot carry the answer). */
  const EXPECTED: Record<string, { select: string | number; ask: string | number; graph: string | number }> = {
    json: { select: SRJ, ask: SRJ, graph: JSONLD },
    xml: { select: SRX, ask: SRX, graph: RDFXML },
    csv: { select: 'text/csv', ask: 406, graph: 406 },
    tsv: { select: 'text/tab-separated-values', ask: 406, graph: 406 },
    turtle: { select: 406, ask: 406, graph: TTL },
    n3: { select: 406, ask: 406, graph: TTL },
    rdf: { select: SRX, ask: SRX, graph: RDFXML },
    rdfxml: { select: SRX, ask: SRX, graph: RDFXML },
  };
  /** With setOnlyConneg the client sends only Accept: `*\/*` where it has no type for the pair. */
  const CONNEG: Record<string, { select: string | number; ask: string | number; graph: string | number }> = {
    ...EXPECTED,
    csv: { select: 'text/csv', ask: 406, graph: TTL },
    tsv: { select: 'text/tab-separated-values', ask: 406, graph: TTL },
    // Its JSON on a graph query sends `*\/*` (it has no JSON-LD here): the default, Turtle.
    json: { select: SRJ, ask: SRJ, graph: TTL },
    turtle: { select: SRJ, ask: SRJ, graph: TTL },
    n3: { select: SRJ, ask: SRJ, graph: TTL },
    rdf: { select: SRJ, ask: SRJ, graph: TTL },
    rdfxml: { select: SRJ, ask: SRJ, graph: RDFXML },
  };

  it('gets the answer its settings ask for, or a 406 where the format cannot carry it (64 requests)', async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', SCRIPT, `${server.url}/sparql`, JSON.stringify(QUERIES)], {
      timeout: 120_000,
    });
    const rows = stdout
      .trim()
      .split('\n')
      .map(
        (line) => JSON.parse(line) as { form: string; format: string; conneg: boolean; status: number; type?: string },
      );
    expect(rows).toHaveLength(4 * 8 * 2);
    const got = rows.map(
      (r) => `${r.form} ${r.format}${r.conneg ? ' conneg' : ''}: ${r.status === 200 ? r.type : r.status}`,
    );
    const want = rows.map((r) => {
      const kind = r.form === 'SELECT' ? 'select' : r.form === 'ASK' ? 'ask' : 'graph';
      return `${r.form} ${r.format}${r.conneg ? ' conneg' : ''}: ${(r.conneg ? CONNEG : EXPECTED)[r.format]![kind]}`;
    });
    expect(got).toEqual(want);
    // What the client read equals our endpoint's own answer, for every request that succeeded.
    const own = async (query: string, accept: string) =>
      (
        await fetch(`${server.url}/sparql`, {
          method: 'POST',
          headers: { accept, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ query }),
        })
      ).text();
    const graphSize = async (query: string) =>
      new N3Parser({ format: 'application/n-triples' }).parse(await own(query, 'application/n-triples')).length;
    const expectedAnswer: Record<string, unknown> = {
      SELECT: JSON.parse(await own(LABELS_EN, 'application/sparql-results+json'))
        .results.bindings.map((b: { l: { value: string } }) => b.l.value)
        .sort(),
      ASK: JSON.parse(await own(QUERIES.ASK, 'application/sparql-results+json')).boolean,
      CONSTRUCT: await graphSize(CONSTRUCT),
      DESCRIBE: await graphSize(QUERIES.DESCRIBE),
    };
    expect(expectedAnswer.SELECT).toEqual(CITIES);
    const answered = rows.filter((r) => r.status === 200);
    expect(answered.length).toBeGreaterThan(40);
    for (const r of answered)
      expect((r as { answer?: unknown }).answer, `${r.form} ${r.format}${r.conneg ? ' conneg' : ''}`).toEqual(
        expectedAnswer[r.form],
      );
    console.log(
      `SPARQLWrapper: ${rows.length} requests (4 query forms × 8 return formats × setOnlyConneg off/on), ${answered.length} answers equal to the endpoint's own, ${rows.length - answered.length} refused with 406 where the format cannot carry the answer`,
    );
  }, 180_000);
});

describe('roqet (rasqal) over the protocol', () => {
  it('runs an ASK remotely', async () => {
    // roqet 0.9 reads every service answer as variable bindings (a boolean shows as 0 results, from any
    // endpoint), so the answer is checked as roqet requests it, and roqet must finish without an error.
    const { stderr } = await run('roqet', ['-p', `${server.url}/sparql`, '-e', 'ASK { ?s ?p ?o }'], {
      timeout: 30_000,
    });
    expect(stderr).not.toMatch(/error/i);
    const res = await fetch(`${server.url}/sparql?${new URLSearchParams({ query: 'ASK { ?s ?p ?o }' })}`, {
      headers: { accept: 'application/sparql-results+xml' },
    });
    expect(res.headers.get('content-type')).toBe('application/sparql-results+xml; charset=utf-8');
    expect(await res.text()).toMatch(/<boolean>true<\/boolean>/);
  });
  it('gets RDF for a CONSTRUCT though it asks every query for SPARQL results XML', async () => {
    // roqet sends `Accept: application/sparql-results+xml` whatever the form; its reader then expects
    // results XML, so the check is on what the endpoint answers to that request.
    const { stdout } = await curl('application/sparql-results+xml', CONSTRUCT, [
      '-G',
      '-w',
      '\n%{http_code} %{content_type}',
      `${server.url}/sparql`,
    ]);
    expect(stdout.slice(stdout.lastIndexOf('\n') + 1)).toBe('200 application/rdf+xml; charset=utf-8');
    const { stderr } = await run('roqet', ['-p', `${server.url}/sparql`, '-e', CONSTRUCT], { timeout: 30_000 });
    expect(stderr).not.toMatch(/406|Not Acceptable/);
  });
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
      const { stdout } = await curl(accept, LABELS_EN, ['-w', '\n%{content_type}', `${server.url}/sparql`]);
      const at = stdout.lastIndexOf('\n');
      expect(stdout.slice(at + 1)).toBe(`${accept}; charset=utf-8`);
      check(stdout.slice(0, at));
    });
  }
  for (const accept of ['text/turtle', 'application/n-triples', 'application/n-quads', 'application/trig']) {
    it(`CONSTRUCT as ${accept}`, async () => {
      const { stdout } = await curl(accept, CONSTRUCT, ['-G', `${server.url}/sparql`]);
      expect(
        new N3Parser({ format: accept })
          .parse(stdout)
          .map((q) => q.object.value)
          .sort(),
      ).toEqual(CITIES);
    });
  }
  it('CONSTRUCT as application/rdf+xml and application/ld+json', async () => {
    const xml = await curl('application/rdf+xml', CONSTRUCT, ['-G', `${server.url}/sparql`]);
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
    const ld = await curl('application/ld+json', CONSTRUCT, ['-G', `${server.url}/sparql`]);
    expect((JSON.parse(ld.stdout) as unknown[]).length).toBe(4);
  });
});
