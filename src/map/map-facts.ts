// Facts → quads: article facts into graph/article, supplement facts into graph/supplements, one
// provenance statement per triple into graph/provenance, display titles no source gives into
// graph/derived, and the ontology into graph/ontology.
// Size: one mapping case per fact kind of extract/facts.ts, in the order the article states them, so
// a fact kind and its triples are read side by side; entities, supplements and the graph builder are
// their own modules.

import type { Quad, Quad_Object } from '@rdfjs/types';
import N3 from 'n3';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.ts';
import type { DateValue, Fact, Mention, Quote } from '../extract/facts.ts';
import type { RegistryEntry, SupplementFact } from '../extract/supplements.ts';
import {
  ANMC,
  DCTERMS,
  ORG,
  OWL,
  RDF,
  RDFS,
  SCHEMA,
  SKOS,
  VOID,
  XSD,
  iris as makeIris,
  wikiPageIri,
  type GraphName,
  type Iris,
} from '../vocab.ts';
import { ARTICLE_IRI, ARTICLE_PAGE, LICENCE } from '../dataset.ts';
import { EntityResolver, type Entity, referenceIri } from './entities.ts';
import { ENTITY_TYPES, registryTypes, type EntitySort } from './types.ts';
import { GraphBuilder, integer } from './graph-builder.ts';
import { deriveTitles } from './titles.ts';
import { sortQuads } from '../rdf/n-triples.ts';
import { mapSupplement, type SupplementContext } from './map-supplements.ts';
import { TURTLE } from '../rdf/formats.ts';

const { namedNode, literal, quad } = N3.DataFactory;

export interface MapOptions {
  /** Base under which instance IRIs are minted (ends in `/`). */
  base: string;
  /** Path of the article, relative to the project root (recorded on the source document). */
  sourceFile: string;
  /** The article's text; when given, every quote is checked against it. */
  sourceText?: string;
  /** Path of the supplements file (default `data/supplements/facts.tsv`). */
  supplementsFile?: string;
  /** The ontology in Turtle (config.files.ontology), mapped into graph/ontology. */
  ontologyTurtle: string;
}

export interface MapResult {
  /** Every quad of the dataset, sorted (graph, subject, predicate, object), no blank nodes. */
  quads: Quad[];
  diagnostics: Diagnostic[];
}

const zh = (text: string) => literal(text, 'zh-Hant');
const typed = (text: string, datatype: string) => literal(text, namedNode(datatype));
const iri = (value: string) => namedNode(value);

/** xsd:date, xsd:gYearMonth or xsd:gYear, as precise as the date is. Seasons are not part of it. */
export function dateLiteral(d: DateValue) {
  const y = String(d.year).padStart(4, '0');
  const m = d.month !== undefined ? String(d.month).padStart(2, '0') : undefined;
  if (m !== undefined && d.day !== undefined) return typed(`${y}-${m}-${String(d.day).padStart(2, '0')}`, XSD('date'));
  if (m !== undefined) return typed(`${y}-${m}`, XSD('gYearMonth'));
  return typed(y, XSD('gYear'));
}

const SEASONS: Record<NonNullable<DateValue['season']>, string> = {
  spring: ANMC('Spring'),
  summer: ANMC('Summer'),
  autumn: ANMC('Autumn'),
  winter: ANMC('Winter'),
};

const gYear = (year: number) => typed(String(year).padStart(4, '0'), XSD('gYear'));

