// The HTML of the pages for people, rendered from hand-built descriptions: every value escaped (in
// text, attributes and the JSON-LD block), the embedded JSON-LD read back by jsonld.js, labels in the
// page language with a marked fallback, sources per fact and disagreements side by side.

import jsonld from 'jsonld';
import { DataFactory } from 'n3';
import { describe, expect, it } from 'vitest';
import type { Description } from '../../src/http/describe.ts';
import { renderResourcePage } from '../../src/http/pages/resource-page.ts';
import { buildResourceView } from '../../src/http/pages/resource-view.ts';
import { jsonForScript } from '../../src/http/pages/layout.ts';
import { parseQuoteParam, renderSourcePage } from '../../src/http/pages/source.ts';
import { renderTimeline } from '../../src/http/pages/landing.ts';
import { ANMC, DCTERMS, OA, PROV, RDF, RDFS, SCHEMA, WGS84, XSD } from '../../src/vocab.ts';

const { namedNode: iri, literal, quad } = DataFactory;
const BASE = 'https://w3id.org/anmc21/';
const g = (name: string) => iri(`${BASE}graph/${name}`);
const CITY = `${BASE}id/city/x`;
const HOSTILE = '</script><script>alert(1)</script> & "q" \'s\' <b>';

function description(extra: Description['forward'] = []): Description {
  const city = iri(CITY);
  const st1 = iri(`${BASE}id/statement/1`);
  const st2 = iri(`${BASE}id/statement/2`);
  const quote = iri(`${BASE}id/quote/72-105-107`);
  const [ref1, ref2, ref3] = ['a1', 'b2', 'c3'].map((h) => iri(`${BASE}id/reference/${h}`));
  return {
    iri: CITY,
    forward: [
      quad(city, iri(RDF('type')), iri(SCHEMA('City')), g('article')),
      quad(city, iri(RDFS('label')), literal(HOSTILE, 'zh-hant'), g('article')),
      quad(city, iri(RDFS('label')), literal('Ex City', 'en'), g('supplements')),
      quad(city, iri(RDFS('comment')), literal(HOSTILE, 'en'), g('article')),
      quad(city, iri(WGS84('lat')), literal('35.5', iri(XSD('decimal'))), g('supplements')),
      quad(city, iri(WGS84('long')), literal('139.5', iri(XSD('decimal'))), g('supplements')),
      quad(city, iri(ANMC('withdrawalDate')), literal('2005-09', iri(XSD('gYearMonth'))), g('article')),
      quad(city, iri(ANMC('withdrawalDate')), literal('2005-08-30', iri(XSD('date'))), g('supplements')),
      ...extra,
    ],
    inverse: [],
    provenance: [
      quad(st1, iri(RDF('subject')), city, g('provenance')),
      quad(st1, iri(RDF('predicate')), iri(ANMC('withdrawalDate')), g('provenance')),
      quad(st1, iri(RDF('object')), literal('2005-09', iri(XSD('gYearMonth'))), g('provenance')),
      quad(st1, iri(PROV('wasDerivedFrom')), ref1, g('provenance')),
      quad(ref1, iri(OA('hasSelector')), quote, g('provenance')),
      quad(ref1, iri(DCTERMS('source')), iri(`${BASE}id/source/article`), g('provenance')),
      quad(ref1, iri(ANMC('confidence')), iri(ANMC('Quoted')), g('provenance')),
      quad(quote, iri(OA('exact')), literal(`北京${HOSTILE}`), g('provenance')),
      quad(quote, iri(ANMC('line')), literal('72', iri(XSD('integer'))), g('provenance')),
      quad(quote, iri(ANMC('column')), literal('105', iri(XSD('integer'))), g('provenance')),
      quad(st2, iri(RDF('subject')), city, g('provenance')),
      quad(st2, iri(RDF('predicate')), iri(ANMC('withdrawalDate')), g('provenance')),
      quad(st2, iri(RDF('object')), literal('2005-08-30', iri(XSD('date'))), g('provenance')),
      // Two rows behind one triple, citing the same document: two references, two source links.
      quad(st2, iri(PROV('wasDerivedFrom')), ref2, g('provenance')),
      quad(st2, iri(PROV('wasDerivedFrom')), ref3, g('provenance')),
      quad(ref2, iri(DCTERMS('source')), iri('https://example.org/ref?a=1&b="2"'), g('provenance')),
      quad(ref2, iri(ANMC('confidence')), iri(ANMC('Probable')), g('provenance')),
      quad(ref2, iri(DCTERMS('identifier')), literal('x-withdrawal'), g('provenance')),
      quad(ref2, iri(ANMC('line')), literal('80', iri(XSD('integer'))), g('provenance')),
      quad(ref3, iri(DCTERMS('source')), iri('https://example.org/ref?a=1&b="2"'), g('provenance')),
      quad(ref3, iri(ANMC('confidence')), iri(ANMC('Verified')), g('provenance')),
      quad(ref3, iri(DCTERMS('identifier')), literal('x-withdrawal-again'), g('provenance')),
      quad(ref3, iri(ANMC('line')), literal('81', iri(XSD('integer'))), g('provenance')),
    ],
    labels: [quad(iri(ANMC('withdrawalDate')), iri(RDFS('label')), literal('withdrawal date', 'en'), g('ontology'))],
    inverseTruncated: false,
  };
}

