// The extractor: the ANMC21 article (wiki-markdown) → typed facts with exact quotes, and diagnostics.
// It reads structure (sections, lists, links) generically and the prose with named statement patterns;
// whatever it cannot read becomes a diagnostic, never a guess.
// Size: one named pattern per kind of statement of the article, each with its diagnostics; the generic
// readers (inline links, numbers, tables, supplements) are already their own modules.

import type { Diagnostic } from '../diagnostics.ts';
import type { DateValue, Fact, Mention, Quote, Quoted } from './facts.ts';
import { findLinks, mentionOfLink, plainText, type InlineLink } from './inline.ts';
import { DATE_PATTERN, NUMERAL_CHARS, parseChineseNumber, parseDateGroups } from './numbers.ts';
import { SourceText } from './source-text.ts';

export interface Extraction {
  facts: Fact[];
  diagnostics: Diagnostic[];
}

/** Sections the extractor knows, by heading text; anything else is an error (unknown structure). */
export const KNOWN_SECTIONS = ['簡介', '成立目的', '會員都市', '年會地點', '退出城市', '外部連結'] as const;
const REQUIRED_SECTIONS = ['成立目的', '會員都市', '年會地點', '退出城市'];

/** Decode a source file strictly: binary or non-UTF-8 input is an error, not mojibake. */
export function decodeSource(bytes: Uint8Array, file: string): { text?: string; diagnostics: Diagnostic[] } {
  const at = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (bytes.includes(0)) {
    return {
      diagnostics: [
        {
          severity: 'error',
          message: 'File is binary (contains NUL bytes), not a wiki-markdown article',
          rule: 'extract/encoding',
          span: at,
        },
      ],
    };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, diagnostics: [] };
  } catch {
    return {
      diagnostics: [{ severity: 'error', message: 'File is not valid UTF-8', rule: 'extract/encoding', span: at }],
    };
  }
}

type BlockType = 'heading' | 'ordered' | 'bullet' | 'paragraph' | 'category';
interface Block {
  type: BlockType;
  /** UTF-16 range of the block, and of its content (after the list marker / heading hashes). */
  start: number;
  end: number;
  contentStart: number;
  line: number;
  level?: number;
  number?: number;
  section: string;
}

/** Read the article and return its facts and diagnostics. */
export function extractFacts(input: string | Uint8Array, file: string): Extraction {
  const diagnostics: Diagnostic[] = [];
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodeSource(input, file);
    if (decoded.text === undefined) return { facts: [], diagnostics: decoded.diagnostics };
    text = decoded.text;
  }
  if (text.trim() === '') {
    return {
      facts: [],
      diagnostics: [
        {
          severity: 'error',
          message: 'Article is empty',
          rule: 'extract/empty',
          span: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
        },
      ],
    };
  }
  const src = new SourceText(file, text);
  const blocks = readBlocks(src, diagnostics);
  const x = new Extractor(src, diagnostics);
  x.run(blocks);
  return { facts: x.facts, diagnostics };
}

