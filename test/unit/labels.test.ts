// The one label chooser (src/rdf/labels.ts): the fallback order, untagged names, ranks and ties, and
// that pages, reconciliation and the exports pick the same name from the same names.
import { describe, expect, it } from 'vitest';
import { chooseLabel, LABEL_LANGUAGES, langMatches } from '../../src/rdf/labels.ts';
import { displayName } from '../../src/links/reconcile.ts';
import { mixnmatchRows } from '../../src/links/exports.ts';
import { EntityIndex, type IndexedEntity } from '../../src/links/entity-index.ts';
import { UI_LANGUAGES } from '../../src/http/pages/layout.ts';

const names = [
  { value: 'Tōkyō', lang: 'ja' },
  { value: '東京', lang: 'zh-hant' },
  { value: 'Tokyo', lang: 'en' },
  { value: 'TYO', lang: '' },
  { value: 'Токио', lang: 'ru' },
];

describe('chooseLabel', () => {
  it('takes the wanted language, a more specific tag of it, ignoring case', () => {
    expect(chooseLabel(names, 'en')).toEqual({ value: 'Tokyo', lang: 'en', fallback: false, derived: false });
    expect(chooseLabel(names, 'zh-Hant')).toEqual({ value: '東京', lang: 'zh-hant', fallback: false, derived: false });
    expect(chooseLabel([{ value: 'Tokyo', lang: 'en-GB' }], 'en')?.fallback).toBe(false);
    expect(chooseLabel([{ value: 'Tokyo', lang: 'en' }], 'en-GB')?.fallback).toBe(true);
  });
  it('falls back to an untagged name (not marked), then zh-Hant, en, ja, then any other (marked)', () => {
    expect(chooseLabel(names, 'ko')).toEqual({ value: 'TYO', lang: '', fallback: false, derived: false });
    const tagged = names.filter((n) => n.lang !== '');
    expect(chooseLabel(tagged, 'ko')).toEqual({ value: '東京', lang: 'zh-hant', fallback: true, derived: false });
    expect(
      chooseLabel(
        tagged.filter((n) => n.lang !== 'zh-hant'),
        'ko',
      )?.value,
    ).toBe('Tokyo');
    expect(
      chooseLabel(
        tagged.filter((n) => !['zh-hant', 'en'].includes(n.lang)),
        'ko',
      )?.value,
    ).toBe('Tōkyō');
    expect(chooseLabel([{ value: 'Токио', lang: 'ru' }], 'en')).toEqual({
      value: 'Токио',
      lang: 'ru',
      fallback: true,
      derived: false,
    });
    expect(chooseLabel([], 'en')).toBeUndefined();
  });
  it('breaks ties by rank, then by value, whatever order the names come in', () => {
    const ranked = [
      { value: 'B', lang: 'en', rank: 1 },
      { value: 'C', lang: 'en', rank: 0 },
      { value: 'A', lang: 'en', rank: 1 },
    ];
    expect(chooseLabel(ranked, 'en')?.value).toBe('C');
    expect(chooseLabel(ranked.slice(0, 1).concat(ranked.slice(2)), 'en')?.value).toBe('A');
    for (const order of [names, [...names].reverse()]) expect(chooseLabel(order, 'ja')?.value).toBe('Tōkyō');
  });
  it('a derived title (graph/derived) comes after a source name in its language, before any other language', () => {
    const derived = { value: '1st plenary meeting (Tokyo, October 2001)', lang: 'en', derived: true };
    const source = [{ value: '第一屆年會', lang: 'zh-hant' }];
    expect(chooseLabel([...source, derived], 'en')).toEqual({ ...derived, fallback: false, derived: true });
    expect(chooseLabel([...source, derived, { value: 'First plenary', lang: 'en' }], 'en')).toEqual({
      value: 'First plenary',
      lang: 'en',
      fallback: false,
      derived: false,
    });
    expect(chooseLabel([...source, derived], 'zh-Hant')?.value).toBe('第一屆年會');
    // In a fallback language too, a source's name before a derived title.
    const ja = { value: '第1回総会', lang: 'ja', derived: true };
    expect(chooseLabel([ja, { value: '総会', lang: 'ja' }], 'ko')?.value).toBe('総会');
    expect(chooseLabel([ja], 'ko')).toEqual({ ...ja, fallback: true, derived: true });
  });
  it('matches language ranges by basic filtering', () => {
    expect(langMatches('zh-Hant-TW', 'zh-hant')).toBe(true);
    expect(langMatches('zh', 'zh-Hant')).toBe(false);
    expect(langMatches('eng', 'en')).toBe(false);
  });
});

describe('one chooser everywhere', () => {
  it('the pages offer the label languages; reconciliation and the exports name an entity alike', () => {
    expect(UI_LANGUAGES).toBe(LABEL_LANGUAGES);
    const entity: IndexedEntity = { id: 'city/tokyo', iri: 'x:tokyo', kind: 'city', names, types: [], values: {} };
    const [row] = mixnmatchRows(new EntityIndex([entity]));
    expect(row.name).toBe('Tokyo');
    expect(displayName(entity)).toBe(row.name);
    const noEnglish = { ...entity, names: names.filter((n) => n.lang !== 'en' && n.lang !== '') };
    expect(displayName(noEnglish)).toBe('東京');
    expect(mixnmatchRows(new EntityIndex([noEnglish]))[0].name).toBe('東京');
  });
});
