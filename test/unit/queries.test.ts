// Every stored query against the real dataset in an Oxigraph store; expected rows come from the article
// (and, where it is blank, from data/supplements/facts.tsv), not from the query output.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import oxigraph from 'oxigraph';
import { beforeAll, describe, expect, it } from 'vitest';
import { quadToNQ } from '../../src/rdf/n-triples.ts';
import { ROOT, realDataset } from '../fixtures/map/real-dataset.ts';

const ID = 'https://w3id.org/anmc21/id/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const ANMC = 'https://w3id.org/anmc21/ontology/';
let store: oxigraph.Store;

beforeAll(async () => {
  const { quads } = await realDataset();
  store = new oxigraph.Store();
  store.load(quads.map(quadToNQ).join('\n'), { format: 'application/n-quads' });
}, 60_000);

type Row = Record<string, string | undefined>;

/** Rows of a stored query; literals as `value^^datatype-local` or `value@lang`, IRIs as is. */
function run(name: string): { variables: string[]; rows: Row[] } {
  const text = readFileSync(path.join(ROOT, 'queries', `${name}.rq`), 'utf8');
  const result = store.query(text, { use_default_graph_as_union: true }) as Map<string, oxigraph.Term>[];
  const select = /SELECT\s+(.*?)\s+WHERE/s.exec(text)![1];
  const variables = [...select.matchAll(/\?(\w+)/g)].map((m) => m[1]);
  const rows = result.map((b) =>
    Object.fromEntries(
      variables.map((v) => {
        const t = b.get(v);
        if (!t) return [v, undefined];
        if (t.termType === 'Literal') {
          const lit = t as oxigraph.Literal;
          return [
            v,
            lit.language ? `${lit.value}@${lit.language}` : `${lit.value}^^${lit.datatype.value.replace(XSD, '')}`,
          ];
        }
        return [v, t.value];
      }),
    ),
  );
  return { variables, rows };
}

