// The publisher end to end: the app on port 0 over the fixture dataset, called with fetch.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResource, descriptionQuads } from '../../src/http/describe.ts';
import { quadKey } from '../../src/rdf/terms.ts';
import { DOCUMENT_FORMATS } from '../../src/http/negotiate.ts';
import { keepsGraphs } from '../../src/http/send-document.ts';
import { iris } from '../../src/vocab.ts';
import { BASE, type Fixture, startFixture } from './publisher-fixture.ts';
import { canonical, parseRdf, triplesOf } from './publisher-parse.ts';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.running.close();
});

const get = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  fetch(f.url + path, { headers, redirect: 'manual', ...init });
/** A GET whose request target is sent byte for byte (no URL normalisation). */
async function rawGet(target: string): Promise<{ status: number; body: string }> {
  const { request } = await import('node:http');
  const { hostname, port } = new URL(f.url);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}
const mediaTypeOf = (res: Response) => res.headers.get('content-type')?.split(';')[0];

const RDF_FORMATS = DOCUMENT_FORMATS.filter((fmt) => fmt.mediaType !== 'text/html');
const RESOURCES = [
  'id/city/tokyo', // with a blank node (CBD) and inverse links
  'id/meeting/2001-10',
  'id/membership/beijing', // conflicting values from two graphs
  'id/quote/38-5-44',
  'id/statement/2c3d4e5f60718293',
  'id/reference/b1c2d3e4f5061728',
  'id/source/article',
  'ontology/City',
];

describe('every format of every kind of resource parses back to the store description', () => {
  for (const path of RESOURCES) {
    for (const format of RDF_FORMATS) {
      it(`${path} as ${format.mediaType}`, async () => {
        const iri = path.startsWith('ontology/') ? `https://w3id.org/anmc21/${path}` : BASE + path;
        const expected = descriptionQuads((await describeResource(f.store, iri, { iris: iris(BASE) }))!);
        // A syntax with named graphs holds every triple in the default graph and, beside it, each in the
        // graphs asserting it (what Linked Data clients read, and what GRAPH ?g finds); the others merge.
        const want = await canonical(keepsGraphs(format) ? [...triplesOf(expected), ...expected] : triplesOf(expected));
        for (const res of [
          await get(`/${path}`, { accept: format.mediaType }),
          await get(`/${path}.${format.extension}`),
        ]) {
          expect(res.status).toBe(200);
          expect(res.headers.get('content-type')).toBe(`${format.mediaType}; charset=utf-8`);
          const quads = await parseRdf(await res.text(), format.mediaType);
          expect(await canonical(keepsGraphs(format) ? quads : triplesOf(quads))).toBe(want);
        }
      });
    }
  }

  it('compacts JSON-LD with the published context (ontology/context.jsonld) losslessly', async () => {
    const g = await startFixture({ contextFile: 'ontology/context.jsonld' });
    try {
      for (const path of RESOURCES) {
        const doc = await (await fetch(`${g.url}/${path}`, { headers: { accept: 'application/ld+json' } })).json();
        expect(typeof doc['@context']).toBe('object');
        const nt = await parseRdf(await (await fetch(`${g.url}/${path}.nt`)).text(), 'application/n-triples');
        expect(await canonical(await parseRdf(JSON.stringify(doc), 'application/ld+json')), path).toBe(
          await canonical(nt),
        );
      }
    } finally {
      await g.running.close();
    }
  });

  it('keeps the asserting graphs in TriG and N-Quads, beside the description in the default graph', async () => {
    for (const ext of ['nq', 'trig']) {
      const type = ext === 'nq' ? 'application/n-quads' : 'application/trig';
      const quads = await parseRdf(await (await get(`/id/membership/beijing.${ext}`)).text(), type);
      const withdrawn = quads.filter(
        (q) => q.predicate.value.endsWith('/withdrawn') && q.subject.value.endsWith('/membership/beijing'),
      );
      expect(withdrawn.map((q) => `${q.object.value} ${q.graph.value || '(default)'}`).sort(), ext).toEqual([
        '2005-08-30 (default)',
        `2005-08-30 ${BASE}graph/supplements`,
        '2005-09 (default)',
        `2005-09 ${BASE}graph/article`,
      ]);
      // Every triple of the document is in its default graph, once.
      const inDefault = quads.filter((q) => q.graph.termType === 'DefaultGraph');
      const named = new Set(
        quads.filter((q) => q.graph.termType !== 'DefaultGraph').map((q) => quadKey(triplesOf([q])[0]!)),
      );
      expect(new Set(inDefault.map(quadKey)).size).toBe(inDefault.length);
      expect([...named].every((k) => inDefault.some((q) => quadKey(q) === k))).toBe(true);
    }
  });

  it('includes inverse links, the labels of linked resources and provenance with its reference and quote', async () => {
    const quads = await parseRdf(await (await get('/id/city/tokyo.nt')).text(), 'application/n-triples');
    const has = (s: string, p: string, o: string) =>
      quads.some((q) => q.subject.value === s && q.predicate.value === p && q.object.value === o);
    expect(has(`${BASE}id/meeting/2001-10`, 'https://w3id.org/anmc21/ontology/hostCity', `${BASE}id/city/tokyo`)).toBe(
      true,
    );
    expect(has(`${BASE}id/membership/5`, 'http://www.w3.org/ns/org#member', `${BASE}id/city/tokyo`)).toBe(true);
    expect(has(`${BASE}id/meeting/2001-10`, 'http://www.w3.org/2000/01/rdf-schema#label', '1st plenary meeting')).toBe(
      true,
    );
    expect(
      has(
        `${BASE}id/statement/0a1b2c3d4e5f6071`,
        'http://www.w3.org/ns/prov#wasDerivedFrom',
        `${BASE}id/reference/a0b1c2d3e4f50617`,
      ),
    ).toBe(true);
    expect(
      has(`${BASE}id/reference/a0b1c2d3e4f50617`, 'http://www.w3.org/ns/oa#hasSelector', `${BASE}id/quote/38-5-44`),
    ).toBe(true);
    expect(
      quads.some(
        (q) => q.subject.value === `${BASE}id/quote/38-5-44` && q.predicate.value === 'http://www.w3.org/ns/oa#exact',
      ),
    ).toBe(true);
    // Not the unrelated Seoul.
    expect(quads.some((q) => q.subject.value === `${BASE}id/city/seoul`)).toBe(false);
  });
});

