// Name matching for reconciliation: one comparison key per name across scripts (Traditional and
// Simplified Chinese, 台/臺), letter case, diacritics and punctuation; administrative suffixes and
// typos score lower. Every score says how it was reached (features).

import * as OpenCC from 'opencc-js';
import { Lru } from '../store/lru.ts';

/** Taiwan and Hong Kong forms to Simplified; made on first use (building the dictionaries took ~80 ms of start-up). */
let simplify: ((text: string) => string) | undefined;
function toSimplified(text: string): string {
  if (!simplify) {
    const [tw, hk] = [OpenCC.Converter({ from: 'tw', to: 'cn' }), OpenCC.Converter({ from: 'hk', to: 'cn' })];
    simplify = (t) => hk(tw(t));
  }
  return simplify(text);
}

/**
 * Keys already made: the index's names are compared with every query (the script conversion is what
 * costs, ~0.1 ms a name), and a query is compared with every name. Bounded, keys weighed.
 */
const keys = new Lru<string, string>(8192, 4_000_000, (made, name) => 2 * (made.length + name.length));

/** The comparison key of a name: NFKC, Simplified script, lower case, no diacritics, no spaces or punctuation. */
export function nameKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = makeNameKey(name);
    keys.set(name, key);
  }
  return key;
}

function makeNameKey(name: string): string {
  const simplified = toSimplified(name.normalize('NFKC'));
  return simplified
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/** The key with the script left as written (to tell an exact match from a script-variant match). */
function literalKey(name: string): string {
  return name
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/** Suffixes that name the administrative unit rather than the place: 台北市 ~ 台北, Tokyo Metropolis ~ Tokyo. */
const SUFFIXES = [
  '市',
  '都',
  '特别市',
  '首都',
  'city',
  'metropolis',
  'metropolitan',
  'capitalcity',
  'region',
  '特別市',
  '都市',
];
const PREFIXES = ['metropolitan', 'cityof', 'thecapitalcityof', 'nationalcapitalterritoryof'];

function stripUnit(key: string): string {
  let k = key;
  for (const p of PREFIXES) if (k.startsWith(p) && k.length > p.length + 1) k = k.slice(p.length);
  for (const s of SUFFIXES) if (k.endsWith(s) && k.length > s.length + 1) k = k.slice(0, -s.length);
  return k;
}

/** Damerau–Levenshtein (optimal string alignment) distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

export interface NameScore {
  /** 0–100. */
  score: number;
  /** How: `exact` | `script-variant` | `unit-suffix` | `edit-distance` | `none`. */
  how: 'exact' | 'script-variant' | 'unit-suffix' | 'edit-distance' | 'none';
  /** The candidate name that gave the score. */
  name: string;
  distance?: number;
}

/**
 * Score a query against one candidate name.
 * exact 100 · same name in another script (东京/東京, 台北/臺北) 98 · differs by an administrative
 * unit (台北市/台北, Tokyo Metropolis/Tokyo) 90 · typos: 85 minus 15 per edit, for names of 4+ letters,
 * at most one edit per 4 letters.
 */
export function scoreName(query: string, candidate: string): NameScore {
  const q = nameKey(query);
  const c = nameKey(candidate);
  if (q === '' || c === '') return { score: 0, how: 'none', name: candidate };
  if (q === c)
    return literalKey(query) === literalKey(candidate)
      ? { score: 100, how: 'exact', name: candidate }
      : { score: 98, how: 'script-variant', name: candidate };
  if (stripUnit(q) === stripUnit(c)) return { score: 90, how: 'unit-suffix', name: candidate };
  const qs = stripUnit(q);
  const cs = stripUnit(c);
  const length = Math.min(Array.from(qs).length, Array.from(cs).length);
  // The distance is at least the difference in length: past the allowance, no need to compute it
  // (a long query then costs nothing more than a short one).
  if (length >= 4 && Math.abs(Array.from(qs).length - Array.from(cs).length) <= Math.floor(length / 4)) {
    const distance = editDistance(qs, cs);
    if (distance <= Math.floor(length / 4))
      return { score: 85 - 15 * (distance - 1), how: 'edit-distance', name: candidate, distance };
  }
  return { score: 0, how: 'none', name: candidate };
}