const view = (lang: string, d = description()) =>
  buildResourceView(d, {
    pathFor: (i) => (i.startsWith(BASE) ? '/' + i.slice(BASE.length) : undefined),
    lang,
    alternates: [],
    sparqlEndpoint: '/sparql',
    path: '/id/city/x',
  });

describe('entity page HTML', () => {
  it('escapes a hostile literal everywhere it appears, and only our scripts remain', () => {
    const html = renderResourcePage(view('zh-Hant'));
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('</script><script>');
    expect(html).toContain(
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39; &lt;b&gt;',
    );
    // The quote's text and the reference URL (an href) are escaped too.
    expect(html).toContain('>北京&lt;/script&gt;&lt;script&gt;alert(1)');
    expect(html).toContain('href="https://example.org/ref?a=1&amp;b=&quot;2&quot;"');
    for (const tag of html.match(/<script\b[^>]*>/gi)!)
      expect(tag).toMatch(/^<script (type="application\/ld\+json"|src="\/assets\/[\w./-]+" defer)>$/);
  });

  it('embeds schema.org JSON-LD that jsonld.js reads back to the same values', async () => {
    const html = renderResourcePage(view('en'));
    const block = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(block).not.toMatch(/[<>]/);
    const doc = JSON.parse(block);
    const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
    expect(nquads).toContain(`<${CITY}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/City>`);
    expect(nquads).toContain(`<${CITY}> <https://schema.org/name> "Ex City"@en`);
    expect(nquads).toContain(
      `<${CITY}> <https://schema.org/description> ${JSON.stringify(HOSTILE).replace(/'/g, "'")}@en`,
    );
    expect(nquads).toMatch(
      /<https:\/\/schema\.org\/latitude> "3\.55E1"\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#double>/,
    );
  });

  it('shows the label in the page language, and marks a fallback', () => {
    expect(renderResourcePage(view('en'))).toMatch(/<h1>Ex City<\/h1>/);
    const ja = renderResourcePage(view('ja'));
    expect(ja).toMatch(/<html lang="ja">/);
    expect(ja).toMatch(/<h1><span lang="zh-hant">&lt;\/script&gt;/); // no Japanese label: the zh-Hant one, marked by its language
    expect(ja).toContain('class="fallback-note"');
  });

  it('links each fact to its source and shows a disagreement side by side', () => {
    const v = view('en');
    const withdrawal = v.properties.find((p) => p.predicate.iri === ANMC('withdrawalDate'))!;
    expect(withdrawal.predicate.label).toBe('withdrawal date');
    expect(withdrawal.conflict).toBe(true);
    const article = withdrawal.facts.find((f) => f.graphs.includes('article'))!;
    expect(article.sources).toMatchObject([
      { kind: 'quote', href: '/source?quote=72-105-107#L72', line: 72, column: 105 },
    ]);
    const supplement = withdrawal.facts.find((f) => f.graphs.includes('supplements'))!;
    expect(supplement.sources).toMatchObject([
      {
        kind: 'reference',
        href: 'https://example.org/ref?a=1&b="2"',
        confidence: 'Probable',
        row: 'x-withdrawal',
        line: 80,
      },
      {
        kind: 'reference',
        href: 'https://example.org/ref?a=1&b="2"',
        confidence: 'Verified',
        row: 'x-withdrawal-again',
        line: 81,
      },
    ]);
    const html = renderResourcePage(v);
    expect(html).toMatch(
      /<tr class="has-conflict">[\s\S]*?class="claims" role="list">[\s\S]*?2005-09[\s\S]*?2005-08-30|2005-08-30[\s\S]*?2005-09/,
    );
    // Labels in several languages are not a disagreement.
    expect(v.properties.find((p) => p.predicate.iri === RDFS('label'))!.conflict).toBe(false);
  });
});

