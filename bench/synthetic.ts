// Synthetic input shaped like the article's: facts with exact quotes into a generated source text,
// supplement rows and an ID registry, so the bench can push any size through the real map path.
//
// One "unit" is one member city (slot, names in zh-Hant/en/ja, Wikidata, coordinates), one meeting it
// hosts, and now and then a former member, a withdrawal and a prose mention. Output size grows
// linearly in units; `unitsForTriples` picks the count for a target number of quads.

import type { SourceSpan } from '../src/diagnostics.ts';
import type { Fact, LinkTarget, Mention, Quote } from '../src/extract/facts.ts';
import type { RegistryEntry, SupplementFact } from '../src/extract/supplements.ts';

export const SYNTHETIC_SOURCE_FILE = 'synthetic/article.zh-hant.md';
export const SYNTHETIC_SUPPLEMENTS_FILE = 'synthetic/facts.tsv';
export const SYNTHETIC_REGISTRY_FILE = 'synthetic/ids.tsv';

export interface SyntheticInput {
  facts: Fact[];
  supplements: SupplementFact[];
  registry: RegistryEntry[];
  /** The generated article every quote points into (code-point offsets, see diagnostics.ts). */
  sourceText: string;
  sourceFile: string;
  supplementsFile: string;
  units: number;
}

/** Builds the source text line by line and hands out quotes with exact spans and offsets. */
export class SourceWriter {
  private readonly lines: string[] = [];
  private offset = 0;
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  /**
   * Append one line made of `parts`; returns a quote for each part (same order) and for the whole
   * line. Parts are joined without separators.
   */
  line(...parts: string[]): { parts: Quote[]; whole: Quote } {
    const lineNo = this.lines.length + 1;
    const start = this.offset;
    const quotes: Quote[] = [];
    let col = 0;
    for (const text of parts) {
      const length = [...text].length;
      quotes.push(this.quote(text, lineNo, col, length, start));
      col += length;
    }
    const text = parts.join('');
    this.lines.push(text);
    this.offset += col + 1; // the line break
    return { parts: quotes, whole: this.quote(text, lineNo, 0, col, start) };
  }

  /** A blank line (Markdown paragraph break). */
  blank(): void {
    this.lines.push('');
    this.offset += 1;
  }

  text(): string {
    return this.lines.join('\n') + '\n';
  }

  private quote(text: string, line: number, col: number, length: number, lineStart: number): Quote {
    const span: SourceSpan = { file: this.file, line, column: col + 1, endLine: line, endColumn: col + 1 + length };
    return { text, span, offset: lineStart + col, endOffset: lineStart + col + length };
  }
}

const pad = (n: number, width = 5) => String(n).padStart(width, '0');
const cityName = (i: number) => `合成市${pad(i)}`;
const citySlug = (i: number) => `synth-${pad(i)}`;
const wikiUrl = (page: string) => `https://zh.wikipedia.org/wiki/${page}`;
const FOCUS = ['觀光', '環境', '產業'] as const;
const NETWORK = '合成都市網';

/** Markup of a wiki link, split so the label can be quoted on its own: `[`, label, `](url "wikilink")`. */
function linkParts(label: string): [string, string, string] {
  return ['[', label, `](${wikiUrl(label)} "wikilink")`];
}

function mention(open: Quote, label: Quote, close: Quote): Mention {
  const link: LinkTarget = { raw: wikiUrl(label.text), kind: 'wiki-page', page: label.text, url: wikiUrl(label.text) };
  const quote: Quote = {
    text: open.text + label.text + close.text,
    span: { ...open.span, endColumn: close.span.endColumn },
    offset: open.offset,
    endOffset: close.endOffset,
  };
  return { label: { value: label.text, quote: label }, link, quote };
}