describe('readable Turtle documents', () => {
  it('open each subject once, with its type first and then its labels', async () => {
    const ttl = await (await get('/id/city/tokyo.ttl')).text();
    const lines = ttl.split('\n');
    const start = lines.findIndex((l) => l.startsWith(`<${BASE}id/city/tokyo> `));
    expect(lines[start]).toMatch(/^<[^>]+> a anmc:City;$/);
    expect(lines[start + 1]).toMatch(/^ {4}rdfs:label /);
    const subjects = lines.filter((l) => /^\S/.test(l) && !l.startsWith('@prefix')).map((l) => l.split(' ')[0]);
    expect(new Set(subjects).size).toBe(subjects.length);
    const trig = await (await get('/id/city/tokyo.trig')).text();
    expect(trig).toContain(
      `<${BASE}id/city/tokyo> a anmc:City;\n    rdfs:label "Tokyo"@en, "東京"@ja, "東京"@zh-hant;`,
    );
  });
});

describe('content negotiation', () => {
  const chosen = async (accept: string | undefined) =>
    mediaTypeOf(await get('/id/city/tokyo', accept === undefined ? {} : { accept }));
  it('follows q-values, wildcards, specificity and the documented defaults', async () => {
    expect(await chosen('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe('text/html'); // browsers
    expect(await chosen('*/*')).toBe('text/turtle'); // curl's default
    expect(await chosen(undefined)).toBe('text/turtle');
    expect(await chosen('application/rdf+xml, */*;q=0.1')).toBe('application/rdf+xml'); // rdflib
    expect(await chosen('*/*;q=0.5, text/turtle;q=0')).toBe('text/html'); // q=0 beats the wildcard
    expect(await chosen('application/ld+json, application/n-triples')).toBe('application/ld+json'); // tie: server order
    expect(await chosen('application/*;q=0.3, application/n-quads;q=0.9')).toBe('application/n-quads');
    expect(await chosen('application/json')).toBe('application/ld+json'); // as most publishers do
    expect(await chosen('application/xml')).toBe('application/rdf+xml');
    expect(await chosen('text/n3')).toBe('text/turtle');
  });
  it('answers 406 listing every supported type, in plain text', async () => {
    const res = await get('/id/city/tokyo', { accept: 'image/png, text/turtle;q=0' });
    expect(res.status).toBe(406);
    const body = await res.text();
    for (const fmt of DOCUMENT_FORMATS) expect(body).toContain(fmt.mediaType);
    expect(res.headers.get('vary')).toMatch(/Accept/);
  });
  it('answers 400 to a malformed Accept', async () => {
    const res = await get('/id/city/tokyo', { accept: 'text/turtle;q=high' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Malformed Accept header: q-value "high"/);
  });
  it('lets an extension or ?format= override Accept; unknown ones are 400/404', async () => {
    expect(mediaTypeOf(await get('/id/city/tokyo.ttl', { accept: 'text/html' }))).toBe('text/turtle');
    expect(mediaTypeOf(await get('/id/city/tokyo?format=nt', { accept: 'text/html' }))).toBe('application/n-triples');
    expect(mediaTypeOf(await get('/id/city/tokyo?format=application/ld%2Bjson'))).toBe('application/ld+json');
    const bad = await get('/id/city/tokyo?format=yaml');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/Unknown format "yaml"/);
    const ext = await get('/id/city/tokyo.yaml', { accept: 'text/turtle' });
    expect(ext.status).toBe(404);
    const body = await ext.text();
    expect(body).toMatch(/\.yaml\\?" is not a format extension/);
    expect(await parseRdf(body, 'text/turtle')).not.toHaveLength(0); // the 404 itself is Turtle
  });
  it('honours the JSON-LD profile: compacted with our context by default, expanded on request', async () => {
    const compacted = await (await get('/id/city/tokyo', { accept: 'application/ld+json' })).json();
    expect(compacted['@context']).toMatchObject({ anmc: 'https://w3id.org/anmc21/ontology/' });
    const expanded = await (
      await get('/id/city/tokyo', { accept: 'application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"' })
    ).json();
    expect(Array.isArray(expanded)).toBe(true);
    expect(JSON.stringify(expanded)).not.toContain('@context');
    expect(JSON.stringify(expanded)).toContain('https://w3id.org/anmc21/ontology/City');
  });
  it('filters labels by ?lang= only when asked, and picks the HTML label language from Accept-Language', async () => {
    const all = await parseRdf(await (await get('/id/city/tokyo.nt')).text(), 'application/n-triples');
    const en = await parseRdf(await (await get('/id/city/tokyo.nt?lang=en')).text(), 'application/n-triples');
    const labelLangs = (qs: typeof all) =>
      new Set(
        qs
          .filter((q) => q.predicate.value.endsWith('#label') && q.object.termType === 'Literal')
          .map((q) => (q.object as { language: string }).language),
      );
    expect([...labelLangs(all)].sort()).toEqual(['en', 'ja', 'zh-hant']);
    expect([...labelLangs(en)]).toEqual(['en']);
    expect(en.length).toBeLessThan(all.length);
    // Non-label literals stay (the quote's exact text has no language and is not a label).
    expect(en.some((q) => q.predicate.value === 'http://www.w3.org/ns/oa#exact')).toBe(true);
    expect((await get('/id/city/tokyo?lang=not a tag')).status).toBe(400);
    const ja = await (await get('/id/city/tokyo', { accept: 'text/html', 'accept-language': 'ja' })).text();
    expect(ja).toMatch(/<h1>東京<\/h1>/);
    expect(ja).toMatch(/<html lang="ja">/);
    const english = await (
      await get('/id/city/tokyo', { accept: 'text/html', 'accept-language': 'en-GB,en;q=0.8' })
    ).text();
    expect(english).toMatch(/<h1>Tokyo<\/h1>/);
  });
});

describe('Cool URIs: 200 with Content-Location, Link headers', () => {
  it('answers the IRI path itself with the representation and names the document', async () => {
    const res = await get('/id/city/tokyo', { accept: 'text/turtle' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-location')).toBe('/id/city/tokyo.ttl');
    expect(res.headers.get('vary')).toMatch(/Accept/);
    const link = res.headers.get('link')!;
    for (const fmt of DOCUMENT_FORMATS)
      expect(link).toContain(`</id/city/tokyo.${fmt.extension}>; rel="alternate"; type="${fmt.mediaType}"`);
    expect(link).toContain('</id/city/tokyo.ttl>; rel="describedby"');
    expect(link).toContain('</sparql>; rel="http://www.w3.org/ns/sparql-service-description#endpoint"');
    const doc = await get('/id/city/tokyo.ttl');
    expect(doc.headers.get('content-location')).toBeNull();
  });
  it('serves the ontology, each term, the dataset, the landing page and the context', async () => {
    const ontology = await parseRdf(await (await get('/ontology', { accept: 'text/turtle' })).text(), 'text/turtle');
    expect(
      ontology.some(
        (q) =>
          q.subject.value === 'https://w3id.org/anmc21/ontology' &&
          q.object.value === 'http://www.w3.org/2002/07/owl#Ontology',
      ),
    ).toBe(true);
    expect((await get('/ontology/hostCity.ttl')).status).toBe(200);
    expect((await get('/ontology/NoSuchTerm')).status).toBe(404);
    const landing = await get('/', { accept: 'text/html' });
    expect(landing.status).toBe(200);
    const html = await landing.text();
    expect(html).toContain('href="/id/city/');
    expect(html).toContain('href="/dumps/anmc21.nq"');
    const landingRdf = await parseRdf(await (await get('/', { accept: 'text/turtle' })).text(), 'text/turtle');
    expect(
      landingRdf.some(
        (q) => q.subject.value === `${BASE}dataset` && q.predicate.value === 'http://rdfs.org/ns/void#triples',
      ),
    ).toBe(true);
    const context = await get('/context.jsonld');
    expect(mediaTypeOf(context)).toBe('application/ld+json');
    expect((await context.json())['@context'].anmc).toBe('https://w3id.org/anmc21/ontology/');
  });
  it('describes the dataset at /.well-known/void with every dump, its size and SHA-256', async () => {
    const res = await get('/.well-known/void', { accept: 'application/n-triples' });
    expect(res.status).toBe(200);
    const quads = await parseRdf(await res.text(), 'application/n-triples');
    const manifest = JSON.parse(await readFile(join(f.distDir, 'manifest.json'), 'utf8')) as {
      files: { name: string; size: number; sha256: string }[];
    };
    const dumps = quads
      .filter((q) => q.predicate.value === 'http://rdfs.org/ns/void#dataDump')
      .map((q) => q.object.value);
    expect(dumps.sort()).toEqual(
      manifest.files
        .filter((x) => !x.name.endsWith('.gz'))
        .map((x) => `${BASE}dumps/${x.name}`)
        .sort(),
    );
    const DCAT = 'http://www.w3.org/ns/dcat#';
    for (const file of manifest.files) {
      // Every file is a dcat:Distribution (the .gz twins with dcat:compressFormat) with its size and checksum.
      const distribution = quads.find(
        (q) => q.predicate.value === `${DCAT}downloadURL` && q.object.value === `${BASE}dumps/${file.name}`,
      )?.subject;
      expect(distribution, file.name).toBeDefined();
      const size = quads.find((q) => q.subject.equals(distribution!) && q.predicate.value === `${DCAT}byteSize`);
      expect(Number(size?.object.value)).toBe(file.size);
      expect(
        quads.some(
          (q) => q.predicate.value === 'http://spdx.org/rdf/terms#checksumValue' && q.object.value === file.sha256,
        ),
      ).toBe(true);
    }
    const total = quads.find(
      (q) => q.subject.value === `${BASE}dataset` && q.predicate.value === 'http://rdfs.org/ns/void#triples',
    );
    // The distinct triples of the union of the graphs: the default graph of every query.
    const distinct = await f.store.query(
      'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }',
    );
    expect(distinct.type === 'bindings' && Number(total?.object.value)).toBe(
      distinct.type === 'bindings' && Number(distinct.rows[0]!.get('n')!.value),
    );
  });
});

describe('caching', () => {
  it('gives strong ETags per representation and 304 on revalidation', async () => {
    const ttl = await get('/id/city/tokyo', { accept: 'text/turtle' });
    const html = await get('/id/city/tokyo', { accept: 'text/html' });
    const etag = ttl.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(html.headers.get('etag')).not.toBe(etag);
    expect(ttl.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const lastModified = ttl.headers.get('last-modified')!;
    expect(new Date(lastModified).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    const again = await get('/id/city/tokyo', { accept: 'text/turtle', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect((await get('/id/city/tokyo', { accept: 'text/turtle', 'if-none-match': '"other"' })).status).toBe(200);
    expect((await get('/id/city/tokyo', { accept: 'text/turtle', 'if-modified-since': lastModified })).status).toBe(
      304,
    );
    expect(
      (await get('/id/city/tokyo', { accept: 'text/turtle', 'if-modified-since': 'Thu, 01 Jan 2026 00:00:00 GMT' }))
        .status,
    ).toBe(200);
  });
  it('answers health uncached with the version and size', async () => {
    const res = await get('/health');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', quads: await f.store.size() });
    expect(body.version).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('dumps', () => {
  it('lists every file with its size and checksum', async () => {
    const list = await (await get('/dumps/', { accept: 'application/json' })).json();
    expect(list.files.map((x: { name: string }) => x.name)).toContain('anmc21.ttl.gz');
    const html = await (await get('/dumps/', { accept: 'text/html' })).text();
    expect(html).toContain('href="/dumps/anmc21.rdf"');
    expect((await get('/dumps')).status).toBe(301);
  });
  it('serves the gzip twin with Content-Encoding when accepted, identical once decoded', async () => {
    const plain = await readFile(join(f.distDir, 'anmc21.ttl'));
    const raw = await get('/dumps/anmc21.ttl', { 'accept-encoding': 'identity' });
    expect(raw.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await raw.arrayBuffer()).equals(plain)).toBe(true);
    // Node's fetch decodes gzip itself; read the bytes with a raw request to see them as sent.
    const { request } = await import('node:http');
    const gz = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(`${f.url}/dumps/anmc21.ttl`, { headers: { 'accept-encoding': 'gzip, br' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(gz.body).equals(plain)).toBe(true);
    expect(gz.headers.etag).not.toBe(raw.headers.get('etag'));
  });
  it('answers byte ranges, suffix ranges, If-Range and unsatisfiable ranges', async () => {
    const plain = await readFile(join(f.distDir, 'anmc21.nq'));
    const part = await get('/dumps/anmc21.nq', { range: 'bytes=10-99', 'accept-encoding': 'identity' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-99/${plain.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(plain.subarray(10, 100))).toBe(true);
    const tail = await get('/dumps/anmc21.nq', { range: 'bytes=-20', 'accept-encoding': 'identity' });
    expect(Buffer.from(await tail.arrayBuffer()).equals(plain.subarray(plain.length - 20))).toBe(true);
    const stale = await get('/dumps/anmc21.nq', {
      range: 'bytes=0-9',
      'if-range': '"stale"',
      'accept-encoding': 'identity',
    });
    expect(stale.status).toBe(200);
    expect((await stale.arrayBuffer()).byteLength).toBe(plain.length);
    const outside = await get('/dumps/anmc21.nq', {
      range: `bytes=${plain.length + 5}-`,
      'accept-encoding': 'identity',
    });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${plain.length}`);
    expect((await get('/dumps/nothing.ttl')).status).toBe(404);
  });
});

describe('CORS, HEAD and methods', () => {
  it('answers preflight and exposes Link and ETag', async () => {
    const pre = await get(
      '/id/city/tokyo',
      {
        origin: 'https://example.org',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'accept',
      },
      { method: 'OPTIONS' },
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    const res = await get('/id/city/tokyo', { origin: 'https://example.org' });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Link.*ETag/);
    expect((await get('/dumps/anmc21.nq')).headers.get('access-control-allow-origin')).toBe('*');
  });
  it('answers HEAD with the GET headers and no body', async () => {
    for (const path of ['/id/city/tokyo', '/', '/dumps/anmc21.ttl', '/.well-known/void', '/id/city/nowhere']) {
      const getRes = await get(path, { accept: 'text/turtle', 'accept-encoding': 'identity' });
      const head = await get(path, { accept: 'text/turtle', 'accept-encoding': 'identity' }, { method: 'HEAD' });
      expect(head.status).toBe(getRes.status);
      expect(head.headers.get('content-type')).toBe(getRes.headers.get('content-type'));
      expect(head.headers.get('content-length')).toBe(getRes.headers.get('content-length'));
      expect(head.headers.get('etag')).toBe(getRes.headers.get('etag'));
      expect(await head.text()).toBe('');
    }
  });
  it('refuses other methods with 405 and Allow', async () => {
    const res = await get('/id/city/tokyo', {}, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toContain('GET');
  });
  it('answers preflight and 405 on every route from the methods it declares', async () => {
    const paths = ['/', '/health', '/assets/site.css', '/.well-known/void', '/dataset.ttl', '/context.jsonld'];
    paths.push('/source', '/dumps/', '/dumps/anmc21.nq', '/ontology', '/id/city/tokyo', '/nothing/here');
    for (const path of paths) {
      const pre = await get(
        path,
        { origin: 'https://example.org', 'access-control-request-method': 'GET' },
        { method: 'OPTIONS' },
      );
      expect(pre.status, path).toBe(204);
      expect(pre.headers.get('access-control-allow-methods'), path).toBe('GET, HEAD, OPTIONS');
      expect(pre.headers.get('access-control-allow-headers'), path).toMatch(/If-None-Match/);
      const post = await get(path, {}, { method: 'POST', body: 'x' });
      expect(post.status, path).toBe(405);
      expect(post.headers.get('allow'), path).toBe('GET, HEAD, OPTIONS');
      expect(post.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });
});

describe('robustness: clear 4xx, never a 500', () => {
  it('refuses traversal, bad percent-encoding and over-long URLs', async () => {
    const cases: [string, number, RegExp][] = [
      ['/%2e%2e/%2e%2e/etc/passwd', 400, /"\.\." segments/],
      ['/dumps/..%2fmanifest.json', 400, /segments/],
      ['/id/city/%E0%A4%A', 400, /percent-encoding/],
      ['/id/city/' + 'x'.repeat(3000), 414, /too long/],
      ['/id/city/%00', 400, /NUL/],
      ['/id/city/to%20kyo', 404, /not the path of an IRI/],
      ['/id//city', 404, /empty path segment/],
      ['/nothing/here', 404, /No resource/],
    ];
    for (const [path, status, message] of cases) {
      // fetch would resolve dot segments before sending; send the target exactly as written.
      const res = await rawGet(path);
      expect(res.status, path).toBe(status);
      expect(res.body, path).toMatch(message);
    }
    expect(f.errors).toEqual([]);
  });
  it('answers 404 in the negotiated format, parseable', async () => {
    for (const fmt of DOCUMENT_FORMATS.filter((x) => x.mediaType !== 'text/html')) {
      const res = await get('/id/city/atlantis', { accept: fmt.mediaType });
      expect(res.status).toBe(404);
      expect(mediaTypeOf(res)).toBe(fmt.mediaType);
      const quads = await parseRdf(await res.text(), fmt.mediaType);
      expect(quads.some((q) => q.object.value.includes('atlantis'))).toBe(true);
    }
    const html = await get('/id/city/atlantis', { accept: 'text/html' });
    expect(mediaTypeOf(html)).toBe('text/html');
    expect(html.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });
  it('escapes the hostile literal in HTML and sets a CSP', async () => {
    const res = await get('/id/city/beijing', { accept: 'text/html' });
    const html = await res.text();
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;');
    expect(html).not.toContain('<script>alert(1)');
    // The only script elements are the page's JSON-LD data block and scripts from this server's /assets.
    const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts)
      expect(tag).toMatch(/^<script (type="application\/ld\+json"|src="\/assets\/[\w./-]+" defer)>$/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('operations', () => {
  it('logs one line per request', async () => {
    const before = f.logs.length;
    await get('/id/meeting/2001-10?probe=log-line');
    await new Promise((r) => setTimeout(r, 20));
    const lines = f.logs.slice(before).filter((l) => l.includes('probe=log-line'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/GET \/id\/meeting\/2001-10\?probe=log-line 200 text\/turtle \d+ [\d.]+ms$/);
  });
  it('lets in-flight requests finish on close and accepts no new ones', async () => {
    const g = await startFixture();
    const inFlight = fetch(`${g.url}/id/city/tokyo.trig`);
    await new Promise((r) => setTimeout(r, 5));
    const closed = g.running.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(100);
    await closed;
    await expect(fetch(`${g.url}/health`)).rejects.toThrow();
  });
});