/** Map the extracted and supplement facts to the dataset's quads. */
export function mapFacts(
  facts: readonly Fact[],
  supplements: readonly SupplementFact[],
  registry: readonly RegistryEntry[],
  options: MapOptions,
): MapResult {
  const diagnostics: Diagnostic[] = [];
  const ids = makeIris(options.base);
  const resolver = new EntityResolver(registry, ids, diagnostics);
  const g = new GraphBuilder(ids);
  const articleSource = ids.id('source', 'article');
  const supplementsSource = ids.id('source', 'supplements');
  const supplementsFile = options.supplementsFile ?? 'data/supplements/facts.tsv';

  const mapper = new ArticleMapper(facts, ids, resolver, g, diagnostics, articleSource);
  mapper.run();

  const ctx: SupplementContext = {
    ids,
    resolver,
    g,
    diagnostics,
    network: mapper.network,
    membershipKeys: mapper.membershipKeys,
    meetingKeys: new Set(mapper.meetings.keys()),
  };
  for (const row of supplements) mapSupplement(row, ctx);

  if (options.sourceText !== undefined) checkQuotes(mapper.quotes, options.sourceText, diagnostics);

  const quads = g.build({
    article: articleSource,
    supplements: supplementsSource,
    articleFile: options.sourceFile,
    supplementsFile,
    sourceIri: (row) => {
      const ref = referenceIri(row.source);
      if (ref) return ref;
      diagnostics.push({
        severity: 'error',
        rule: 'map/reference',
        span: row.span,
        message: `Row ${row.id}: the source "${row.source}" is neither an http(s) URL nor github:owner/repo path @commit`,
      });
      return supplementsSource;
    },
  });
  quads.push(...describeArticle(ids, articleSource));
  quads.push(...describeGraphs(ids, articleSource, supplementsSource));
  // Display titles where no source names an entity in a language: their own graph, never asserted.
  quads.push(...deriveTitles(quads, ids).quads);
  quads.push(...ontologyQuads(options.ontologyTurtle, ids, diagnostics));
  return { quads: sortQuads(quads), diagnostics: dedupe(diagnostics) };
}

/** A mention resolved twice (to index it, then to map it) must not report its problem twice. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The article as a source document (provenance graph): where it lives, what it copies, its licence. */
function describeArticle(ids: Iris, article: string): Quad[] {
  const g = namedNode(ids.graph('provenance'));
  const s = namedNode(article);
  return [
    quad(s, namedNode(RDF('type')), namedNode(SCHEMA('Article')), g),
    quad(s, namedNode(DCTERMS('title')), zh(ARTICLE_PAGE), g),
    quad(s, namedNode(DCTERMS('language')), typed('zh-Hant', XSD('language')), g),
    quad(s, namedNode(DCTERMS('license')), namedNode(LICENCE), g),
    quad(s, namedNode(SCHEMA('sameAs')), namedNode(ARTICLE_IRI), g),
  ];
}

/** The named graphs themselves, so their IRIs dereference: what each holds and where it comes from. */
function describeGraphs(ids: Iris, article: string, supplements: string): Quad[] {
  const g = namedNode(ids.graph('provenance'));
  const en = (text: string) => literal(text, 'en');
  const graphs: [GraphName, string, string, string | undefined][] = [
    ['article', 'Facts stated by the article', '條目所述事實', article],
    [
      'supplements',
      'Facts from other public sources, one reference each',
      '其他公開來源之事實（各附出處）',
      supplements,
    ],
    [
      'provenance',
      'Provenance: one statement per fact, with its quote or reference',
      '出處：每項事實之陳述及其引文或來源',
      undefined,
    ],
    [
      'derived',
      'Display titles derived by this project where no source names an entity (not a source’s words)',
      '本計畫推導之顯示標題（來源未命名之處；非來源原文）',
      undefined,
    ],
    ['ontology', 'The ANMC21 ontology', '亞洲主要都市網本體', undefined],
  ];
  const out: Quad[] = [];
  for (const [name, title, titleZh, source] of graphs) {
    const s = namedNode(ids.graph(name));
    out.push(quad(s, namedNode(RDF('type')), namedNode(VOID('Dataset')), g));
    out.push(quad(s, namedNode(DCTERMS('title')), en(title), g));
    out.push(quad(s, namedNode(DCTERMS('title')), zh(titleZh), g));
    out.push(quad(s, namedNode(DCTERMS('isPartOf')), namedNode(ids.dataset), g));
    out.push(quad(s, namedNode(DCTERMS('license')), namedNode(LICENCE), g));
    if (source) out.push(quad(s, namedNode(DCTERMS('source')), namedNode(source), g));
  }
  return out;
}