/** Deterministic pseudo-random numbers (mulberry32), so the same units give the same bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Generate `units` member cities with their meetings, supplements and registry entries. */
export function generateSynthetic(units: number, seed = 21): SyntheticInput {
  if (!Number.isInteger(units) || units < 4) throw new Error(`units must be an integer ≥ 4, got ${units}`);
  if (units > 90_000) throw new Error(`units must be ≤ 90000 (meeting months run out at year 9999), got ${units}`);
  const rnd = random(seed);
  const w = new SourceWriter(SYNTHETIC_SOURCE_FILE);
  const facts: Fact[] = [];
  const registry: RegistryEntry[] = [];
  const supplements: SupplementFact[] = [];
  const registrySpan = (line: number): SourceSpan => ({
    file: SYNTHETIC_REGISTRY_FILE,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
  });
  const register = (kind: string, slug: string, name: string) =>
    registry.push({ kind, slug, names: [name], pages: [name], span: registrySpan(registry.length + 2) });
  const supplement = (
    subject: string,
    property: string,
    value: string,
    confidence: 'verified' | 'probable' = 'verified',
  ) => {
    const line = supplements.length + 2;
    supplements.push({
      id: `s${line}`,
      subject,
      property,
      value,
      confidence,
      note: '',
      source: `https://example.org/synthetic/${subject}#${property}`,
      span: { file: SYNTHETIC_SUPPLEMENTS_FILE, line, column: 1, endLine: line, endColumn: 2 },
    });
  };

  // The network: names, purpose, focus areas, status.
  register('network', 'synthetic', NETWORK);
  for (const f of FOCUS) register('concept', `focus-${FOCUS.indexOf(f) + 1}`, f);
  const title = w.line('**', NETWORK, '**，英文名 ', 'Synthetic Network of Cities', '，簡稱 ', 'SNC', '。');
  facts.push({ kind: 'network-name', nameType: 'title', value: NETWORK, quote: title.parts[1] });
  facts.push({
    kind: 'network-name',
    nameType: 'english',
    value: 'Synthetic Network of Cities',
    quote: title.parts[3],
  });
  facts.push({ kind: 'network-name', nameType: 'abbreviation', value: 'SNC', quote: title.parts[5] });
  register('place', 'synthetic-country', '合成國');
  register('concept', 'mayor', '市長');
  register('person', 'synthetic-founder', '合成人');
  const founding = w.line(
    '由',
    ...linkParts('合成國'),
    ...linkParts('市長'),
    ...linkParts('合成人'),
    '與其他',
    '3',
    '個都市首長於',
    '999',
    '年發起。',
  );
  const at = (k: number) => mention(founding.parts[k]!, founding.parts[k + 1]!, founding.parts[k + 2]!);
  facts.push({
    kind: 'founding',
    year: { value: 999, quote: founding.parts[13]! },
    initiator: at(7),
    qualifiers: [at(1), at(4)],
    otherCities: { value: 3, quote: founding.parts[11]! },
    quote: founding.whole,
  });
  w.blank();
  const status = w.line('現在是暫時中止活動的狀態。');
  facts.push({ kind: 'status', status: 'suspended', quote: status.whole });
  const purposeText = `著力於${FOCUS.join('、')}等議題。`;
  const purpose = w.line('著力於', FOCUS[0], '、', FOCUS[1], '、', FOCUS[2], '等議題。');
  facts.push({ kind: 'purpose', text: purposeText, quote: purpose.whole });
  FOCUS.forEach((label, k) =>
    facts.push({ kind: 'focus-area', label, position: k + 1, quote: purpose.parts[1 + 2 * k] }),
  );
  w.blank();

  // Member list: one slot per unit; every 7th a co-founder (※, defined below the list).
  for (let i = 1; i <= units; i++) register('city', citySlug(i), cityName(i));
  const markerLines: Quote[] = [];
  for (let i = 1; i <= units; i++) {
    const position = `${i}.`;
    const [o, l, c] = linkParts(cityName(i));
    const marked = i % 7 === 1;
    const line = w.line(position, '  ', o, l, c, ...(marked ? ['※'] : []));
    const city = mention(line.parts[2], line.parts[3], line.parts[4]);
    facts.push({
      kind: 'member-slot',
      position: { value: i, quote: line.parts[0] },
      city,
      quote: line.whole,
      ...(marked ? { coFounder: line.parts[5] } : {}),
    });
    if (marked) markerLines.push(line.parts[5]);
  }
  const marker = w.line('※', '：', '共同提倡都市');
  facts.push({ kind: 'marker-definition', marker: '※', meaning: '共同提倡都市', quote: marker.whole });
  w.blank();

  // Meetings: one a month from 1000-01, hosted by the unit's city; every 9th an extraordinary one.
  for (let j = 1; j <= units; j++) {
    const year = 1000 + Math.floor((j - 1) / 12);
    const month = ((j - 1) % 12) + 1;
    const extraordinary = j % 9 === 0;
    const [o, l, c] = linkParts(cityName(j));
    const line = w.line('* ', `${year}年${month}月`, '：', extraordinary ? '臨時會議' : `第${j}屆年會`, '，', o, l, c);
    facts.push({
      kind: 'meeting',
      date: { value: { year, month }, quote: line.parts[1] },
      meetingType: extraordinary ? 'extraordinary' : 'plenary',
      ...(extraordinary ? {} : { ordinal: { value: j, quote: line.parts[3] } }),
      host: mention(line.parts[5], line.parts[6], line.parts[7]),
      quote: line.whole,
    });
  }
  w.blank();

  // Former members (every 10th unit gets one more city that left), each with a withdrawal date.
  for (let i = 10; i <= units; i += 10) {
    const k = units + i / 10;
    register('city', citySlug(k), cityName(k));
    const [o, l, c] = linkParts(cityName(k));
    const line = w.line('* ', o, l, c, '（創始會員），', `${1900 + (k % 120)}年${(k % 12) + 1}月`, '退出。');
    const city = mention(line.parts[1], line.parts[2], line.parts[3]);
    facts.push({ kind: 'former-member', city, founding: line.parts[4], quote: line.whole });
    facts.push({
      kind: 'withdrawal',
      city,
      date: { value: { year: 1900 + (k % 120), month: (k % 12) + 1 }, quote: line.parts[5] },
      quote: line.whole,
    });
  }
  w.blank();

  // One hosting vote, as the article has: four candidates, their counts, a margin.
  const candidates = [1, 2, 3, 4];
  const contestParts = candidates.flatMap((i) => [...linkParts(cityName(i)), '、']);
  const contest = w.line('第', '1', '屆年會上，', ...contestParts, '爭取', '1001', '年會主辦權。');
  const candidateMentions = candidates.map((_, k) =>
    mention(contest.parts[3 + 4 * k], contest.parts[4 + 4 * k], contest.parts[5 + 4 * k]),
  );
  facts.push({
    kind: 'hosting-contest',
    atOrdinal: { value: 1, quote: contest.parts[1] },
    forYear: { value: 1001, quote: contest.parts[4 + 4 * candidates.length] },
    candidates: candidateMentions,
    quote: contest.whole,
  });
  for (const i of candidates) {
    const votes = 1 + Math.floor(rnd() * 20);
    const [o, l, c] = linkParts(cityName(i));
    const line = w.line(o, l, c, '得', String(votes), '票。');
    facts.push({
      kind: 'vote-count',
      candidate: mention(line.parts[0], line.parts[1], line.parts[2]),
      votes: { value: votes, quote: line.parts[4] },
      quote: line.whole,
    });
  }
  {
    const [o1, l1, c1] = linkParts(cityName(1));
    const [o2, l2, c2] = linkParts(cityName(2));
    const line = w.line(o1, l1, c1, '比', o2, l2, c2, '多', '2', '票。');
    facts.push({
      kind: 'vote-margin',
      candidate: mention(line.parts[0], line.parts[1], line.parts[2]),
      other: mention(line.parts[4], line.parts[5], line.parts[6]),
      margin: { value: 2, quote: line.parts[8] },
      quote: line.whole,
    });
  }
  w.blank();

  // Prose mentions of every 5th city (entity links), and the article's external link and category.
  for (let i = 5; i <= units; i += 5) {
    const [o, l, c] = linkParts(cityName(i));
    const line = w.line('該網絡曾與', o, l, c, '合作。');
    facts.push({ kind: 'entity-link', mention: mention(line.parts[1], line.parts[2], line.parts[3]), section: '歷史' });
  }
  const ext = w.line('* [官方網站](', 'https://example.org/synthetic-network', ')');
  facts.push({
    kind: 'external-link',
    url: 'https://example.org/synthetic-network',
    label: '官方網站',
    quote: ext.whole,
  });
  const cat = w.line('[分類:國際組織](', 'https://zh.wikipedia.org/wiki/Category:國際組織', ')');
  facts.push({
    kind: 'category',
    name: '國際組織',
    quote: cat.whole,
    link: { raw: cat.parts[1].text, kind: 'wiki-page', page: 'Category:國際組織', url: cat.parts[1].text },
  });

  // Supplements: multilingual names, Wikidata, coordinates per city; join dates; meeting end dates.
  for (let i = 1; i <= units; i++) {
    const city = `city/${citySlug(i)}`;
    supplement(city, 'name_en', `Synthetic City ${i}`);
    supplement(city, 'name_ja', `合成都市${i}`);
    supplement(city, 'wikidata', `Q${900_000 + i}`);
    const lat = (rnd() * 170 - 85).toFixed(2);
    const lon = (rnd() * 350 - 175).toFixed(2);
    supplement(city, 'coordinates', `${lat}, ${lon}`, i % 4 === 0 ? 'probable' : 'verified');
    if (i % 3 === 0) supplement(`membership/${i}`, 'join_date', `${1990 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`);
    if (i % 2 === 0) {
      const year = 1000 + Math.floor((i - 1) / 12);
      const month = String(((i - 1) % 12) + 1).padStart(2, '0');
      supplement(`meeting/${year}-${month}`, 'end_date', `${year}-${month}-2${i % 9}`);
    }
  }
  return {
    facts,
    supplements,
    registry,
    sourceText: w.text(),
    sourceFile: SYNTHETIC_SOURCE_FILE,
    supplementsFile: SYNTHETIC_SUPPLEMENTS_FILE,
    units,
  };
}

/**
 * Units for a target quad count, from two measured points (`a` units → `qa` quads, `b` → `qb`):
 * the growth is linear, so interpolate and round; at least 4.
 */
export function unitsForTriples(
  target: number,
  a: { units: number; quads: number },
  b: { units: number; quads: number },
): number {
  const perUnit = (b.quads - a.quads) / (b.units - a.units);
  if (!(perUnit > 0)) throw new Error(`calibration is not increasing: ${JSON.stringify([a, b])}`);
  const fixed = a.quads - perUnit * a.units;
  return Math.max(4, Math.round((target - fixed) / perUnit));
}
