// The one format table (src/rdf/formats.ts) and the choice of a format from `format=` and Accept on
// every kind of answer: documents, SELECT, ASK, CONSTRUCT/DESCRIBE. Every name and alias is tried.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/http-error.ts';
import { chooseFormat, DOCUMENT_FORMATS } from '../../src/http/negotiate.ts';
import { chooseResultFormat } from '../../src/http/routes/sparql.ts';
import {
  aliasOffers,
  contentType,
  formatsForQuery,
  HTML,
  JSON_LD,
  lookupFormat,
  mediaTypeOfFile,
  N_QUADS,
  N_TRIPLES,
  RDF_FORMATS,
  RDF_XML,
  RESULTS_CSV,
  RESULTS_FORMATS,
  RESULTS_JSON,
  RESULTS_TSV,
  RESULTS_XML,
  TRIG,
  TURTLE,
  type Format,
  type QueryForm,
} from '../../src/rdf/formats.ts';

function status(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError) return error.status;
    throw error;
  }
  return 200;
}

/** Every `format=` value a client may send, and what it means for a graph and for SELECT/ASK results. */
const NAMES: [string, Format | undefined, Format | undefined][] = [
  // [value, for a graph (documents, CONSTRUCT, DESCRIBE), for SELECT]
  ['ttl', TURTLE, undefined],
  ['turtle', TURTLE, undefined],
  ['n3', TURTLE, undefined],
  ['text/turtle', TURTLE, undefined],
  ['text/n3', TURTLE, undefined],
  ['application/x-turtle', TURTLE, undefined],
  ['nt', N_TRIPLES, undefined],
  ['ntriples', N_TRIPLES, undefined],
  ['n-triples', N_TRIPLES, undefined],
  ['application/n-triples', N_TRIPLES, undefined],
  ['text/plain', N_TRIPLES, undefined],
  ['jsonld', JSON_LD, RESULTS_JSON],
  ['json-ld', JSON_LD, RESULTS_JSON],
  ['application/ld+json', JSON_LD, RESULTS_JSON],
  ['json', JSON_LD, RESULTS_JSON],
  ['application/json', JSON_LD, RESULTS_JSON],
  ['srj', JSON_LD, RESULTS_JSON],
  ['application/sparql-results+json', JSON_LD, RESULTS_JSON],
  ['rdf', RDF_XML, RESULTS_XML],
  ['rdfxml', RDF_XML, RESULTS_XML],
  ['rdf-xml', RDF_XML, RESULTS_XML],
  ['rdf+xml', RDF_XML, RESULTS_XML],
  ['owl', RDF_XML, RESULTS_XML],
  ['application/rdf+xml', RDF_XML, RESULTS_XML],
  ['xml', RDF_XML, RESULTS_XML],
  ['application/xml', RDF_XML, RESULTS_XML],
  ['text/xml', RDF_XML, RESULTS_XML],
  ['srx', RDF_XML, RESULTS_XML],
  ['application/sparql-results+xml', RDF_XML, RESULTS_XML],
  ['nq', N_QUADS, undefined],
  ['nquads', N_QUADS, undefined],
  ['n-quads', N_QUADS, undefined],
  ['application/n-quads', N_QUADS, undefined],
  ['trig', TRIG, undefined],
  ['application/trig', TRIG, undefined],
  ['csv', undefined, RESULTS_CSV],
  ['text/csv', undefined, RESULTS_CSV],
  ['tsv', undefined, RESULTS_TSV],
  ['text/tab-separated-values', undefined, RESULTS_TSV],
];

describe('the format table', () => {
  it('names each format once within a kind, and the W3C format IRI of each syntax', () => {
    for (const kind of [RDF_FORMATS, RESULTS_FORMATS]) {
      const names = kind.flatMap((f: Format) => [f.extension, f.mediaType, ...f.names]);
      expect(new Set(names).size).toBe(names.length);
      for (const f of kind) expect(f.iri).toMatch(/^http:\/\/www\.w3\.org\/ns\/formats\/[\w-]+$/);
    }
    expect(RDF_XML.extension).toBe('rdf'); // one extension for RDF/XML: documents, dumps and results
  });
  it('knows dist/ files and their content types', () => {
    expect(mediaTypeOfFile('anmc21.rdf')).toBe('application/rdf+xml');
    expect(mediaTypeOfFile('anmc21.ttl.gz')).toBe('application/gzip');
    expect(mediaTypeOfFile('mixnmatch.tsv')).toBe('text/tab-separated-values');
    expect(mediaTypeOfFile('README')).toBe('application/octet-stream');
    expect(contentType('application/n-quads')).toBe('application/n-quads; charset=utf-8');
    expect(contentType('application/gzip')).toBe('application/gzip');
  });
  it('offers aliases and family members under the format they stand for', () => {
    const offers = Object.fromEntries(aliasOffers(RDF_FORMATS).map((a) => [a.mediaType, a.format.extension]));
    expect(offers).toMatchObject({
      'application/json': 'jsonld',
      'application/sparql-results+json': 'jsonld',
      'application/xml': 'rdf',
      'application/sparql-results+xml': 'rdf',
      'text/plain': 'nt',
      'text/n3': 'ttl',
    });
    expect(offers['text/turtle']).toBeUndefined(); // a format's own type is never an alias
  });
});