function ontologyQuads(turtle: string, ids: Iris, diagnostics: Diagnostic[]): Quad[] {
  const graph = namedNode(ids.graph('ontology'));
  try {
    return new N3.Parser({ format: TURTLE.mediaType }).parse(turtle).map((q) => {
      if (q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode') {
        throw new Error('the ontology must not use blank nodes');
      }
      return quad(q.subject, q.predicate, q.object, graph);
    });
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      rule: 'map/ontology',
      message: `ontology/ontology.ttl: ${(error as Error).message}`,
    });
    return [];
  }
}

/** Every quote must be exactly the text at its offsets (code points, end exclusive). */
function checkQuotes(quotes: readonly Quote[], text: string, diagnostics: Diagnostic[]): void {
  const points = Array.from(text);
  for (const q of quotes) {
    const actual = points.slice(q.offset, q.endOffset).join('');
    if (actual !== q.text) {
      diagnostics.push({
        severity: 'error',
        rule: 'map/quote-mismatch',
        span: q.span,
        message: 'A quote does not match the source text at its offsets',
        expected: q.text,
        actual,
      });
    }
  }
}

interface MeetingRef {
  iri: string;
  type: 'plenary' | 'extraordinary';
  ordinal?: number;
  cancelled?: boolean;
}

/** The article facts, one case per fact kind. */
class ArticleMapper {
  readonly meetings = new Map<string, MeetingRef>();
  readonly membershipKeys = new Set<string>();
  readonly quotes: Quote[] = [];
  network = '';
  private readonly facts: readonly Fact[];
  private readonly ids: Iris;
  private readonly resolver: EntityResolver;
  private readonly g: GraphBuilder;
  private readonly diagnostics: Diagnostic[];
  private readonly articleSource: string;

  constructor(
    facts: readonly Fact[],
    ids: Iris,
    resolver: EntityResolver,
    g: GraphBuilder,
    diagnostics: Diagnostic[],
    articleSource: string,
  ) {
    this.facts = facts;
    this.ids = ids;
    this.resolver = resolver;
    this.g = g;
    this.diagnostics = diagnostics;
    this.articleSource = articleSource;
  }

  /** Assert in the article graph; remembers the quotes for the source-text check. */
  private say(s: string, p: string, o: Quad_Object, ...quotes: Quote[]): void {
    this.quotes.push(...quotes);
    this.g.article(s, p, o, ...quotes);
  }

  /** Assert the types of a sort of entity (docs: src/map/types.ts), from the same quotes. */
  private typeAs(s: string, sort: EntitySort, ...quotes: Quote[]): void {
    for (const type of ENTITY_TYPES[sort]) this.say(s, RDF('type'), iri(type), ...quotes);
  }

  private error(message: string, rule: string, quote?: Quote): void {
    this.diagnostics.push({ severity: 'error', message, rule, ...(quote ? { span: quote.span } : {}) });
  }

