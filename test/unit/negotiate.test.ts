// Accept / Accept-Language / Accept-Encoding parsing and format choice (src/http/negotiate.ts).
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/http-error.ts';
import {
  acceptsEncoding,
  chooseFormat,
  DOCUMENT_FORMATS,
  negotiateLanguage,
  negotiateMediaType,
  parseAccept,
} from '../../src/http/negotiate.ts';

const RDF = ['text/turtle', 'text/html', 'application/ld+json', 'application/n-triples', 'application/rdf+xml'];
const pick = (accept: string | undefined, offers: string[] = RDF) =>
  negotiateMediaType(parseAccept(accept), offers)?.mediaType;

function expectHttpError(fn: () => unknown, status: number, message: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(status);
    expect((err as HttpError).message).toMatch(message);
    return;
  }
  throw new Error('expected an HttpError');
}

describe('parseAccept', () => {
  it('reads types, q-values, parameters and accept-extensions', () => {
    expect(
      parseAccept('Text/HTML;level=1;q=0.5;ext=x, application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'),
    ).toEqual([
      { type: 'text', subtype: 'html', params: { level: '1' }, q: 0.5 },
      { type: 'application', subtype: 'ld+json', params: { profile: 'http://www.w3.org/ns/json-ld#expanded' }, q: 1 },
    ]);
  });
  it('keeps commas and semicolons inside quoted parameters', () => {
    const [range] = parseAccept('application/ld+json;profile="a,b;c"');
    expect(range.params.profile).toBe('a,b;c');
  });
  it('treats an absent or empty header as */*', () => {
    expect(parseAccept(undefined)).toEqual([{ type: '*', subtype: '*', params: {}, q: 1 }]);
    expect(parseAccept('  ')).toEqual([{ type: '*', subtype: '*', params: {}, q: 1 }]);
  });
  it('refuses malformed headers with a 400 naming the bad part', () => {
    expectHttpError(() => parseAccept('text'), 400, /"text" is not a media range/);
    expectHttpError(() => parseAccept('*/html'), 400, /not a media range/);
    expectHttpError(() => parseAccept('text/html;q=2'), 400, /q-value "2"/);
    expectHttpError(() => parseAccept('text/html;q=0.1234'), 400, /at most 3 decimals/);
    expectHttpError(() => parseAccept('text/html;profile="open'), 400, /unterminated/);
    expectHttpError(() => parseAccept('te xt/html'), 400, /not a media range/);
    expectHttpError(() => parseAccept('text/turtle,'.repeat(500)), 400, /too long/);
  });
});

describe('negotiateMediaType', () => {
  it('takes the highest q', () => {
    expect(pick('text/turtle;q=0.5, application/ld+json')).toBe('application/ld+json');
  });
  it('breaks ties by the server order', () => {
    expect(pick('application/ld+json, text/turtle')).toBe('text/turtle');
    expect(pick('*/*')).toBe('text/turtle');
    expect(pick(undefined)).toBe('text/turtle');
  });
  it('gives browsers HTML', () => {
    expect(pick('text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8')).toBe(
      'text/html',
    );
  });
  it('lets the most specific range decide, so q=0 excludes a type a wildcard would admit', () => {
    expect(pick('*/*, text/turtle;q=0')).toBe('text/html');
    expect(pick('text/*;q=0.2, text/html;q=0, application/*;q=0.1')).toBe('text/turtle');
    expect(pick('text/*, text/turtle;q=0.3')).toBe('text/html');
  });
  it('answers nothing when every match has q=0 or nothing matches', () => {
    expect(pick('text/turtle;q=0')).toBeUndefined();
    expect(pick('image/png')).toBeUndefined();
    expect(pick('*/*;q=0')).toBeUndefined();
  });
  it('follows rdflib and the jsonld profile parameter', () => {
    expect(pick('application/rdf+xml,text/rdf+n3;q=0.9,application/xhtml+xml;q=0.5, */*;q=0.1')).toBe(
      'application/rdf+xml',
    );
    const chosen = negotiateMediaType(
      parseAccept('application/ld+json;profile="http://www.w3.org/ns/json-ld#expanded"'),
      RDF,
    );
    expect(chosen?.mediaType).toBe('application/ld+json');
    expect(chosen?.range?.params.profile).toBe('http://www.w3.org/ns/json-ld#expanded');
  });
  it('applies server-side quality', () => {
    const offers = [{ mediaType: 'text/turtle', qs: 0.5 }, { mediaType: 'application/n-triples' }];
    expect(negotiateMediaType(parseAccept('*/*'), offers)?.mediaType).toBe('application/n-triples');
  });
});

