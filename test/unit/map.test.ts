// mapFacts on hand-built facts (golden N-Triples of the article graph in test/fixtures/map/) and on
// the real data: IRIs from the registry only, provenance for every triple, conflicts kept, no blank nodes.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { describe, expect, it } from 'vitest';
import type { Fact, Mention, Quote } from '../../src/extract/facts.ts';
import type { RegistryEntry, SupplementFact } from '../../src/extract/supplements.ts';
import { mapFacts } from '../../src/map/map-facts.ts';
import { tripleToNT } from '../../src/rdf/n-triples.ts';
import { wikiPageIri } from '../../src/vocab.ts';
import { ROOT, realDataset } from '../fixtures/map/real-dataset.ts';

const BASE = 'https://example.org/anmc/';
const FILE = 'data/source/test.md';
const FIXTURES = path.join(ROOT, 'test/fixtures/map');

/** A quote on one line of a made-up article (offsets consistent with the columns). */
function quote(text: string, line: number, column: number): Quote {
  const len = Array.from(text).length;
  return {
    text,
    span: { file: FILE, line, column, endLine: line, endColumn: column + len },
    offset: line * 100 + column - 1,
    endOffset: line * 100 + column - 1 + len,
  };
}

function link(label: string, page: string, line: number, column: number): Mention {
  const markup = `[${label}](../Page/${page}.md "wikilink")`;
  return {
    label: { value: label, quote: quote(label, line, column + 1) },
    link: { raw: `../Page/${page}.md`, kind: 'wiki-page', page, url: `https://zh.wikipedia.org/wiki/${page}` },
    quote: quote(markup, line, column),
  };
}

const span = { file: 'data/ids.tsv', line: 1, column: 1, endLine: 1, endColumn: 1 };
const registry: RegistryEntry[] = [
  { kind: 'network', slug: 'anmc21', names: ['亞洲主要都市網'], pages: [], span },
  { kind: 'city', slug: 'tokyo', names: ['東京'], pages: ['東京'], span },
  { kind: 'city', slug: 'taipei', names: ['臺北', '台北'], pages: ['臺北', '台北市'], span },
  { kind: 'city', slug: 'singapore', names: ['新加坡'], pages: [], span },
];

const slot5 = quote('5.  [東京](../Page/東京.md "wikilink")※', 20, 1);
const facts: Fact[] = [
  {
    kind: 'member-slot',
    position: { value: 5, quote: quote('5', 20, 1) },
    city: link('東京', '東京', 20, 5),
    coFounder: quote('※', 20, 35),
    quote: slot5,
  },
  { kind: 'member-slot', position: { value: 6, quote: quote('6', 22, 1) }, quote: quote('6.', 22, 1) },
  { kind: 'marker-definition', marker: '※', meaning: '共同提倡都市', quote: quote('※共同提倡都市', 37, 1) },
  {
    kind: 'meeting',
    date: { value: { year: 2006, month: 4 }, quote: quote('2006年4月', 52, 5) },
    meetingType: 'plenary',
    ordinal: { value: 5, quote: quote('第五屆', 52, 13) },
    host: link('台北', '台北市', 52, 19),
    quote: quote('2006年4月：第五屆年會，[台北](../Page/台北市.md "wikilink")', 52, 5),
  },
  {
    kind: 'meeting',
    date: { value: { year: 2012, month: 6 }, quote: quote('2012年6月', 64, 5) },
    meetingType: 'plenary',
    ordinal: { value: 11, quote: quote('第十一屆', 64, 15) },
    quote: quote('2012年6月 : 第十一屆年會，。', 64, 5),
  },
];

const row = (
  id: string,
  subject: string,
  property: string,
  value: string,
  confidence: 'verified' | 'probable' = 'verified',
): SupplementFact => ({
  id,
  subject,
  property,
  value,
  source: 'https://example.org/source',
  confidence,
  note: '',
  span: { file: 'facts.tsv', line: 2, column: 1, endLine: 2, endColumn: 1 },
});

const graphNT = (quads: Quad[], graph: string) =>
  quads
    .filter((q) => q.graph.value === `${BASE}graph/${graph}`)
    .map(tripleToNT)
    .join('\n') + '\n';