function readBlocks(src: SourceText, diagnostics: Diagnostic[]): Block[] {
  const blocks: Block[] = [];
  let section = '';
  let current: Block | undefined;
  for (let n = 1; n <= src.lineCount; n++) {
    const line = src.line(n);
    const start = src.lineStarts[n - 1];
    const end = start + line.length;
    const close = () => {
      if (current) blocks.push(current);
      current = undefined;
    };
    if (line.trim() === '') {
      if (current?.type !== 'ordered' && current?.type !== 'bullet') close();
      else if (current) close();
      continue;
    }
    let m: RegExpExecArray | null;
    if ((m = /^(#{1,6})[ \t]+(.*?)[ \t]*$/.exec(line))) {
      close();
      section = m[2];
      const contentStart =
        start + m[1].length + (line.length - m[1].length - line.slice(m[1].length).trimStart().length);
      blocks.push({ type: 'heading', start, end, contentStart, line: n, level: m[1].length, section });
      if (!(KNOWN_SECTIONS as readonly string[]).includes(section)) {
        diagnostics.push({
          severity: 'error',
          message: `Unknown section "${section}": the extractor knows ${KNOWN_SECTIONS.join(', ')}`,
          rule: 'extract/unknown-section',
          span: src.span(contentStart, end),
        });
      }
    } else if ((m = /^([ \t]*)(\d+)\.(?:[ \t]+|$)/.exec(line))) {
      close();
      current = {
        type: 'ordered',
        start,
        end,
        contentStart: start + m[0].length,
        line: n,
        number: Number(m[2]),
        section,
      };
    } else if ((m = /^([ \t]*)[-*+](?:[ \t]+|$)/.exec(line))) {
      close();
      current = { type: 'bullet', start, end, contentStart: start + m[0].length, line: n, section };
    } else if (/^\[Category:/.test(line)) {
      close();
      blocks.push({ type: 'category', start, end, contentStart: start, line: n, section });
    } else if (current && (current.type === 'ordered' || current.type === 'bullet') && /^[ \t]{2,}\S/.test(line)) {
      current.end = end; // continuation line of a list item
    } else if (current?.type === 'paragraph') {
      current.end = end;
    } else {
      close();
      current = { type: 'paragraph', start, end, contentStart: start, line: n, section };
    }
  }
  if (current) blocks.push(current);
  return blocks;
}

class Extractor {
  readonly facts: Fact[] = [];
  /** Names the article itself links, used to find plain-text mentions of the same names in prose. */
  private readonly linkedNames = new Map<string, InlineLink>();

  constructor(
    private readonly src: SourceText,
    private readonly diagnostics: Diagnostic[],
  ) {}

  private error(rule: string, message: string, start: number, end: number, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ severity: 'error', message, rule, span: this.src.span(start, end), ...extra });
  }
  private warn(rule: string, message: string, start: number, end: number, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push({ severity: 'warning', message, rule, span: this.src.span(start, end), ...extra });
  }
  private info(rule: string, message: string, start: number, end: number): void {
    this.diagnostics.push({ severity: 'info', message, rule, span: this.src.span(start, end) });
  }

  run(blocks: Block[]): void {
    const sections = new Set(blocks.filter((b) => b.type === 'heading').map((b) => b.section));
    const linksByBlock = new Map<Block, InlineLink[]>();
    for (const block of blocks) {
      if (block.type === 'heading') continue;
      const links = findLinks(this.src, block.contentStart, block.end, this.diagnostics);
      linksByBlock.set(block, links);
      for (const link of links) {
        if (link.target?.kind === 'wiki-page' && !link.target.page!.startsWith('Category:') && link.label !== '') {
          if (!this.linkedNames.has(link.label)) this.linkedNames.set(link.label, link);
        }
      }
    }
    const members: Block[] = [];
    const meetings: Block[] = [];
    let sawCategory = false;
    for (const block of blocks) {
      const links = linksByBlock.get(block) ?? [];
      if (block.type === 'heading') continue;
      if (block.type === 'category') {
        sawCategory = true;
        this.category(block, links);
        continue;
      }
      for (const link of links) {
        if (link.target?.kind === 'wiki-page' && !link.target.page!.startsWith('Category:') && link.label !== '') {
          this.facts.push({
            kind: 'entity-link',
            mention: mentionOfLink(this.src, link),
            section: block.section || 'lead',
          });
        }
      }
      switch (block.section) {
        case '':
          if (block.type === 'paragraph') this.lead(block, links);
          else this.unexpected(block);
          break;
        case '成立目的':
          if (block.type === 'paragraph') this.purpose(block);
          else this.unexpected(block);
          break;
        case '會員都市':
          if (block.type === 'ordered') members.push(block);
          else if (block.type === 'paragraph') this.markerDefinition(block);
          else this.unexpected(block);
          break;
        case '年會地點':
          if (block.type === 'bullet') meetings.push(block);
          else this.unexpected(block);
          break;
        case '退出城市':
          if (block.type === 'bullet') this.formerMember(block, links);
          else this.unexpected(block);
          break;
        case '外部連結':
          if (block.type === 'bullet') this.externalLink(block, links);
          else this.unexpected(block);
          break;
        default:
          if (!(KNOWN_SECTIONS as readonly string[]).includes(block.section)) break; // already an error
          this.unexpected(block);
      }
    }
    this.memberList(members, linksByBlock);
    this.meetingList(meetings, linksByBlock);
    this.checkVariants();

    const last = blocks[blocks.length - 1];
    for (const name of REQUIRED_SECTIONS) {
      if (!sections.has(name)) {
        this.error(
          'extract/missing-section',
          `Section "${name}" is missing: the article is truncated or restructured`,
          last.start,
          last.end,
        );
      }
    }
    if (!sawCategory)
      this.warn('extract/no-categories', 'The article has no categories (is it truncated?)', last.start, last.end);
    const tail = this.src.text.slice(last.start, last.end).trimEnd();
    if (!/[。）)」\]]$/.test(tail)) {
      this.error(
        'extract/truncated',
        `The article ends in the middle of a ${last.type === 'paragraph' ? 'paragraph' : last.type + ' item'}: "…${tail.slice(-12)}"`,
        last.start,
        last.end,
      );
    }
  }

  private unexpected(block: Block): void {
    this.warn(
      'extract/unexpected-block',
      `Unexpected ${block.type} in section "${block.section || 'lead'}"; not read`,
      block.start,
      block.end,
    );
  }

  // ---------------------------------------------------------------- lead paragraph
  private lead(block: Block, links: InlineLink[]): void {
    const start = block.contentStart;
    const text = this.src.text.slice(start, block.end);
    const title = /^\*\*([^*\n]+)\*\*/.exec(text);
    if (title) this.networkName('title', title[1], start + 2, start + 2 + title[1].length);
    else this.error('extract/missing-fact', 'The lead does not start with the bold article title', start, block.end);

    const full = /全名為\*\*([^*\n]+)\*\*/.exec(text);
    if (full) {
      const s = start + full.index + full[0].indexOf('**') + 2;
      this.networkName('full', full[1], s, s + full[1].length);
    } else this.error('extract/missing-fact', 'The lead gives no full name (全名為**…**)', start, block.end);

    const english = /（([A-Za-z][A-Za-z0-9 ]*[A-Za-z0-9])，簡稱([A-Za-z0-9 \n]+?)）/.exec(text);
    if (english) {
      const s = start + english.index + 1;
      this.networkName('english', english[1], s, s + english[1].length);
      const a = start + english.index + english[0].indexOf('簡稱') + 2;
      const raw = english[2];
      const rendered = raw.replace(/\s+/g, ' ');
      if (raw.includes('\n')) {
        this.warn(
          'extract/split-abbreviation',
          `The abbreviation is split by a line break ("${raw.replace('\n', '⏎')}"); read as rendered, "${rendered}"`,
          a,
          a + raw.length,
          { actual: raw.replace('\n', '⏎'), expected: 'one line' },
        );
      }
      this.facts.push({
        kind: 'network-name',
        nameType: 'abbreviation',
        value: rendered,
        quote: this.src.quote(a, a + raw.length),
      });
    } else
      this.error(
        'extract/missing-fact',
        'The lead gives no English name and abbreviation (（English，簡稱ABBR）)',
        start,
        block.end,
      );

    this.founding(block, links, text);

    const status = /現在是(暫時中止活動)的狀態/.exec(text);
    if (status) {
      const s = start + status.index;
      this.facts.push({ kind: 'status', status: 'suspended', quote: this.src.quote(s, s + status[0].length) });
    } else this.error('extract/missing-fact', 'The lead gives no current status (現在是…的狀態)', start, block.end);
  }

  private networkName(nameType: 'title' | 'full' | 'english', value: string, s: number, e: number): void {
    this.facts.push({ kind: 'network-name', nameType, value, quote: this.src.quote(s, e) });
  }

  private founding(block: Block, links: InlineLink[], text: string): void {
    const start = block.contentStart;
    const m = /是(\d{4})年由/.exec(text);
    if (!m) {
      this.error('extract/missing-fact', 'The lead gives no founding year (是YYYY年由…)', start, block.end);
      return;
    }
    const yearStart = start + m.index + 1;
    // The links that follow directly, in a run: qualifiers …, then the initiator.
    const run: InlineLink[] = [];
    let at = start + m.index + m[0].length;
    for (const link of links) {
      if (link.start === at) {
        run.push(link);
        at = link.end;
      }
    }
    const last = run.pop();
    if (!last?.target?.page) {
      this.error('extract/missing-fact', 'The founding sentence names no initiator link', yearStart, block.end);
      return;
    }
    const page = last.target.page;
    let initiatorEnd = last.labelEnd;
    if (last.label !== page) {
      if (!last.label.startsWith(page)) {
        this.error(
          'extract/link-label',
          `Founding link label "${last.label}" does not name its target "${page}"`,
          last.start,
          last.end,
        );
        return;
      }
      initiatorEnd = last.labelStart + page.length;
      this.warn(
        'extract/link-label-overrun',
        `Link label "${last.label}" runs past the linked name "${page}"; the rest, "${last.label.slice(page.length)}", is read as prose`,
        last.labelStart,
        last.labelEnd,
        { expected: page, actual: last.label },
      );
    }
    const rest = this.src.text.slice(initiatorEnd, last.labelEnd);
    const others = new RegExp(`^與其他([${NUMERAL_CHARS}]+)個.*?(?:首長)`).exec(rest);
    const count = others ? parseChineseNumber(others[1]) : undefined;
    if (!others || count === undefined) {
      this.error(
        'extract/missing-fact',
        'The founding sentence does not say how many other cities took part (與其他N個…首長)',
        initiatorEnd,
        last.labelEnd,
      );
      return;
    }
    const countStart = initiatorEnd + 3;
    const sentenceEnd = this.src.text.indexOf('。', last.end);
    this.facts.push({
      kind: 'founding',
      year: { value: Number(m[1]), quote: this.src.quote(yearStart, yearStart + 4) },
      initiator: {
        label: { value: page, quote: this.src.quote(last.labelStart, initiatorEnd) },
        link: last.target,
        quote: this.src.quote(last.start, last.end),
      },
      qualifiers: run.map((l) => mentionOfLink(this.src, l)),
      otherCities: { value: count, quote: this.src.quote(countStart, countStart + others[1].length) },
      quote: this.src.quote(start + m.index, sentenceEnd === -1 ? last.end : sentenceEnd + 1),
    });
  }

  // ---------------------------------------------------------------- purpose
  private purpose(block: Block): void {
    const text = this.src.text.slice(block.start, block.end);
    this.facts.push({ kind: 'purpose', text, quote: this.src.quote(block.start, block.end) });
    const areas = /著力於(.+?)等議題/.exec(text);
    if (!areas) {
      this.error('extract/missing-fact', 'The purpose names no focus areas (著力於…等議題)', block.start, block.end);
      return;
    }
    let at = block.start + areas.index + 3;
    areas[1].split('、').forEach((label, i) => {
      if (label === '') this.warn('extract/empty-item', 'Empty focus area between two 、', at, at + 1);
      else
        this.facts.push({ kind: 'focus-area', label, position: i + 1, quote: this.src.quote(at, at + label.length) });
      at += label.length + 1;
    });
  }

  // ---------------------------------------------------------------- members
  private memberList(items: Block[], linksByBlock: Map<Block, InlineLink[]>): void {
    let expected = 1;
    const seen = new Set<number>();
    for (const item of items) {
      const n = item.number!;
      const numberEnd = item.start + this.src.text.slice(item.start, item.end).indexOf('.');
      const numberStart = numberEnd - String(n).length;
      if (seen.has(n))
        this.error('extract/list-numbering', `Member number ${n} appears twice`, numberStart, numberEnd + 1);
      else if (n !== expected) {
        this.warn('extract/list-numbering', `Member list numbering jumps to ${n}`, numberStart, numberEnd + 1, {
          expected: String(expected),
          actual: String(n),
        });
      }
      seen.add(n);
      expected = n + 1;
      const position: Quoted<number> = { value: n, quote: this.src.quote(numberStart, numberEnd) };
      const content = this.src.text.slice(item.contentStart, item.end).trimEnd();
      const quote = this.src.quote(item.start, item.contentStart + content.length);
      if (content === '') {
        this.warn(
          'extract/empty-member',
          `Member slot ${n} is empty: the article names no city there`,
          item.start,
          item.end,
        );
        this.facts.push({ kind: 'member-slot', position, quote });
        continue;
      }
      const links = linksByBlock.get(item) ?? [];
      const m = /^(\[[^\]]*\]\([^)]*\))(※)?$/.exec(content);
      if (!m || links.length !== 1) {
        this.error(
          'extract/member-item',
          `Cannot read member entry "${content}" (expected a city link, optionally followed by ※)`,
          item.contentStart,
          item.contentStart + content.length,
        );
        continue;
      }
      const link = links[0];
      if (link.label === '') {
        this.error('extract/member-item', `Member ${n} is a link with an empty label`, link.start, link.end);
        continue;
      }
      const marker = m[2] ? this.src.quote(link.end, link.end + 1) : undefined;
      this.facts.push({
        kind: 'member-slot',
        position,
        city: mentionOfLink(this.src, link),
        ...(marker ? { coFounder: marker } : {}),
        quote,
      });
    }
    if (items.length === 0) this.error('extract/missing-fact', 'The member list is empty', 0, 0);
    if (
      this.facts.some((f) => f.kind === 'member-slot' && f.coFounder) &&
      !this.facts.some((f) => f.kind === 'marker-definition')
    ) {
      this.warn(
        'extract/undefined-marker',
        'Members are marked ※ but the article does not say what ※ means',
        items[0].start,
        items[0].end,
      );
    }
  }

  private markerDefinition(block: Block): void {
    const text = this.src.text.slice(block.start, block.end);
    const m = /^(※)(.+)$/.exec(text);
    if (!m) {
      this.warn(
        'extract/unexpected-block',
        'Unexpected paragraph in the member list; not read',
        block.start,
        block.end,
      );
      return;
    }
    this.facts.push({
      kind: 'marker-definition',
      marker: m[1],
      meaning: m[2],
      quote: this.src.quote(block.start, block.end),
    });
  }

  // ---------------------------------------------------------------- meetings
  private meetingList(items: Block[], linksByBlock: Map<Block, InlineLink[]>): void {
    const ordinals = new Map<number, Quote>();
    let previous: { date: DateValue; ordinal?: number } | undefined;
    const pattern = new RegExp(
      `^${DATE_PATTERN}([ \\t]*[：:][ \\t]*)(?:第([${NUMERAL_CHARS}]+)屆年會|(臨時會議))，(.*?)(。)?$`,
    );
    for (const item of items) {
      const content = this.src.text.slice(item.contentStart, item.end).trimEnd();
      const cs = item.contentStart;
      if (content === '') {
        this.warn('extract/empty-item', 'Empty item in the meetings list', item.start, item.end);
        continue;
      }
      const m = pattern.exec(content);
      if (!m) {
        this.error(
          'extract/meeting-item',
          `Cannot read meeting entry "${content}" (expected "YYYY年M月：第N屆年會，[host](…)。")`,
          cs,
          cs + content.length,
        );
        continue;
      }
      const [, year, month, day, season, sep, ordinalText, extraordinary, hostText, stop] = m;
      const dateText = content.slice(0, content.indexOf(sep));
      const date = parseDateGroups(year, month, day, season);
      if (!date.ok) {
        this.error('extract/date', `Unknown date "${dateText}": ${date.reason}`, cs, cs + dateText.length, {
          actual: dateText,
        });
        continue;
      }
      if (date.value.month === undefined) {
        this.error('extract/date', `Meeting date "${dateText}" has no month`, cs, cs + dateText.length);
        continue;
      }
      if (sep.trim() !== '：')
        this.info(
          'extract/punctuation',
          `Half-width "${sep.trim()}" where the list elsewhere uses "："`,
          cs + dateText.length,
          cs + dateText.length + sep.length,
        );
      if (!stop)
        this.info(
          'extract/punctuation',
          'Meeting entry does not end with "。" like the others',
          cs + content.length - 1,
          cs + content.length,
        );
      const quote = this.src.quote(cs, cs + content.length);
      const fact: Extract<Fact, { kind: 'meeting' }> = {
        kind: 'meeting',
        date: { value: date.value, quote: this.src.quote(cs, cs + dateText.length) },
        meetingType: extraordinary ? 'extraordinary' : 'plenary',
        quote,
      };
      const afterSep = cs + dateText.length + sep.length;
      if (ordinalText !== undefined) {
        const n = parseChineseNumber(ordinalText);
        const os = afterSep + 1;
        if (n === undefined || n < 1) {
          this.error('extract/ordinal', `Unknown ordinal "第${ordinalText}屆"`, os - 1, os + ordinalText.length + 1);
          continue;
        }
        fact.ordinal = { value: n, quote: this.src.quote(os - 1, os + ordinalText.length + 1) };
        const earlier = ordinals.get(n);
        if (earlier) {
          this.error(
            'extract/duplicate-ordinal',
            `Ordinal 第${ordinalText}屆 is given twice (also on line ${earlier.span.line})`,
            os - 1,
            os + ordinalText.length + 1,
          );
          continue;
        }
        ordinals.set(n, fact.ordinal.quote);
      }
      const hostStart = cs + m[0].length - hostText.length - (stop ? 1 : 0);
      if (hostText.trim() === '') {
        this.warn(
          'extract/empty-host',
          `Meeting ${dateText} names no host city`,
          hostStart - 1,
          hostStart + (stop ? 1 : 0),
        );
      } else {
        const links = (linksByBlock.get(item) ?? []).filter((l) => l.start >= hostStart);
        if (links.length !== 1 || links[0].start !== hostStart || links[0].end !== hostStart + hostText.length) {
          this.error(
            'extract/meeting-item',
            `Cannot read meeting host "${hostText}" (expected one city link)`,
            hostStart,
            hostStart + hostText.length,
          );
          continue;
        }
        fact.host = mentionOfLink(this.src, links[0]);
      }
      if (previous && compareDates(previous.date, date.value) > 0) {
        this.warn(
          'extract/meeting-order',
          `Meeting ${dateText} is listed after a later meeting`,
          cs,
          cs + dateText.length,
        );
      }
      if (previous?.ordinal !== undefined && fact.ordinal && fact.ordinal.value !== previous.ordinal + 1) {
        const os = afterSep;
        this.warn(
          'extract/meeting-order',
          `Ordinal ${fact.ordinal.value} does not follow ${previous.ordinal}`,
          os,
          os + fact.ordinal.quote.text.length,
        );
      }
      previous = { date: date.value, ordinal: fact.ordinal?.value ?? previous?.ordinal };
      this.facts.push(fact);
    }
    if (items.length === 0) this.error('extract/missing-fact', 'The meetings list is empty', 0, 0);
  }

  // ---------------------------------------------------------------- former members (the Beijing story)
  private formerMember(block: Block, links: InlineLink[]): void {
    const first = links[0];
    const cs = block.contentStart;
    if (!first || first.start !== cs) {
      this.error('extract/former-member', 'A former-member entry must start with the city link', cs, block.end);
      return;
    }
    const city = mentionOfLink(this.src, first);
    const { text, toSource } = plainText(this.src, first.end, block.end, links.slice(1));
    const q = (a: number, b: number): Quote => this.src.quote(toSource[a], toSource[b - 1] + 1);
    const name = this.namePattern();
    const date = DATE_PATTERN;
    const N = `[${NUMERAL_CHARS}]+`;
    const whole = this.src.quote(block.start, block.end);
    const mentionAt = (m: RegExpExecArray, group: number): Mention => {
      const [a, b] = groupRange(m, group);
      const start = toSource[a];
      const end = toSource[b - 1] + 1;
      // A mention carries a link only where the text really is that link's label.
      const link = links.find((l) => l.labelStart === start && l.labelEnd === end);
      const label = { value: m[group], quote: q(a, b) };
      return link
        ? { label, ...(link.target ? { link: link.target } : {}), quote: this.src.quote(link.start, link.end) }
        : { label, quote: label.quote };
    };
    const num = (m: RegExpExecArray, group: number): Quoted<number> => {
      const [a, b] = groupRange(m, group);
      const value = parseChineseNumber(m[group]);
      if (value === undefined) throw new Error(`unreadable number ${m[group]}`);
      return { value, quote: q(a, b) };
    };
    const dateAt = (m: RegExpExecArray, group: number): Quoted<DateValue> | undefined => {
      const [a, b] = groupRange(m, group);
      const parts = new RegExp(`^${date}$`).exec(m[group])!;
      const parsed = parseDateGroups(parts[1], parts[2], parts[3], parts[4]);
      if (!parsed.ok) {
        this.error('extract/date', `Unknown date "${m[group]}": ${parsed.reason}`, toSource[a], toSource[b - 1] + 1);
        return undefined;
      }
      return { value: parsed.value, quote: q(a, b) };
    };
    const statements: Array<{ what: string; re: string; make: (m: RegExpExecArray) => Fact | undefined }> = [
      {
        what: 'founding membership (原本…也是…創始會員城市之一)',
        re: `原本(${name})也是\\S*?(創始會員城市)之一`,
        make: (m) => ({
          kind: 'former-member',
          city,
          founding: q(...groupRange(m, 2)),
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'the hosting contest (在第N屆年會時，A與B爭辦YYYY年年會主辦權)',
        re: `在第(${N})屆年會時，(${name})與(${name})爭辦(\\d{4})年年會主辦權`,
        make: (m) => ({
          kind: 'hosting-contest',
          atOrdinal: num(m, 1),
          forYear: { value: Number(m[4]), quote: q(...groupRange(m, 4)) },
          candidates: [mentionAt(m, 2), mentionAt(m, 3)],
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'a vote count (A贏得N票)',
        re: `(${name})贏得(${N})票`,
        make: (m) => ({
          kind: 'vote-count',
          candidate: mentionAt(m, 1),
          votes: num(m, 2),
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'a vote margin (A贏得…，較B多N票)',
        re: `(${name})贏得${N}票，較(${name})多(${N})票`,
        make: (m) => ({
          kind: 'vote-margin',
          candidate: mentionAt(m, 1),
          other: mentionAt(m, 2),
          margin: num(m, 3),
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'the threshold (但並未贏得章程規定所需的三分之二（八票）贊成票)',
        re: `(並未)?贏得(章程)規定所需的(${N})分之(${N})（(${N})票）贊成票`,
        make: (m) => {
          const candidate = this.facts.findLast((f) => f.kind === 'vote-count');
          if (!candidate || candidate.kind !== 'vote-count') return undefined;
          const [fa] = groupRange(m, 3);
          const [, fb] = groupRange(m, 4);
          return {
            kind: 'vote-threshold',
            candidate: candidate.candidate,
            fraction: {
              value: { numerator: parseChineseNumber(m[4])!, denominator: parseChineseNumber(m[3])! },
              quote: q(fa, fb),
            },
            votes: num(m, 5),
            rule: { value: m[2], quote: q(...groupRange(m, 2)) },
            reached: m[1] === undefined,
            quote: q(m.index, m.index + m[0].length),
          };
        },
      },
      {
        what: 'the hosting agreement (達成協議，YYYY年由A主辦，YYYY年再由B取得優先主辦權)',
        re: `達成協議，(\\d{4})年由(${name})主辦，(\\d{4})年再由(${name})取得優先主辦權`,
        make: (m) => ({
          kind: 'hosting-agreement',
          hostYear: { value: Number(m[1]), quote: q(...groupRange(m, 1)) },
          host: mentionAt(m, 2),
          priorityYear: { value: Number(m[3]), quote: q(...groupRange(m, 3)) },
          priority: mentionAt(m, 4),
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'the pledge (除了A與B以外的N個城市也簽署切結書，表態不爭取YYYY年年會主辦權)',
        re: `除了(${name})與(${name})以外的(${N})個城市也簽署(切結書)，表態不爭取(\\d{4})年年會主辦權`,
        make: (m) => ({
          kind: 'pledge',
          excluding: [mentionAt(m, 1), mentionAt(m, 2)],
          signatoryCount: num(m, 3),
          document: { value: m[4], quote: q(...groupRange(m, 4)) },
          forYear: { value: Number(m[5]), quote: q(...groupRange(m, 5)) },
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'the objection to the joint statement (A反對將這項協議列入共同聲明)',
        re: `(${name})反對將這項協議列入共同聲明`,
        make: (m) => ({
          kind: 'joint-statement-objection',
          actor: mentionAt(m, 1),
          quote: q(m.index, m.index + m[0].length),
        }),
      },
      {
        what: 'the declaration refusal (拒絕簽署大會YYYY年的「…宣言」)',
        re: `(${name})反對\\S*?拒絕簽署大會(\\d{4})年的「([^」]+)」`,
        make: (m) => {
          const [da, db] = groupRange(m, 3);
          return {
            kind: 'declaration-refusal',
            actor: mentionAt(m, 1),
            year: { value: Number(m[2]), quote: q(...groupRange(m, 2)) },
            declaration: { label: { value: m[3], quote: q(da, db) }, quote: q(da - 1, db + 1) },
            quote: q(m.index + m[0].indexOf('拒絕簽署'), m.index + m[0].length),
          };
        },
      },
      {
        what: 'the withdrawal (並於YYYY年M月退出)',
        re: `並於(${date})退出`,
        make: (m) => {
          const d = dateAt(m, 1);
          return d && { kind: 'withdrawal', city, date: d, quote: q(m.index, m.index + m[0].length) };
        },
      },
      {
        what: 'the cancelled meeting (使原定YYYY年秋天在A召開的第N屆年會停擺)',
        re: `原定(${date})在(${name})召開的第(${N})屆年會停擺`,
        make: (m) => {
          const d = dateAt(m, 1);
          return (
            d && {
              kind: 'cancelled-meeting',
              date: d,
              place: mentionAt(m, 6),
              ordinal: num(m, 7),
              quote: q(m.index, m.index + m[0].length),
            }
          );
        },
      },
      {
        what: 'the extraordinary meeting (A於YYYY年M月D日召開臨時會議)',
        re: `(${name})於(${date})召開臨時會議`,
        make: (m) => {
          const d = dateAt(m, 2);
          return (
            d && {
              kind: 'extraordinary-convened',
              convenor: mentionAt(m, 1),
              date: d,
              quote: q(m.index, m.index + m[0].length),
            }
          );
        },
      },
      {
        what: 'the decision (決定由A提前把YYYY年秋天預定舉辦的第N屆年會更改為YYYY年M月舉辦第N屆年會)',
        re: `決定由(${name})提前把(${date})預定舉辦的第(${N})屆年會更改為(${date})舉辦第(${N})屆年會`,
        make: (m) => {
          const from = dateAt(m, 2);
          const to = dateAt(m, 8);
          return (
            from &&
            to && {
              kind: 'meeting-rescheduled',
              host: mentionAt(m, 1),
              fromDate: from,
              fromOrdinal: num(m, 7),
              toDate: to,
              toOrdinal: num(m, 13),
              quote: q(m.index, m.index + m[0].length),
            }
          );
        },
      },
    ];
    for (const statement of statements) {
      const m = new RegExp(statement.re, 'd').exec(text);
      if (!m) {
        this.error(
          'extract/missing-fact',
          `The former-member entry does not state ${statement.what}`,
          block.start,
          block.end,
        );
        continue;
      }
      const fact = statement.make(m);
      if (fact) this.facts.push(fact);
    }
    if (!this.facts.some((f) => f.kind === 'former-member' && f.city.quote.offset === city.quote.offset)) {
      this.facts.push({ kind: 'former-member', city, quote: whole });
    }
  }

  /** Names the prose may mention: every label the article links, longest first. */
  private namePattern(): string {
    const names = [...this.linkedNames.keys()].sort((a, b) => b.length - a.length);
    return names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  }

  // ---------------------------------------------------------------- links, categories
  private externalLink(block: Block, links: InlineLink[]): void {
    const content = this.src.text.slice(block.contentStart, block.end).trimEnd();
    if (links.length !== 1 || links[0].end - links[0].start !== content.length) {
      this.error(
        'extract/external-link',
        `Cannot read external link entry "${content}"`,
        block.contentStart,
        block.end,
      );
      return;
    }
    const link = links[0];
    if (!link.target) return; // already diagnosed
    if (link.label === '')
      this.warn('extract/empty-link-label', `External link ${link.rawTarget} has an empty label`, link.start, link.end);
    this.facts.push({
      kind: 'external-link',
      url: link.target.url,
      label: link.label,
      quote: this.src.quote(link.start, link.end),
    });
  }

  private category(block: Block, links: InlineLink[]): void {
    const line = this.src.text.slice(block.start, block.end).trimEnd();
    if (
      links.length !== 1 ||
      links[0].end - links[0].start !== line.length ||
      !links[0].target?.page?.startsWith('Category:')
    ) {
      this.error('extract/category', `Cannot read category line "${line}"`, block.start, block.end);
      return;
    }
    const link = links[0];
    const name = link.target!.page!.slice('Category:'.length);
    if (link.label !== `Category:${name}`) {
      this.warn(
        'extract/category',
        `Category label "${link.label}" differs from its target "${link.target!.page}"`,
        link.start,
        link.end,
      );
    }
    this.facts.push({ kind: 'category', name, link: link.target!, quote: this.src.quote(link.start, link.end) });
  }

  /** The same name written with different character variants (台北 / 臺北) in different places. */
  private checkVariants(): void {
    const byNormal = new Map<string, Mention>();
    for (const fact of this.facts) {
      if (fact.kind !== 'entity-link') continue;
      const label = fact.mention.label.value;
      const normal = label.replace(/台/g, '臺');
      const earlier = byNormal.get(normal);
      if (earlier && earlier.label.value !== label) {
        const q = fact.mention.label.quote;
        this.diagnostics.push({
          severity: 'warning',
          message: `"${label}" here and "${earlier.label.value}" on line ${earlier.label.quote.span.line} are variant spellings of one name (台/臺); both resolve through data/ids.tsv`,
          rule: 'extract/variant-name',
          span: q.span,
          expected: earlier.label.value,
          actual: label,
        });
      } else if (!earlier) byNormal.set(normal, fact.mention);
    }
  }
}

/** UTF-16 range of a regexp group (needs the `d` flag). */
function groupRange(m: RegExpExecArray, group: number): [number, number] {
  const r = m.indices?.[group];
  if (!r) throw new Error(`group ${group} did not match`);
  return [r[0], r[1]];
}

function compareDates(a: DateValue, b: DateValue): number {
  return a.year - b.year || (a.month ?? 0) - (b.month ?? 0) || (a.day ?? 0) - (b.day ?? 0);
}