describe('stored queries', { timeout: 30_000 }, () => {
  it('every query has a title and a description', () => {
    for (const name of ['members', 'meetings', 'withdrawals', 'hosting-vote', 'provenance']) {
      const text = readFileSync(path.join(ROOT, 'queries', `${name}.rq`), 'utf8');
      expect(text).toMatch(/^# title: \S/m);
      expect(text).toMatch(/^# description: \S/m);
    }
  });

  it('members: the 13 current member cities, ※ on Delhi, Tokyo, Kuala Lumpur and Seoul', () => {
    const { variables, rows } = run('members');
    expect(variables).toEqual(['city', 'label', 'coFounder', 'wikidata']);
    const expected: Array<[string, string, boolean, string | undefined]> = [
      ['bangkok', '曼谷', false, 'Q1861'],
      ['delhi', '德里', true, 'Q1353'],
      ['hanoi', '河內', false, 'Q1858'],
      ['taipei', '臺北', false, 'Q1867'],
      ['tokyo', '東京', true, 'Q1490'],
      ['singapore', '新加坡', false, 'Q334'],
      ['kuala-lumpur', '吉隆坡', true, 'Q1865'],
      ['jakarta', '雅加達', false, 'Q3630'],
      ['yangon', '仰光', false, 'Q37995'],
      // The member is Metropolitan Manila; Q1461 (the City of Manila) lies within it (docs/identifiers.md).
      ['manila', '馬尼拉', false, undefined],
      ['seoul', '首爾', true, 'Q8684'],
      ['ulaanbaatar', '烏蘭巴托', false, 'Q23430'],
      ['tomsk', '托木斯克', false, undefined],
    ];
    expect(rows).toEqual(
      expected.map(([slug, label, co, qid]) => ({
        city: `${ID}city/${slug}`,
        label: `${label}@zh-hant`,
        coFounder: `${co}^^boolean`,
        wikidata: qid && `http://www.wikidata.org/entity/${qid}`,
      })),
    );
  });

  it('meetings: 13 plenaries and the 2005 extraordinary meeting, by month', () => {
    const { variables, rows } = run('meetings');
    expect(variables).toEqual(['meeting', 'ordinal', 'month', 'host', 'hostLabel', 'extraordinary']);
    const expected: Array<[string, number | undefined, string, string]> = [
      ['2001-10', 1, 'tokyo', '東京'],
      ['2002-11', 2, 'delhi', '德里'],
      ['2003-11', 3, 'hanoi', '河內'],
      ['2004-11', 4, 'jakarta', '雅加達'],
      ['2005-11', undefined, 'tokyo', '東京'],
      ['2006-04', 5, 'taipei', '臺北'],
      ['2007-11', 6, 'manila', '馬尼拉'],
      ['2008-11', 7, 'kuala-lumpur', '吉隆坡'],
      ['2009-11', 8, 'bangkok', '曼谷'],
      ['2010-11', 9, 'tokyo', '東京'],
      ['2011-10', 10, 'seoul', '首爾'],
      ['2012-06', 11, 'singapore', '新加坡'],
      ['2013-11', 12, 'hanoi', '河內'],
      ['2014-09', 13, 'tomsk', '托木斯克'],
    ];
    expect(rows).toEqual(
      expected.map(([month, ordinal, host, label]) => ({
        meeting: `${ID}meeting/${month}`,
        ordinal: ordinal === undefined ? undefined : `${ordinal}^^integer`,
        month: `${month}^^gYearMonth`,
        host: `${ID}city/${host}`,
        hostLabel: `${label}@zh-hant`,
        extraordinary: `${ordinal === undefined}^^boolean`,
      })),
    );
  });

  it('withdrawals: Beijing, 2005-08-30 per the Tokyo government and 2005-09 per the article', () => {
    const { variables, rows } = run('withdrawals');
    expect(variables).toEqual(['city', 'label', 'date', 'source']);
    expect(rows).toEqual([
      {
        city: `${ID}city/beijing`,
        label: '北京@zh-hant',
        date: '2005-08-30^^date',
        source: 'https://www.sp.metro.tokyo.lg.jp/seisakukikaku/gaimubu/anmc21/anmc21org/summary/index.html',
      },
      { city: `${ID}city/beijing`, label: '北京@zh-hant', date: '2005-09^^gYearMonth', source: `${ID}source/article` },
    ]);
  });

  it('hosting-vote: Beijing 7, Taipei 7 − 3 = 4, threshold 8, at the 4th meeting', () => {
    const { variables, rows } = run('hosting-vote');
    expect(variables).toEqual(['candidate', 'label', 'votes', 'threshold', 'meeting']);
    expect(rows).toEqual([
      {
        candidate: `${ID}city/beijing`,
        label: '北京@zh-hant',
        votes: '7^^integer',
        threshold: '8^^integer',
        meeting: `${ID}meeting/2004-11`,
      },
      {
        candidate: `${ID}city/taipei`,
        label: '臺北@zh-hant',
        votes: '4^^integer',
        threshold: '8^^integer',
        meeting: `${ID}meeting/2004-11`,
      },
    ]);
  });

  it('provenance: every asserted triple once per reference, article quotes are the article text', async () => {
    const { variables, rows } = run('provenance');
    expect(variables).toEqual(['subject', 'predicate', 'object', 'quote', 'line', 'source', 'confidence']);
    const article = readFileSync(path.join(ROOT, 'data/source/anmc21.zh-hant.md'), 'utf8').split('\n');
    const facts = readFileSync(path.join(ROOT, 'data/supplements/facts.tsv'), 'utf8').split('\n');
    const { quads } = await realDataset();
    const asserted = quads.filter((q) => /\/graph\/(article|supplements)$/.test(q.graph.value));
    const covered = new Set(rows.map((r) => `${r.subject} ${r.predicate}`));
    for (const q of asserted) expect(covered.has(`${q.subject.value} ${q.predicate.value}`)).toBe(true);
    for (const r of rows) {
      const line = Number(r.line!.split('^^')[0]);
      if (r.confidence === `${ANMC}Quoted`) {
        expect(r.source).toBe(`${ID}source/article`);
        const quote = r.quote!.replace(/\^\^string$/, '');
        expect(article[line - 1]).toContain(quote.split('\n')[0]);
      } else {
        // A supplement row: its line in facts.tsv names the document the reference cites.
        expect(r.quote).toBeUndefined();
        expect([`${ANMC}Verified`, `${ANMC}Probable`]).toContain(r.confidence);
        expect(facts[line - 1].split('\t')[4]).toMatch(/^(https?:|github:)/);
      }
    }
    // Two facts of the issue, with their text:
    expect(rows).toContainEqual(
      expect.objectContaining({
        subject: `${ID}event/hosting-vote-2005-beijing`,
        predicate: 'https://w3id.org/anmc21/ontology/votes',
        object: '7^^integer',
        quote: '北京贏得7票^^string',
        line: '72^^integer',
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        subject: `${ID}membership/beijing`,
        predicate: 'https://w3id.org/anmc21/ontology/withdrawalDate',
        object: '2005-09^^gYearMonth',
        quote: '並於2005年9月退出^^string',
        line: '73^^integer',
      }),
    );
  });

  it("provenance: Taipei's a schema:City, one row per reference with its source, line and confidence", () => {
    const { rows } = run('provenance');
    const taipei = rows.filter(
      (r) =>
        r.subject === `${ID}city/taipei` &&
        r.predicate === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' &&
        r.object === 'https://schema.org/City',
    );
    const facts = readFileSync(path.join(ROOT, 'data/supplements/facts.tsv'), 'utf8').split('\n');
    // Expected from the sources, not from the query: every article quote that names Taipei as a city,
    // and every row of facts.tsv about city/taipei (each with its own document and confidence).
    const rowsAboutTaipei = facts
      .map((line, i) => ({ cells: line.split('\t'), line: i + 1 }))
      .filter(({ cells }) => cells[1] === 'city/taipei');
    // The rows of the first review (name, Japanese name, QID, coordinates, Japanese other name), then
    // its names in other languages (Natural Earth, CLDR).
    expect(rowsAboutTaipei.map((r) => r.line).slice(0, 5)).toEqual([14, 15, 16, 17, 59]);
    expect(rowsAboutTaipei.slice(5).every((r) => /^(alt_)?name_/.test(r.cells[2]!))).toBe(true);
    const fromRows = taipei.filter((r) => r.confidence !== `${ANMC}Quoted`);
    expect(fromRows.map((r) => Number(r.line!.split('^^')[0])).sort((a, b) => a - b)).toEqual(
      rowsAboutTaipei.map((r) => r.line),
    );
    for (const r of fromRows) {
      const { cells } = rowsAboutTaipei.find((x) => `${x.line}^^integer` === r.line)!;
      expect(r.confidence).toBe(`${ANMC}${cells[5] === 'verified' ? 'Verified' : 'Probable'}`);
      expect(r.source).toContain(cells[4].startsWith('github:') ? cells[4].split(' ')[0].slice(7) : cells[4]);
    }
    const fromArticle = taipei.filter((r) => r.confidence === `${ANMC}Quoted`);
    expect(fromArticle.map((r) => r.quote!.replace(/\^\^string$/, '')).sort()).toEqual(
      [
        '[臺北](../Page/臺北.md "wikilink")',
        '[台北](https://zh.wikipedia.org/wiki/台北市 "wikilink")',
        '台北',
        '台北',
        '台北',
        '台北',
        '台北',
      ].sort(),
    );
    expect(taipei).toHaveLength(fromRows.length + fromArticle.length);
  });
});