describe('chooseFormat', () => {
  it('prefers the extension, then ?format=, then Accept', () => {
    const nt = DOCUMENT_FORMATS.find((f) => f.extension === 'nt')!;
    expect(
      chooseFormat(DOCUMENT_FORMATS, { accept: 'text/html', formatParam: 'ttl', extension: nt }).format.mediaType,
    ).toBe('application/n-triples');
    expect(
      chooseFormat(DOCUMENT_FORMATS, { accept: 'text/html', formatParam: 'application/rdf+xml' }).format.extension,
    ).toBe('rdf');
    expect(chooseFormat(DOCUMENT_FORMATS, { accept: 'application/trig' }).format.extension).toBe('trig');
  });
  it('rejects unknown ?format= with 400 and no acceptable type with 406 listing every type', () => {
    expectHttpError(
      () => chooseFormat(DOCUMENT_FORMATS, { formatParam: 'yaml' }),
      400,
      /Unknown format "yaml".*ttl \(text\/turtle\)/,
    );
    expectHttpError(() => chooseFormat(DOCUMENT_FORMATS, { formatParam: ['ttl', 'nt'] }), 400, /2 different formats/);
    // Repeated values that name one format are one choice (SPARQLWrapper sends the name and the media type).
    expect(chooseFormat(DOCUMENT_FORMATS, { formatParam: ['ttl', 'text/turtle', ''] }).format.extension).toBe('ttl');
    expectHttpError(() => chooseFormat(DOCUMENT_FORMATS, { formatParam: 'csv' }), 406, /cannot carry/);
    expectHttpError(
      () => chooseFormat(DOCUMENT_FORMATS, { accept: 'image/png' }),
      406,
      /Supported: text\/turtle, text\/html, application\/ld\+json, application\/n-triples, application\/rdf\+xml, application\/n-quads, application\/trig/,
    );
  });
});

describe('negotiateLanguage', () => {
  const available = ['zh-Hant', 'en', 'ja'];
  it('matches by prefix and q, falling back to the primary subtag', () => {
    expect(negotiateLanguage('ja;q=0.5, en-GB;q=0.9', available)).toBe('en'); // en-GB at 0.9 takes en over ja at 0.5
    expect(negotiateLanguage('en-GB, ja;q=0.5', available)).toBe('en');
    expect(negotiateLanguage('zh-TW', available)).toBe('zh-Hant');
    expect(negotiateLanguage('zh', available)).toBe('zh-Hant');
    expect(negotiateLanguage('fr', available)).toBeUndefined();
    expect(negotiateLanguage('fr, *;q=0.1', available)).toBe('zh-Hant');
    expect(negotiateLanguage(undefined, available)).toBeUndefined();
  });
});

describe('acceptsEncoding', () => {
  it('reads gzip, q=0 and the wildcard', () => {
    expect(acceptsEncoding('gzip, deflate, br', 'gzip')).toBe(true);
    expect(acceptsEncoding('gzip;q=0, *', 'gzip')).toBe(false);
    expect(acceptsEncoding('*', 'gzip')).toBe(true);
    expect(acceptsEncoding(undefined, 'gzip')).toBe(false);
    expect(acceptsEncoding('identity', 'gzip')).toBe(false);
  });
});