describe('format= means the same on every route and query form', () => {
  const forms: [string, readonly Format[], 'graph' | 'select' | 'ask'][] = [
    ['documents', DOCUMENT_FORMATS, 'graph'],
    ['CONSTRUCT', formatsForQuery('CONSTRUCT'), 'graph'],
    ['DESCRIBE', formatsForQuery('DESCRIBE'), 'graph'],
    ['SELECT', formatsForQuery('SELECT'), 'select'],
    ['ASK', formatsForQuery('ASK'), 'ask'],
  ];
  for (const [value, graph, select] of NAMES) {
    it(`format=${value}`, () => {
      for (const [route, formats, kind] of forms) {
        const want =
          kind === 'graph'
            ? graph
            : kind === 'ask' && select && !('boolean' in select && select.boolean)
              ? undefined
              : select;
        const lookup = lookupFormat(formats, value);
        if (want) {
          expect(lookup, route).toEqual({ found: want });
          expect(chooseFormat(formats, { formatParam: value, accept: 'image/png' }).format, route).toBe(want);
          expect(chooseFormat(formats, { formatParam: value.toUpperCase() }).format, route).toBe(want);
        } else {
          expect('unfit' in lookup, route).toBe(true);
          expect(
            status(() => chooseFormat(formats, { formatParam: value })),
            route,
          ).toBe(406);
        }
      }
    });
  }
  it('takes a repeated format parameter naming one format (SPARQLWrapper), refuses two formats', () => {
    for (const [form, values, want] of [
      ['SELECT', ['tsv', 'text/tab-separated-values'], RESULTS_TSV],
      ['CONSTRUCT', ['rdf+xml', 'application/rdf+xml'], RDF_XML],
      ['CONSTRUCT', ['json-ld', 'application/ld+json'], JSON_LD],
      ['CONSTRUCT', ['json-ld', ''], JSON_LD], // its Accept was */*, sent as an empty value
    ] as [QueryForm, string[], Format][]) {
      expect(chooseResultFormat(form, undefined, values)).toBe(want);
    }
    expect(status(() => chooseResultFormat('SELECT', undefined, ['json', 'csv']))).toBe(400);
  });
  it('refuses unknown names with 400 and unfit ones with 406', () => {
    expect(status(() => chooseResultFormat('SELECT', undefined, ['yaml']))).toBe(400);
    expect(status(() => chooseResultFormat('CONSTRUCT', undefined, ['csv']))).toBe(406);
    expect(status(() => chooseResultFormat('SELECT', undefined, ['ttl']))).toBe(406);
    expect(status(() => chooseResultFormat('ASK', undefined, ['tsv']))).toBe(406);
    expect(status(() => chooseFormat(DOCUMENT_FORMATS, { formatParam: 'html' }))).toBe(200);
    expect(chooseFormat(DOCUMENT_FORMATS, { formatParam: 'htm' }).format).toBe(HTML);
  });
});

describe('Accept on every kind of answer', () => {
  const select = (accept: string) => chooseResultFormat('SELECT', accept, undefined).mediaType;
  const construct = (accept: string) => chooseResultFormat('CONSTRUCT', accept, undefined).mediaType;
  const doc = (accept: string) => chooseFormat(DOCUMENT_FORMATS, { accept }).format.mediaType;
  it('serves generic and family types as the fitting format', () => {
    expect(doc('application/json')).toBe('application/ld+json');
    expect(doc('application/xml')).toBe('application/rdf+xml');
    expect(doc('text/n3')).toBe('text/turtle');
    expect(construct('application/json')).toBe('application/ld+json');
    expect(construct('text/xml')).toBe('application/rdf+xml');
    expect(construct('text/plain')).toBe('application/n-triples');
    expect(select('application/json')).toBe('application/sparql-results+json');
    expect(select('application/xml')).toBe('application/sparql-results+xml');
  });
  it('gives a graph query asking only for results formats an RDF answer (roqet), and the reverse', () => {
    expect(construct('application/sparql-results+xml')).toBe('application/rdf+xml');
    expect(construct('application/sparql-results+json')).toBe('application/ld+json');
    expect(construct('text/csv')).toBe('text/turtle');
    expect(construct('text/tab-separated-values, text/csv;q=0.5')).toBe('text/turtle');
    expect(select('text/turtle')).toBe('application/sparql-results+json');
    expect(status(() => chooseResultFormat('ASK', 'text/csv', undefined))).toBe(406);
    expect(status(() => construct('image/png'))).toBe(406);
    expect(status(() => construct('image/png, text/csv'))).toBe(406);
  });
  it("keeps a format's own type first, and never serves a refused type through an alias", () => {
    expect(doc('application/json, application/n-triples')).toBe('application/n-triples');
    expect(doc('text/turtle;q=0, text/n3, application/trig;q=0.5')).toBe('application/trig');
    expect(status(() => doc('text/turtle;q=0, text/n3'))).toBe(406);
  });
});