  /** The entity a mention names, with its type, its name as written and its wiki page. */
  private entity(m: Mention, kinds?: readonly string[]): Entity | undefined {
    const e = this.resolver.resolve(m, kinds);
    if (!e) return undefined;
    for (const type of registryTypes(e.entry)) this.say(e.iri, RDF('type'), iri(type), m.quote);
    const name = m.label.value;
    const labelProperty = e.entry.kind === 'concept' ? SKOS('prefLabel') : RDFS('label');
    // A link label that runs on past the name (石原慎太郎與其他…): the name is the part that is registered.
    const within = name === e.entry.names[0] ? -1 : name.indexOf(e.entry.names[0]);
    if (name === e.entry.names[0]) {
      this.say(e.iri, labelProperty, zh(name), m.label.quote);
    } else if (within >= 0 && e.entry.names[0] !== '' && m.label.quote.span.endLine === m.label.quote.span.line) {
      this.say(
        e.iri,
        labelProperty,
        zh(e.entry.names[0]),
        subQuote(m.label.quote, within, within + e.entry.names[0].length),
      );
    } else {
      if (!e.entry.names.includes(name)) {
        this.diagnostics.push({
          severity: 'warning',
          rule: 'map/unregistered-name',
          span: m.label.quote.span,
          message: `"${name}" is not among the registered names of ${e.entry.kind}/${e.entry.slug}; kept as skos:altLabel`,
        });
      }
      this.say(e.iri, SKOS('altLabel'), zh(name), m.label.quote);
    }
    if (m.link?.kind === 'wiki-page' && m.link.page !== undefined) {
      this.say(e.iri, SCHEMA('sameAs'), iri(wikiPageIri(m.link.page)), m.quote);
    }
    return e;
  }