describe('data blocks, source view and timeline', () => {
  it('writes JSON that cannot close its script element and parses to the same value', () => {
    const value = { a: '</script><!-- \u2028 & >' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('reads ?quote= strictly and highlights the span in code points, escaped', () => {
    expect(parseQuoteParam('72-105-107')).toEqual({ line: 72, column: 105, endColumn: 107 });
    for (const bad of ['72-105', '0-1-2', '3-5-4', 'x', ['1-2-3']]) expect(parseQuoteParam(bad)).toBeUndefined();
    const html = renderSourcePage({
      text: 'first\n𠀀北京<b>&x\n',
      index: {
        quotes: [],
        subjectsByLine: new Map([[2, [CITY]]]),
        labels: new Map([[CITY, [{ value: 'Ex <City>', lang: 'en' }]]]),
      },
      lang: 'en',
      highlight: { iri: '', line: 2, column: 2, endLine: 2, endColumn: 4 },
      pathFor: (i) => '/' + i.slice(BASE.length),
      sourceName: 'test',
    });
    expect(html).toContain('<div class="line has-facts highlighted" id="L2">');
    expect(html).toContain('𠀀<mark id="quote">北京</mark>&lt;b&gt;&amp;x');
    expect(html).toContain('<a href="/id/city/x" lang="en">Ex &lt;City&gt;</a>');
    expect(html).toContain('<a class="ln" href="#L1" aria-label="line 1">1</a>');
  });

  it('draws one labelled link per meeting, marking the cancelled and extraordinary ones', () => {
    const svg = renderTimeline(
      [
        {
          iri: `${BASE}id/meeting/2001-10`,
          kind: 'plenary',
          ordinal: 1,
          date: '2001-10',
          when: 2001.8,
          labels: [],
          host: { iri: CITY, labels: [{ value: 'Tokyo<', lang: 'en' }] },
        },
        {
          iri: `${BASE}id/meeting/2005-beijing`,
          kind: 'cancelled',
          ordinal: 5,
          date: '2005',
          season: 'Autumn',
          when: 2005.8,
          labels: [],
        },
        { iri: `${BASE}id/meeting/2005-11`, kind: 'extraordinary', date: '2005-11', when: 2005.9, labels: [] },
      ],
      'en',
      (i) => '/' + i.slice(BASE.length),
    );
    expect(svg.match(/<a href=/g)).toHaveLength(3);
    expect(svg).toContain('aria-label="1st Tokyo&lt; 2001-10, 1st plenary meeting"');
    expect(svg).toContain('data-kind="cancelled"');
    expect(svg).toContain('aria-label="5th host not named 2005 autumn, 5th plenary meeting (cancelled)"');
    expect(svg).toContain('<title id="timeline-title">Timeline: 3 Meetings</title>');
  });
});

describe('page titles', () => {
  const pathFor = (i: string) => (i.startsWith(BASE) ? '/' + i.slice(BASE.length) : undefined);
  const m = iri(`${BASE}id/meeting/2001-10`);
  function pageOf(forward: Description['forward'], lang = 'en') {
    const d = {
      iri: forward[0].subject.value,
      forward,
      inverse: [],
      provenance: [],
      labels: [],
      inverseTruncated: false,
    };
    const v = buildResourceView(d as Description, { pathFor, lang, alternates: [], sparqlEndpoint: '/sparql' });
    return { v, html: renderResourcePage(v) };
  }

  it("a source's name first; else the title derived from the data (graph/derived), marked as derived", () => {
    const named = pageOf([
      quad(m, iri(RDFS('label')), literal('第一屆年會', 'zh-hant'), g('article')),
      quad(m, iri(ANMC('displayTitle')), literal('1st plenary meeting (Tokyo, October 2001)', 'en'), g('derived')),
    ]);
    expect(named.v).toMatchObject({ title: '1st plenary meeting (Tokyo, October 2001)', titleDerived: true });
    expect(named.html).toContain('<h1>1st plenary meeting (Tokyo, October 2001)</h1>');
    expect(named.html).toContain('class="derived-note" role="note"');
    const zh = pageOf([quad(m, iri(RDFS('label')), literal('第一屆年會', 'zh-hant'), g('article'))], 'zh-Hant');
    expect(zh.v).toMatchObject({ title: '第一屆年會', titleDerived: false, titleFallback: false });
    expect(zh.html).not.toContain('derived-note');
  });

  it('provenance records are titled from their own data; the path only when nothing can be said', () => {
    const st = iri(`${BASE}id/statement/0123456789abcdef`);
    const statement = pageOf([
      quad(st, iri(RDF('subject')), iri(CITY), g('provenance')),
      quad(st, iri(RDF('predicate')), iri(RDF('type')), g('provenance')),
      quad(st, iri(RDF('object')), iri(SCHEMA('City')), g('provenance')),
    ]);
    expect(statement.v.title).toBe('Statement: id/city/x · rdf:type · schema:City');
    const ref = iri(`${BASE}id/reference/0123456789abcdef`);
    const row = pageOf(
      [
        quad(ref, iri(DCTERMS('identifier')), literal('taipei-name-en'), g('provenance')),
        quad(ref, iri(ANMC('line')), literal('14', iri(XSD('integer'))), g('provenance')),
      ],
      'ja',
    );
    expect(row.v).toMatchObject({ title: '出典：補足データ行 taipei-name-en (第14行)', titleDerived: true });
    const quote = pageOf([quad(iri(`${BASE}id/quote/72-87-89`), iri(OA('exact')), literal('台北'), g('provenance'))]);
    expect(quote.v.title).toBe('Quote: line 72 “台北”');
    const nothing = pageOf([
      quad(iri(`${BASE}id/membership/9`), iri(RDF('type')), iri(SCHEMA('OrganizationRole')), g('article')),
    ]);
    expect(nothing.v).toMatchObject({ title: 'id/membership/9', titleDerived: false });
  });
});