describe('mapFacts on hand-built facts', () => {
  const supplements = [
    row('slot-6', 'membership/6', 'member', 'city/singapore'),
    row('sg-zh', 'city/singapore', 'name_zh', '新加坡'),
    row('tokyo-coordinates', 'city/tokyo', 'coordinates', '35.6870, 139.749', 'probable'),
  ];
  const result = mapFacts(facts, supplements, registry, { base: BASE, sourceFile: FILE, ontologyTurtle: '' });

  it('maps without diagnostics and matches the golden article and supplements graphs', () => {
    expect(result.diagnostics).toEqual([]);
    const golden = path.join(FIXTURES, 'slots-and-meetings.nt');
    const actual = graphNT(result.quads, 'article') + '#supplements\n' + graphNT(result.quads, 'supplements');
    if (process.env.UPDATE_GOLDEN) writeFileSync(golden, actual);
    expect(actual).toBe(readFileSync(golden, 'utf8'));
  });

  const PROV_DERIVED = 'http://www.w3.org/ns/prov#wasDerivedFrom';
  const prov = () => result.quads.filter((q) => q.graph.value === `${BASE}graph/provenance`);
  const objectsOf = (s: string, p: string) =>
    prov()
      .filter((q) => q.subject.value === s && q.predicate.value === p)
      .map((q) => q.object.value);
  /** The statement IRI of `s p` in one graph (the one with that predicate). */
  const statementOf = (s: string, p: string, graph: string) =>
    prov().find(
      (q) =>
        q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#subject' &&
        q.object.value === s &&
        objectsOf(q.subject.value, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate')[0] === p &&
        objectsOf(q.subject.value, 'http://purl.org/dc/terms/isPartOf')[0] === `${BASE}graph/${graph}`,
    )!.subject.value;

  it('gives every asserted triple one statement, and each quote behind it one reference (co-founder: the ※ and its footnote too)', () => {
    const statements = prov().filter((q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#subject');
    const asserted = result.quads.filter((q) => /graph\/(article|supplements)$/.test(q.graph.value));
    expect(statements).toHaveLength(asserted.length);
    const coFounder = statementOf(`${BASE}id/membership/5`, 'https://w3id.org/anmc21/ontology/coFounder', 'article');
    const refs = objectsOf(coFounder, PROV_DERIVED);
    expect(refs).toHaveLength(3);
    for (const ref of refs) {
      expect(ref).toMatch(new RegExp(`^${BASE}id/reference/[0-9a-f]{16}$`));
      expect(objectsOf(ref, 'https://w3id.org/anmc21/ontology/confidence')).toEqual([
        'https://w3id.org/anmc21/ontology/Quoted',
      ]);
      expect(objectsOf(ref, 'http://purl.org/dc/terms/source')).toEqual([`${BASE}id/source/article`]);
    }
    expect(refs.flatMap((r) => objectsOf(r, 'http://www.w3.org/ns/oa#hasSelector')).sort()).toEqual([
      `${BASE}id/quote/20-1-36`,
      `${BASE}id/quote/20-35-36`,
      `${BASE}id/quote/37-1-8`,
    ]);
    // The quote of slot 5 supports several triples: one reference node, shared.
    const member = statementOf(`${BASE}id/membership/5`, 'http://www.w3.org/ns/org#member', 'article');
    expect(objectsOf(member, PROV_DERIVED).filter((r) => refs.includes(r))).toHaveLength(1);
  });

  it('gives each supplement row its own reference with its line and confidence, even on a shared triple', () => {
    const lat = statementOf(`${BASE}id/city/tokyo`, 'http://www.w3.org/2003/01/geo/wgs84_pos#lat', 'supplements');
    const [ref] = objectsOf(lat, PROV_DERIVED);
    expect(objectsOf(lat, 'https://w3id.org/anmc21/ontology/confidence')).toEqual([]);
    expect(objectsOf(ref, 'https://w3id.org/anmc21/ontology/confidence')).toEqual([
      'https://w3id.org/anmc21/ontology/Probable',
    ]);
    expect(objectsOf(ref, 'http://purl.org/dc/terms/identifier')).toEqual(['tokyo-coordinates']);
    expect(objectsOf(ref, 'http://purl.org/dc/terms/source')).toEqual(['https://example.org/source']);
    expect(objectsOf(ref, 'http://purl.org/dc/terms/isPartOf')).toEqual([`${BASE}id/source/supplements`]);
    // Singapore's type is supported by two rows (slot-6 names it, sg-zh names it): two references.
    const type = statementOf(
      `${BASE}id/city/singapore`,
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#type',
      'supplements',
    );
    const rows = objectsOf(type, PROV_DERIVED).flatMap((r) => objectsOf(r, 'http://purl.org/dc/terms/identifier'));
    expect(rows.sort()).toEqual(['sg-zh', 'slot-6']);
  });

  it('records the day a source was retrieved when the row gives it', () => {
    const dated = { ...row('sg-en', 'city/singapore', 'name_en', 'Singapore'), retrieved: '2026-11-30' };
    const { quads } = mapFacts(facts, [dated], registry, { base: BASE, sourceFile: FILE, ontologyTurtle: '' });
    const retrieved = quads.filter((q) => q.predicate.value === 'http://purl.org/pav/retrievedOn');
    expect(retrieved.map((q) => [q.subject.value.replace(/[0-9a-f]{16}$/, 'H'), q.object.value])).toEqual([
      [`${BASE}id/reference/H`, '2026-11-30'],
    ]);
  });

  it('is deterministic and has no blank nodes', () => {
    const again = mapFacts([...facts].reverse(), [...supplements].reverse(), registry, {
      base: BASE,
      sourceFile: FILE,
      ontologyTurtle: '',
    });
    // Facts in another order give the same set (the output is sorted).
    expect(new Set(again.quads.map((q) => tripleToNT(q) + q.graph.value))).toEqual(
      new Set(result.quads.map((q) => tripleToNT(q) + q.graph.value)),
    );
    expect(result.quads.some((q) => [q.subject, q.object, q.graph].some((t) => t.termType === 'BlankNode'))).toBe(
      false,
    );
  });

  it('an unregistered entity is an error (no ad-hoc slug)', () => {
    const seoul: Fact = {
      kind: 'member-slot',
      position: { value: 11, quote: quote('11', 31, 1) },
      city: link('首爾', '首爾', 31, 5),
      quote: quote('11. [首爾](../Page/首爾.md "wikilink")', 31, 1),
    };
    const { quads, diagnostics } = mapFacts([seoul], [], registry, {
      base: BASE,
      sourceFile: FILE,
      ontologyTurtle: '',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        rule: 'map/unregistered-entity',
        span: expect.objectContaining({ line: 31, column: 5 }),
      }),
    ]);
    const article = quads.filter((q) => q.graph.value === `${BASE}graph/article`);
    expect(
      article.some(
        (q) => q.subject.value.includes('seoul') || q.object.value.includes('seoul') || q.object.value === '首爾',
      ),
    ).toBe(false);
  });

  it('rejects unknown supplement properties, subjects and malformed values', () => {
    const { diagnostics } = mapFacts(
      facts,
      [
        row('a', 'city/tokyo', 'population', '1'),
        row('b', 'city/osaka', 'name_en', 'Osaka'),
        row('c', 'meeting/2006-04', 'start_date', '2006-4-13'),
        row('d', 'city/tokyo', 'wikidata', 'Q0'),
      ],
      registry,
      { base: BASE, sourceFile: FILE, ontologyTurtle: '' },
    );
    expect(diagnostics.map((d) => d.rule)).toEqual([
      'map/unknown-property',
      'map/unknown-subject',
      'map/supplement-value',
      'map/supplement-value',
    ]);
  });

  it('checks quotes against the source text when given', () => {
    const text = 'x'.repeat(5000);
    const { diagnostics } = mapFacts(facts.slice(1, 2), [], registry, {
      base: BASE,
      sourceFile: FILE,
      sourceText: text,
      ontologyTurtle: '',
    });
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.every((d) => d.rule === 'map/quote-mismatch')).toBe(true);
  });
});