  private only<K extends Fact['kind']>(kind: K, quote: Quote, what: string): Extract<Fact, { kind: K }> | undefined {
    const found = this.facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);
    if (found.length !== 1) {
      this.error(`Cannot tell which ${what} this refers to: the article has ${found.length}`, 'map/reference', quote);
      return undefined;
    }
    return found[0];
  }

  run(): void {
    const network = this.resolver.only('network');
    if (!network) return;
    this.network = network.iri;
    this.indexMeetings();
    for (const fact of this.facts) this.map(fact);
  }

  private meetingKey(date: DateValue): string | undefined {
    if (date.month === undefined) return undefined;
    return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}`;
  }

  private indexMeetings(): void {
    for (const f of this.facts) {
      if (f.kind === 'meeting') {
        const key = this.meetingKey(f.date.value);
        if (!key) {
          this.error(
            'A meeting without a month cannot be given an IRI (id/meeting/{yyyy-mm})',
            'map/meeting-month',
            f.date.quote,
          );
          continue;
        }
        if (this.meetings.has(key)) {
          this.error(`Two meetings in ${key}`, 'map/duplicate-meeting', f.quote);
          continue;
        }
        this.meetings.set(key, { iri: this.ids.id('meeting', key), type: f.meetingType, ordinal: f.ordinal?.value });
      } else if (f.kind === 'cancelled-meeting') {
        const slug = this.resolver.resolve(f.place, ['city'])?.entry.slug;
        if (!slug) continue;
        const key = `${f.date.value.year}-${slug}`;
        this.meetings.set(key, {
          iri: this.ids.id('meeting', key),
          type: 'plenary',
          ordinal: f.ordinal.value,
          cancelled: true,
        });
      }
    }
    const ordinals = new Map<number, string>();
    for (const [key, m] of this.meetings) {
      if (m.ordinal === undefined || m.cancelled) continue;
      if (ordinals.has(m.ordinal))
        this.error(
          `Meetings ${ordinals.get(m.ordinal)} and ${key} both have ordinal ${m.ordinal}`,
          'map/duplicate-ordinal',
        );
      ordinals.set(m.ordinal, key);
    }
  }

  private heldMeeting(pred: (m: MeetingRef) => boolean): MeetingRef | undefined {
    for (const m of this.meetings.values()) if (!m.cancelled && pred(m)) return m;
    return undefined;
  }

  private voteIri(quote: Quote): { iri: string; year: number } | undefined {
    const contest = this.only('hosting-contest', quote, 'hosting vote');
    return (
      contest && { iri: this.ids.id('event', `hosting-vote-${contest.forYear.value}`), year: contest.forYear.value }
    );
  }

  private tally(vote: { iri: string; year: number }, candidate: Mention, quote: Quote): string | undefined {
    const city = this.entity(candidate, ['city']);
    if (!city) return undefined;
    const tally = this.ids.id('event', `hosting-vote-${vote.year}-${city.entry.slug}`);
    this.typeAs(tally, 'voteTally', quote);
    this.say(tally, ANMC('candidate'), iri(city.iri), quote);
    this.say(vote.iri, ANMC('tally'), iri(tally), quote);
    return tally;
  }

  private map(f: Fact): void {
    const net = this.network;
    switch (f.kind) {
      case 'network-name': {
        const q = f.quote;
        this.typeAs(net, 'network', q);
        if (f.nameType === 'title') {
          this.say(net, RDFS('label'), zh(f.value), q);
          this.say(net, SCHEMA('name'), zh(f.value), q);
        } else if (f.nameType === 'full') this.say(net, ANMC('fullName'), zh(f.value), q);
        else if (f.nameType === 'english') this.say(net, ANMC('fullName'), literal(f.value, 'en'), q);
        else this.say(net, ANMC('abbreviation'), literal(f.value), q);
        return;
      }
      case 'founding': {
        const q = f.quote;
        this.say(net, SCHEMA('foundingDate'), gYear(f.year.value), q);
        this.say(net, ANMC('otherFoundingCityCount'), integer(f.otherCities.value), q);
        const person = this.entity(f.initiator, ['person'])?.iri;
        if (person) this.say(net, SCHEMA('founder'), iri(person), q);
        // 日本 東京都 知事: offices are the founder's job title; the places nest, the innermost employs him.
        let outer: string | undefined;
        for (const m of f.qualifiers) {
          const e = this.entity(m);
          if (!e) continue;
          if (e.entry.kind === 'concept') {
            if (person) this.say(person, SCHEMA('jobTitle'), iri(e.iri), q);
            continue;
          }
          if (outer) this.say(e.iri, SCHEMA('containedInPlace'), iri(outer), q);
          outer = e.iri;
        }
        if (person && outer) this.say(person, SCHEMA('worksFor'), iri(outer), q);
        return;
      }
      case 'status':
        this.say(net, ANMC('activityStatus'), iri(ANMC('Suspended')), f.quote);
        return;
      case 'purpose':
        this.say(net, ORG('purpose'), zh(f.text), f.quote);
        return;
      case 'focus-area': {
        const concept = this.entity({ label: { value: f.label, quote: f.quote }, quote: f.quote }, ['concept'])?.iri;
        if (!concept) return;
        const scheme = this.ids.id('concept', 'focus-areas');
        this.typeAs(scheme, 'conceptScheme', f.quote);
        this.say(concept, SKOS('inScheme'), iri(scheme), f.quote);
        this.say(concept, ANMC('listPosition'), integer(f.position), f.quote);
        this.say(net, ORG('purpose'), iri(concept), f.quote);
        return;
      }
      case 'member-slot': {
        const q = f.quote;
        const key = String(f.position.value);
        this.membershipKeys.add(key);
        const ms = this.ids.id('membership', key);
        this.typeAs(ms, 'membership', q);
        this.say(ms, ORG('organization'), iri(net), q);
        this.say(ms, ANMC('listPosition'), integer(f.position.value), q);
        if (!f.city) {
          this.say(ms, ANMC('unstated'), iri(ORG('member')), q);
          return;
        }
        const city = this.entity(f.city, ['city'])?.iri;
        if (!city) return;
        this.say(ms, ORG('member'), iri(city), q);
        this.say(city, ORG('memberOf'), iri(net), q);
        if (f.coFounder) {
          const marker = this.facts.find(
            (d): d is Extract<Fact, { kind: 'marker-definition' }> =>
              d.kind === 'marker-definition' && f.coFounder!.text.includes(d.marker),
          );
          if (!marker)
            this.error(
              `The marker "${f.coFounder.text}" is not defined in the article`,
              'map/undefined-marker',
              f.coFounder,
            );
          this.say(
            ms,
            ANMC('coFounder'),
            typed('true', XSD('boolean')),
            q,
            f.coFounder,
            ...(marker ? [marker.quote] : []),
          );
        }
        return;
      }
      case 'marker-definition':
        return; // cited by the co-founder statements it explains
      case 'meeting': {
        const key = this.meetingKey(f.date.value);
        const ref = key ? this.meetings.get(key) : undefined;
        if (!ref || ref.iri !== this.ids.id('meeting', key!)) return;
        const q = f.quote;
        const m = ref.iri;
        this.typeAs(m, f.meetingType === 'plenary' ? 'plenaryMeeting' : 'extraordinaryMeeting', q);
        this.say(m, SCHEMA('startDate'), dateLiteral(f.date.value), q);
        this.say(m, SCHEMA('organizer'), iri(net), q);
        if (f.ordinal) this.say(m, ANMC('ordinal'), integer(f.ordinal.value), q);
        const label = /第[一二三四五六七八九十百]+屆年會|臨時會議/.exec(q.text);
        if (label) this.say(m, RDFS('label'), zh(label[0]), subQuote(q, label.index, label.index + label[0].length));
        if (f.host) {
          const host = this.entity(f.host, ['city']);
          if (host) this.say(m, SCHEMA('location'), iri(host.iri), q);
        } else {
          this.say(m, ANMC('unstated'), iri(SCHEMA('location')), q);
        }
        return;
      }
      case 'former-member': {
        const q = f.quote;
        const city = this.entity(f.city, ['city']);
        if (!city) return;
        this.membershipKeys.add(city.entry.slug);
        const ms = this.ids.id('membership', city.entry.slug);
        this.typeAs(ms, 'membership', q);
        this.say(ms, ORG('organization'), iri(net), q);
        this.say(ms, ORG('member'), iri(city.iri), q);
        if (f.founding) this.say(ms, ANMC('foundingMember'), typed('true', XSD('boolean')), q, f.founding);
        return;
      }
      case 'withdrawal': {
        const slug = this.entity(f.city, ['city'])?.entry.slug;
        if (!slug) return;
        this.membershipKeys.add(slug);
        const ms = this.ids.id('membership', slug);
        this.typeAs(ms, 'membership', f.quote);
        this.say(ms, ANMC('withdrawalDate'), dateLiteral(f.date.value), f.quote);
        return;
      }
      case 'hosting-contest': {
        const q = f.quote;
        const vote = this.ids.id('event', `hosting-vote-${f.forYear.value}`);
        this.typeAs(vote, 'hostingVote', q);
        this.say(vote, ANMC('forYear'), gYear(f.forYear.value), q);
        const at = this.heldMeeting((m) => m.type === 'plenary' && m.ordinal === f.atOrdinal.value);
        if (at) this.say(vote, ANMC('heldAt'), iri(at.iri), q);
        else
          this.error(
            `No plenary meeting with ordinal ${f.atOrdinal.value} in the meetings list`,
            'map/reference',
            f.atOrdinal.quote,
          );
        for (const c of f.candidates) {
          const city = this.entity(c, ['city']);
          if (city) this.say(vote, ANMC('candidate'), iri(city.iri), q);
        }
        return;
      }
      case 'vote-count': {
        const vote = this.voteIri(f.quote);
        const tally = vote && this.tally(vote, f.candidate, f.quote);
        if (tally) this.say(tally, ANMC('votes'), integer(f.votes.value), f.quote);
        return;
      }
      case 'vote-margin': {
        const vote = this.voteIri(f.quote);
        const a = this.entity(f.candidate, ['city']);
        const b = this.entity(f.other, ['city']);
        if (!vote || !a || !b) return;
        const margin = this.ids.id('event', `hosting-vote-${vote.year}-margin-${a.entry.slug}-${b.entry.slug}`);
        this.typeAs(margin, 'voteMargin', f.quote);
        this.say(margin, ANMC('leader'), iri(a.iri), f.quote);
        this.say(margin, ANMC('trailer'), iri(b.iri), f.quote);
        this.say(margin, ANMC('margin'), integer(f.margin.value), f.quote);
        this.say(vote.iri, ANMC('voteMargin'), iri(margin), f.quote);
        return;
      }
      case 'vote-threshold': {
        const vote = this.voteIri(f.quote);
        if (!vote) return;
        const { numerator, denominator } = f.fraction.value;
        this.say(vote.iri, ANMC('thresholdFraction'), typed(`${numerator}/${denominator}`, OWL('rational')), f.quote);
        this.say(vote.iri, ANMC('thresholdVotes'), integer(f.votes.value), f.quote);
        this.say(vote.iri, ANMC('thresholdRule'), zh(f.rule.value), f.quote);
        const tally = this.tally(vote, f.candidate, f.quote);
        if (tally) this.say(tally, ANMC('reachedThreshold'), typed(String(f.reached), XSD('boolean')), f.quote);
        return;
      }
      case 'hosting-agreement': {
        const q = f.quote;
        const agreement = this.ids.id('event', `hosting-agreement-${f.hostYear.value}`);
        this.typeAs(agreement, 'hostingAgreement', q);
        const host = this.entity(f.host, ['city']);
        if (host) this.say(agreement, ANMC('hostCity'), iri(host.iri), q);
        this.say(agreement, ANMC('hostYear'), gYear(f.hostYear.value), q);
        const priority = this.entity(f.priority, ['city']);
        if (priority) this.say(agreement, ANMC('priorityCity'), iri(priority.iri), q);
        this.say(agreement, ANMC('priorityYear'), gYear(f.priorityYear.value), q);
        return;
      }
      case 'pledge': {
        const q = f.quote;
        const pledge = this.ids.id('event', `pledge-${f.forYear.value}`);
        this.typeAs(pledge, 'pledge', q);
        this.say(pledge, ANMC('signatoryCount'), integer(f.signatoryCount.value), q);
        this.say(pledge, ANMC('forYear'), gYear(f.forYear.value), q);
        this.say(pledge, ANMC('documentType'), zh(f.document.value), q);
        for (const m of f.excluding) {
          const city = this.entity(m, ['city']);
          if (city) this.say(pledge, ANMC('excludedCity'), iri(city.iri), q);
        }
        return;
      }
      case 'joint-statement-objection': {
        const actor = this.entity(f.actor);
        if (!actor) return;
        const objection = this.ids.id('event', `objection-${actor.entry.slug}`);
        this.typeAs(objection, 'objection', f.quote);
        this.say(objection, SCHEMA('agent'), iri(actor.iri), f.quote);
        const agreement = this.only('hosting-agreement', f.quote, 'agreement');
        if (agreement)
          this.say(
            objection,
            ANMC('objectsTo'),
            iri(this.ids.id('event', `hosting-agreement-${agreement.hostYear.value}`)),
            f.quote,
          );
        return;
      }
      case 'declaration-refusal': {
        const actor = this.entity(f.actor);
        const decl = this.entity(f.declaration, ['declaration']);
        if (!actor || !decl) return;
        this.say(decl.iri, DCTERMS('date'), gYear(f.year.value), f.quote);
        const refusal = this.ids.id('event', `declaration-refusal-${actor.entry.slug}-${decl.entry.slug}`);
        this.typeAs(refusal, 'declarationRefusal', f.quote);
        this.say(refusal, SCHEMA('agent'), iri(actor.iri), f.quote);
        this.say(refusal, ANMC('declaration'), iri(decl.iri), f.quote);
        return;
      }
      case 'cancelled-meeting': {
        const q = f.quote;
        const place = this.entity(f.place, ['city']);
        if (!place) return;
        const m = this.ids.id('meeting', `${f.date.value.year}-${place.entry.slug}`);
        this.typeAs(m, 'plenaryMeeting', q);
        this.say(m, SCHEMA('eventStatus'), iri(SCHEMA('EventCancelled')), q);
        this.say(m, SCHEMA('organizer'), iri(net), q);
        this.say(m, ANMC('ordinal'), integer(f.ordinal.value), q);
        this.say(m, SCHEMA('location'), iri(place.iri), q);
        this.say(m, SCHEMA('startDate'), dateLiteral(f.date.value), q);
        if (f.date.value.season) this.say(m, ANMC('season'), iri(SEASONS[f.date.value.season]), q);
        return;
      }
      case 'extraordinary-convened': {
        const key = this.meetingKey(f.date.value);
        const m = this.heldMeeting((r) => r.type === 'extraordinary' && r.iri === this.ids.id('meeting', key ?? ''));
        if (!m) {
          this.error(
            `No extraordinary meeting in ${key ?? f.date.quote.text} in the meetings list`,
            'map/reference',
            f.date.quote,
          );
          return;
        }
        this.say(m.iri, SCHEMA('startDate'), dateLiteral(f.date.value), f.quote);
        const convenor = this.entity(f.convenor);
        if (convenor) this.say(m.iri, SCHEMA('organizer'), iri(convenor.iri), f.quote);
        return;
      }
      case 'meeting-rescheduled': {
        const q = f.quote;
        const host = this.entity(f.host, ['city']);
        const toKey = this.meetingKey(f.toDate.value);
        if (!host) return;
        const decision = this.ids.id('event', `rescheduling-${host.entry.slug}-${toKey ?? f.toDate.value.year}`);
        this.typeAs(decision, 'reschedulingDecision', q);
        this.say(decision, ANMC('hostCity'), iri(host.iri), q);
        this.say(decision, ANMC('originalOrdinal'), integer(f.fromOrdinal.value), q);
        this.say(decision, ANMC('originalDate'), dateLiteral(f.fromDate.value), q);
        if (f.fromDate.value.season)
          this.say(decision, ANMC('originalSeason'), iri(SEASONS[f.fromDate.value.season]), q);
        this.say(decision, ANMC('newOrdinal'), integer(f.toOrdinal.value), q);
        this.say(decision, ANMC('newDate'), dateLiteral(f.toDate.value), q);
        const result = toKey ? this.heldMeeting((m) => m.iri === this.ids.id('meeting', toKey)) : undefined;
        if (result) this.say(decision, ANMC('rescheduledMeeting'), iri(result.iri), q);
        // The decision closes the paragraph that convenes the extraordinary meeting: that meeting took it.
        const convened = this.only('extraordinary-convened', q, 'meeting the decision was taken at');
        const at =
          convened &&
          this.heldMeeting(
            (m) =>
              m.type === 'extraordinary' &&
              m.iri === this.ids.id('meeting', this.meetingKey(convened.date.value) ?? ''),
          );
        if (convened && at) this.say(decision, ANMC('decidedAt'), iri(at.iri), q, convened.quote);
        return;
      }
      case 'external-link':
        this.say(net, RDFS('seeAlso'), iri(f.url), f.quote);
        return;
      case 'category':
        if (f.link.page !== undefined)
          this.say(this.articleSource, DCTERMS('subject'), iri(wikiPageIri(f.link.page)), f.quote);
        return;
      case 'entity-link':
        this.entity(f.mention);
        return;
    }
  }
}

/** The part of a single-line quote from code point `start` to `end` (exclusive). */
export function subQuote(q: Quote, start: number, end: number): Quote {
  const points = Array.from(q.text);
  if (q.span.endLine !== q.span.line || points.slice(0, end).includes('\n'))
    throw new Error('subQuote needs a single-line quote');
  // `start`/`end` come from a RegExp index (UTF-16); convert to code points.
  const cpStart = Array.from(q.text.slice(0, start)).length;
  const cpEnd = Array.from(q.text.slice(0, end)).length;
  return {
    text: points.slice(cpStart, cpEnd).join(''),
    span: { ...q.span, column: q.span.column + cpStart, endColumn: q.span.column + cpEnd },
    offset: q.offset + cpStart,
    endOffset: q.offset + cpEnd,
  };
}
