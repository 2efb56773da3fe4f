// Extraction from the real article: every fact category with its spans, checked against the source text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/extract/extract-facts.ts';
import type { Fact, Quote } from '../../src/extract/facts.ts';

const FILE = 'data/source/anmc21.zh-hant.md';
const text = readFileSync(FILE, 'utf8');
const lines = text.split('\n');
const { facts, diagnostics } = extractFacts(readFileSync(FILE), FILE);

/** The source text at a span, read independently of the extractor (columns in code points). */
function at(q: Quote): string {
  const cp = (line: number) => Array.from(lines[line - 1]);
  if (q.span.line === q.span.endLine)
    return cp(q.span.line)
      .slice(q.span.column - 1, q.span.endColumn - 1)
      .join('');
  let s = cp(q.span.line)
    .slice(q.span.column - 1)
    .join('');
  for (let l = q.span.line + 1; l < q.span.endLine; l++) s += '\n' + lines[l - 1];
  return (
    s +
    '\n' +
    cp(q.span.endLine)
      .slice(0, q.span.endColumn - 1)
      .join('')
  );
}
const pos = (q: Quote) => `${q.span.line}:${q.span.column}-${q.span.endLine}:${q.span.endColumn}`;
const of = <K extends Fact['kind']>(kind: K) => facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);

function quotesIn(value: unknown, out: Quote[] = []): Quote[] {
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.text === 'string' && o.span && typeof o.offset === 'number') out.push(o as unknown as Quote);
    else for (const v of Object.values(o)) quotesIn(v, out);
  }
  return out;
}