describe('wikiPageIri', () => {
  it('keeps non-ASCII, turns spaces into underscores, percent-encodes what an IRI cannot hold', () => {
    expect(wikiPageIri('台北市')).toBe('https://zh.wikipedia.org/wiki/台北市');
    expect(wikiPageIri('Category:国际组织')).toBe('https://zh.wikipedia.org/wiki/Category:国际组织');
    expect(wikiPageIri('Kuala Lumpur')).toBe('https://zh.wikipedia.org/wiki/Kuala_Lumpur');
    expect(wikiPageIri('a"b?c#d%e')).toBe('https://zh.wikipedia.org/wiki/a%22b%3Fc%23d%25e');
  });
});

// The first case builds the real dataset (a few seconds on a busy machine).
describe('mapFacts on the real data', { timeout: 60_000 }, () => {
  it('keeps both withdrawal dates of Beijing, each in its graph', async () => {
    const { quads } = await realDataset();
    const dates = quads
      .filter((q) => q.predicate.value === 'https://w3id.org/anmc21/ontology/withdrawalDate')
      .map((q) => [q.graph.value.split('/').pop(), q.object.value]);
    expect(dates.sort()).toEqual([
      ['article', '2005-09'],
      ['supplements', '2005-08-30'],
    ]);
  });

  it('links every wiki page the article links, and only verified or flagged Wikidata items', async () => {
    const { quads } = await realDataset();
    const article = readFileSync(path.join(ROOT, 'data/source/anmc21.zh-hant.md'), 'utf8');
    const pages = new Set(
      [
        ...article.matchAll(
          /\]\((?:\.\.\/Page\/([^)"]+)\.md|https:\/\/zh\.wikipedia\.org\/wiki\/([^)" ]+)) "wikilink"\)/g,
        ),
      ]
        .map((m) => m[1] ?? m[2])
        .filter((p) => !p.startsWith('Category:')),
    );
    const linked = new Set(
      quads
        .filter((q) => q.predicate.value === 'https://schema.org/sameAs' && q.graph.value.endsWith('/article'))
        .map((q) => decodeURI(q.object.value).replace('https://zh.wikipedia.org/wiki/', '')),
    );
    expect(linked).toEqual(pages);
    const tomsk = quads.filter(
      (q) => q.subject.value.endsWith('/city/tomsk') && q.predicate.value === 'http://www.w3.org/2002/07/owl#sameAs',
    );
    expect(tomsk).toEqual([]);
  });
});
