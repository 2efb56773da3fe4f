// The facts the extractor finds in the article: typed records, each with its exact quote and span.
// No RDF here: entities are mentions (label + optional wiki link), resolved to IRIs by map/.

import type { SourceSpan } from '../diagnostics.ts';

/** An exact piece of the source text and where it stands. */
export interface Quote {
  /** The exact characters of the source (may contain a line break). */
  text: string;
  span: SourceSpan;
  /** Code-point offsets into the file, end exclusive. */
  offset: number;
  endOffset: number;
}

export interface Quoted<T> {
  value: T;
  quote: Quote;
}

/** Where a link points. `../Page/X.md` and `https://zh.wikipedia.org/wiki/X` are both the zh.wikipedia page X. */
export interface LinkTarget {
  raw: string;
  kind: 'wiki-page' | 'external';
  /** For wiki pages: the page title, e.g. `東京` or `Category:亚洲`. */
  page?: string;
  /** Absolute URL: for wiki pages `https://zh.wikipedia.org/wiki/<page>`. */
  url: string;
}

/** A named thing in the text: a link, or plain text the extractor recognised as a name. */
export interface Mention {
  /** The name as written (for a link: its label). */
  label: Quoted<string>;
  link?: LinkTarget;
  /** The whole mention: for a link, the full markup `[label](target "wikilink")`. */
  quote: Quote;
}

/** A date as precise as the article gives it. */
export interface DateValue {
  year: number;
  month?: number;
  day?: number;
  season?: 'spring' | 'summer' | 'autumn' | 'winter';
}

export type NameType = 'title' | 'full' | 'english' | 'abbreviation';
export type Fact =
  /** A name of the network: the bold title, the full name, the English name, the abbreviation. */
  | { kind: 'network-name'; nameType: NameType; value: string; quote: Quote }
  /** Founded in `year` by `initiator` (holding the linked offices) with the heads of `otherCities` other cities. */
  | {
      kind: 'founding';
      year: Quoted<number>;
      initiator: Mention;
      /** Links qualifying the initiator, in order: 日本, 東京都, 知事. */
      qualifiers: Mention[];
      otherCities: Quoted<number>;
      quote: Quote;
    }
  /** Current state of the network's activity. */
  | { kind: 'status'; status: 'suspended'; quote: Quote }
  /** The purpose text, whole. */
  | { kind: 'purpose'; text: string; quote: Quote }
  /** One focus area named in the purpose (觀光, 都市問題, …), in order. */
  | { kind: 'focus-area'; label: string; position: number; quote: Quote }
  /** A numbered entry of the member list; `city` is absent when the entry is empty. */
  | { kind: 'member-slot'; position: Quoted<number>; city?: Mention; coFounder?: Quote; quote: Quote }
  /** The footnote that defines a marker (※ = 共同提倡都市, co-proposing city). */
  | { kind: 'marker-definition'; marker: string; meaning: string; quote: Quote }
  /** A meeting of the meetings list. `host` is absent when the item names none. */
  | {
      kind: 'meeting';
      date: Quoted<DateValue>;
      meetingType: 'plenary' | 'extraordinary';
      ordinal?: Quoted<number>;
      host?: Mention;
      quote: Quote;
    }
  /** A former member; `founding` when the text says it was a founding member. */
  | { kind: 'former-member'; city: Mention; founding?: Quote; quote: Quote }
  /** At meeting `atOrdinal`, `candidates` contested the right to host the meeting of `forYear`. */
  | { kind: 'hosting-contest'; atOrdinal: Quoted<number>; forYear: Quoted<number>; candidates: Mention[]; quote: Quote }
  /** A candidate's vote count in that contest. */
  | { kind: 'vote-count'; candidate: Mention; votes: Quoted<number>; quote: Quote }
  /** `candidate` had `margin` more votes than `other`. */
  | { kind: 'vote-margin'; candidate: Mention; other: Mention; margin: Quoted<number>; quote: Quote }
  /** The charter's threshold (a fraction and a vote count) and whether `candidate` reached it. */
  | {
      kind: 'vote-threshold';
      candidate: Mention;
      fraction: Quoted<{ numerator: number; denominator: number }>;
      votes: Quoted<number>;
      rule: Quoted<string>;
      reached: boolean;
      quote: Quote;
    }
  /** The agreement reached afterwards: who hosts which year, who has priority for which year. */
  | {
      kind: 'hosting-agreement';
      host: Mention;
      hostYear: Quoted<number>;
      priority: Mention;
      priorityYear: Quoted<number>;
      quote: Quote;
    }
  /** The other cities' signed pledge not to bid for a year's meeting. */
  | {
      kind: 'pledge';
      signatoryCount: Quoted<number>;
      excluding: Mention[];
      forYear: Quoted<number>;
      document: Quoted<string>;
      quote: Quote;
    }
  /** `actor` opposed putting the agreement into the joint statement. */
  | { kind: 'joint-statement-objection'; actor: Mention; quote: Quote }
  /** `actor` refused to sign a declaration of a year. */
  | { kind: 'declaration-refusal'; actor: Mention; declaration: Mention; year: Quoted<number>; quote: Quote }
  /** `city` withdrew at `date`. */
  | { kind: 'withdrawal'; city: Mention; date: Quoted<DateValue>; quote: Quote }
  /** A planned meeting that did not take place. */
  | { kind: 'cancelled-meeting'; date: Quoted<DateValue>; place: Mention; ordinal: Quoted<number>; quote: Quote }
  /** `convenor` convened an extraordinary meeting on `date`. */
  | { kind: 'extraordinary-convened'; convenor: Mention; date: Quoted<DateValue>; quote: Quote }
  /** The decision: `host`'s meeting planned for `from` (ordinal) is moved to `to` (ordinal). */
  | {
      kind: 'meeting-rescheduled';
      host: Mention;
      fromDate: Quoted<DateValue>;
      fromOrdinal: Quoted<number>;
      toDate: Quoted<DateValue>;
      toOrdinal: Quoted<number>;
      quote: Quote;
    }
  /** An external link; `label` may be empty. */
  | { kind: 'external-link'; url: string; label: string; quote: Quote }
  /** A category the article is filed under. */
  | { kind: 'category'; name: string; link: LinkTarget; quote: Quote }
  /** A wiki link to a named entity (every link of the article except categories). */
  | { kind: 'entity-link'; mention: Mention; section: string };

export type FactKind = Fact['kind'];