describe('extractFacts on the ANMC21 article', () => {
  it('every quote is exactly the source text at its span and offsets', () => {
    const all = quotesIn(facts);
    expect(all.length).toBeGreaterThan(200);
    const codePoints = Array.from(text);
    for (const q of all) {
      expect(at(q), pos(q)).toBe(q.text);
      expect(codePoints.slice(q.offset, q.endOffset).join(''), pos(q)).toBe(q.text);
    }
  });

  it('reads the four names, with the abbreviation split over lines 1–2', () => {
    const names = of('network-name').map((f) => [f.nameType, f.value, pos(f.quote)]);
    expect(names).toEqual([
      ['title', '亞洲主要都市網', '1:3-1:10'],
      ['full', '21世紀亞洲主要都市網', '1:18-1:29'],
      ['english', 'Asian Network of Major Cities 21', '1:32-1:64'],
      ['abbreviation', 'ANMC 21', '1:67-2:3'],
    ]);
    expect(of('network-name')[3].quote.text).toBe('ANMC\n21');
  });

  it('reads the founding: 2000, Ishihara (from the link target), three other cities, the qualifying links', () => {
    const [f] = of('founding');
    expect(f.year.value).toBe(2000);
    expect(pos(f.year.quote)).toBe('2:6-2:10');
    expect(f.initiator.label.value).toBe('石原慎太郎');
    expect(f.initiator.link?.page).toBe('石原慎太郎');
    expect(f.qualifiers.map((m) => m.link?.page)).toEqual(['日本', '東京都', '知事']);
    expect(f.otherCities.value).toBe(3);
    expect(f.otherCities.quote.text).toBe('三');
  });

  it('reads the status, the purpose and its four focus areas in order', () => {
    expect(of('status')).toHaveLength(1);
    expect(of('status')[0].quote.text).toBe('現在是暫時中止活動的狀態');
    expect(of('purpose')[0].quote.span.line).toBe(8);
    expect(of('focus-area').map((f) => [f.label, f.position])).toEqual([
      ['觀光', 1],
      ['都市問題', 2],
      ['經濟', 3],
      ['文化', 4],
    ]);
  });

  it('reads 13 member slots, slot 6 empty, four co-founders marked ※, and the ※ footnote', () => {
    const slots = of('member-slot').map((f) => [
      f.position.value,
      f.city?.label.value ?? null,
      f.city?.link?.page ?? null,
      !!f.coFounder,
      f.quote.span.line,
    ]);
    expect(slots).toEqual([
      [1, '曼谷', '曼谷', false, 12],
      [2, '德里', '德里', true, 14],
      [3, '河內', '河內', false, 16],
      [4, '臺北', '臺北', false, 18],
      [5, '東京', '東京', true, 20],
      [6, null, null, false, 22],
      [7, '吉隆坡', '吉隆坡', true, 23],
      [8, '雅加達', '雅加達', false, 25],
      [9, '仰光', '仰光', false, 27],
      [10, '馬尼拉', '馬尼拉', false, 29],
      [11, '首爾', '首爾', true, 31],
      [12, '烏蘭巴托', '烏蘭巴托', false, 33],
      [13, '托木斯克', '托木斯克', false, 35],
    ]);
    expect(of('marker-definition')).toEqual([expect.objectContaining({ marker: '※', meaning: '共同提倡都市' })]);
    expect(pos(of('marker-definition')[0].quote)).toBe('37:1-37:8');
  });

  it('reads 13 plenary meetings and the extraordinary one, with the empty 2012 host', () => {
    const meetings = of('meeting').map((f) => [
      `${f.date.value.year}-${f.date.value.month}`,
      f.ordinal?.value ?? null,
      f.meetingType,
      f.host?.label.value ?? null,
      f.quote.span.line,
    ]);
    expect(meetings).toEqual([
      ['2001-10', 1, 'plenary', '東京', 41],
      ['2002-11', 2, 'plenary', '德里', 43],
      ['2003-11', 3, 'plenary', '河內', 45],
      ['2004-11', 4, 'plenary', '雅加達', 47],
      ['2005-11', null, 'extraordinary', '東京', 50],
      ['2006-4', 5, 'plenary', '台北', 52],
      ['2007-11', 6, 'plenary', '馬尼拉', 54],
      ['2008-11', 7, 'plenary', '吉隆坡', 56],
      ['2009-11', 8, 'plenary', '曼谷', 58],
      ['2010-11', 9, 'plenary', '東京', 60],
      ['2011-10', 10, 'plenary', '首爾', 62],
      ['2012-6', 11, 'plenary', null, 64],
      ['2013-11', 12, 'plenary', '河內', 66],
      ['2014-9', 13, 'plenary', '托木斯克', 68],
    ]);
    const taipei = of('meeting')[5];
    expect(taipei.host?.link?.page).toBe('台北市');
    expect(taipei.ordinal?.quote.text).toBe('第五屆');
    expect(of('meeting')[13].ordinal?.quote.text).toBe('第十三屆');
  });

  it('reads the whole Beijing story with its numbers', () => {
    expect(of('former-member')).toHaveLength(1);
    expect(of('former-member')[0].city.link?.page).toBe('北京');
    expect(of('former-member')[0].founding?.text).toBe('創始會員城市');
    const [contest] = of('hosting-contest');
    expect([contest.atOrdinal.value, contest.forYear.value, contest.candidates.map((c) => c.label.value)]).toEqual([
      4,
      2005,
      ['台北', '北京'],
    ]);
    expect(of('vote-count').map((f) => [f.candidate.label.value, f.votes.value, f.votes.quote.text])).toEqual([
      ['北京', 7, '7'],
    ]);
    expect(of('vote-margin').map((f) => [f.candidate.label.value, f.other.label.value, f.margin.value])).toEqual([
      ['北京', '台北', 3],
    ]);
    const [threshold] = of('vote-threshold');
    expect([
      threshold.fraction.value,
      threshold.fraction.quote.text,
      threshold.votes.value,
      threshold.rule.value,
      threshold.reached,
    ]).toEqual([{ numerator: 2, denominator: 3 }, '三分之二', 8, '章程', false]);
    const [agreement] = of('hosting-agreement');
    expect([
      agreement.host.label.value,
      agreement.hostYear.value,
      agreement.priority.label.value,
      agreement.priorityYear.value,
    ]).toEqual(['北京', 2005, '台北', 2006]);
    const [pledge] = of('pledge');
    expect([
      pledge.signatoryCount.value,
      pledge.signatoryCount.quote.text,
      pledge.excluding.map((m) => m.label.value),
      pledge.forYear.value,
      pledge.document.value,
    ]).toEqual([10, '十', ['北京', '台北'], 2006, '切結書']);
    expect(of('joint-statement-objection')[0].actor.label.value).toBe('北京');
    const [refusal] = of('declaration-refusal');
    expect([
      refusal.actor.label.value,
      refusal.declaration.label.value,
      refusal.year.value,
      refusal.quote.span.line,
    ]).toEqual(['北京', '雅加達宣言', 2004, 73]);
    const [withdrawal] = of('withdrawal');
    expect([withdrawal.date.value, withdrawal.date.quote.text, pos(withdrawal.date.quote)]).toEqual([
      { year: 2005, month: 9 },
      '2005年9月',
      '73:45-73:52',
    ]);
    const [cancelled] = of('cancelled-meeting');
    expect([cancelled.date.value, cancelled.place.label.value, cancelled.ordinal.value]).toEqual([
      { year: 2005, season: 'autumn' },
      '北京',
      5,
    ]);
    const [convened] = of('extraordinary-convened');
    expect([convened.convenor.label.value, convened.date.value, convened.quote.span.line]).toEqual([
      '日本',
      { year: 2005, month: 11, day: 29 },
      74,
    ]);
    const [decision] = of('meeting-rescheduled');
    expect([
      decision.host.label.value,
      decision.fromDate.value,
      decision.fromOrdinal.value,
      decision.toDate.value,
      decision.toOrdinal.value,
    ]).toEqual(['台北', { year: 2006, season: 'autumn' }, 6, { year: 2006, month: 4 }, 5]);
  });

  it('reads the external link, the three categories and the link target of every named entity', () => {
    expect(of('external-link')).toEqual([
      expect.objectContaining({
        url: 'https://web.archive.org/web/20060214003549/http://www.chijihon.metro.tokyo.jp/asianet/',
        label: '',
      }),
    ]);
    expect(of('category').map((f) => [f.name, f.quote.span.line])).toEqual([
      ['国际组织', 80],
      ['國際會議', 81],
      ['亚洲', 82],
    ]);
    const pages = new Set(of('entity-link').map((f) => f.mention.link?.page));
    expect([...pages].sort()).toEqual(
      [
        '日本',
        '東京都',
        '知事',
        '石原慎太郎',
        '曼谷',
        '德里',
        '河內',
        '臺北',
        '東京',
        '吉隆坡',
        '雅加達',
        '仰光',
        '馬尼拉',
        '首爾',
        '烏蘭巴托',
        '托木斯克',
        '台北市',
        '北京',
      ].sort(),
    );
    // Both link forms name the same zh.wikipedia page form.
    const hanoi = of('entity-link').filter((f) => f.mention.label.value === '河內');
    expect(hanoi.every((f) => f.mention.link?.url === 'https://zh.wikipedia.org/wiki/河內')).toBe(true);
  });

  it('reports every anomaly of the article as a diagnostic, and no error', () => {
    const found = diagnostics.map((d) => `${d.severity} ${d.rule} ${d.span?.line}`);
    expect(found.sort()).toEqual(
      [
        'warning extract/split-abbreviation 1',
        'warning extract/link-label-overrun 2',
        'warning extract/empty-member 22',
        'warning extract/empty-item 49',
        'warning extract/empty-host 64',
        'warning extract/variant-name 52',
        'warning extract/empty-link-label 78',
        'info extract/punctuation 58',
        'info extract/punctuation 60',
        'info extract/punctuation 60',
        'info extract/punctuation 62',
        'info extract/punctuation 64',
        'info extract/punctuation 66',
        'info extract/punctuation 68',
      ].sort(),
    );
  });
});
