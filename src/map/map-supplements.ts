// Supplement rows → triples in graph/supplements, one property of the controlled list
// (data/supplements/README.md) at a time. Unknown subjects, properties and values are errors.

import type { Quad_Object } from '@rdfjs/types';
import N3 from 'n3';
import type { Diagnostic } from '../diagnostics.ts';
import type { SupplementFact } from '../extract/supplements.ts';
import { ANMC, FOAF, ORG, OWL, RDF, RDFS, SCHEMA, SKOS, TIME, WD, WGS84, XSD, type Iris } from '../vocab.ts';
import type { EntityResolver } from './entities.ts';
import { ENTITY_TYPES, registryTypes } from './types.ts';
import { integer, type GraphBuilder } from './graph-builder.ts';

const { namedNode, literal } = N3.DataFactory;

export interface SupplementContext {
  ids: Iris;
  resolver: EntityResolver;
  g: GraphBuilder;
  diagnostics: Diagnostic[];
  /** IRI of the network. */
  network: string;
  /** Membership keys the article has (slot numbers, former members' city slugs). */
  membershipKeys: ReadonlySet<string>;
  /** Meeting keys the article has (`yyyy-mm`, `yyyy-{city}` for the cancelled one). */
  meetingKeys: ReadonlySet<string>;
}

interface Subject {
  iri: string;
  kind: string;
  key: string;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The languages of name rows (`name_ko`, `alt_name_zh_hans`, …): property suffix → BCP 47 tag. */
export const NAME_LANGUAGES: Readonly<Record<string, string>> = {
  en: 'en',
  ja: 'ja',
  zh: 'zh-Hant',
  zh_hans: 'zh-Hans',
  ko: 'ko',
  ru: 'ru',
  mn: 'mn',
  vi: 'vi',
  th: 'th',
  id: 'id',
  ms: 'ms',
  my: 'my',
  hi: 'hi',
};

/**
 * Name rows: `name_{lang}` is the entity's name in that language (rdfs:label, one per language),
 * `alt_name_{lang}` another name it goes by (skos:altLabel), `search_name_{lang}` a name people type for
 * it that properly names a related place, e.g. New Delhi for the NCT of Delhi (skos:hiddenLabel: matched
 * by reconciliation, never shown as its name).
 */
const NAME_KINDS: Record<string, string> = {
  name: RDFS('label'),
  alt_name: SKOS('altLabel'),
  search_name: SKOS('hiddenLabel'),
};

/** Properties whose value is a name: predicate and language tag. */
const NAMES: Record<string, [string, string]> = {
  ...Object.fromEntries(
    Object.entries(NAME_KINDS).flatMap(([kind, predicate]) =>
      Object.entries(NAME_LANGUAGES).map(([suffix, tag]) => [
        `${kind}_${suffix}`,
        [predicate, tag] as [string, string],
      ]),
    ),
  ),
  status_ja: [ANMC('statusText'), 'ja'],
  secretariat_name: [ANMC('secretariatName'), 'en'],
  position: [SCHEMA('jobTitle'), 'en'],
};

/** Properties whose value is a `YYYY-MM-DD` date, with the subject kind they apply to. */
const DATES: Record<string, [string, string]> = {
  proposal_date: [SCHEMA('foundingDate'), 'network'],
  inception: [ANMC('establishedDate'), 'network'],
  position_start: [ANMC('positionStart'), 'person'],
  position_end: [ANMC('positionEnd'), 'person'],
  withdrawal_date: [ANMC('withdrawalDate'), 'membership'],
  start_date: [SCHEMA('startDate'), 'meeting'],
  end_date: [SCHEMA('endDate'), 'meeting'],
};

/** Properties whose value is an entity key: predicate, subject kind, value kind. */
const LINKS: Record<string, [string, string, string]> = {
  founder: [SCHEMA('founder'), 'network', 'person'],
  proposal_place: [SCHEMA('foundingLocation'), 'network', 'city'],
  member: [ORG('member'), 'membership', 'city'],
  host: [SCHEMA('location'), 'meeting', 'city'],
  declaration: [ANMC('adoptedDeclaration'), 'meeting', 'declaration'],
};

/** Properties whose value is a URL. */
const URLS: Record<string, string> = {
  official_site: FOAF('homepage'),
  wikipedia_ja: SCHEMA('sameAs'),
};

export function mapSupplement(row: SupplementFact, ctx: SupplementContext): void {
  const fail = (message: string, rule = 'map/supplement-value'): void => {
    ctx.diagnostics.push({
      severity: 'error',
      rule,
      span: row.span,
      message: `Row ${row.id}: ${message}`,
      actual: row.value,
    });
  };
  const subject = resolveSubject(row.subject, ctx);
  if (!subject) {
    ctx.diagnostics.push({
      severity: 'error',
      rule: 'map/unknown-subject',
      span: row.span,
      message: `Row ${row.id}: "${row.subject}" is neither in the ID registry nor a membership or meeting of the article`,
    });
    return;
  }
  const say = (s: string, p: string, o: Quad_Object) => ctx.g.supplement(s, p, o, row);
  const typeOf = (entity: Subject) => {
    const entry = ctx.resolver.byEntityKey(`${entity.kind}/${entity.key}`)?.entry;
    for (const type of registryTypes(entry ?? { kind: entity.kind })) say(entity.iri, RDF('type'), namedNode(type));
  };
  const expectKind = (kind: string) => {
    if (subject.kind === kind) return true;
    fail(`property ${row.property} applies to a ${kind}, not to ${row.subject}`, 'map/supplement-subject');
    return false;
  };
  const value = row.value.trim();
  typeOf(subject);

  if (row.property in NAMES) {
    const [p, lang] = NAMES[row.property];
    const predicate = p === RDFS('label') && subject.kind === 'concept' ? SKOS('prefLabel') : p;
    say(subject.iri, predicate, literal(value, lang));
  } else if (row.property in DATES) {
    const [p, kind] = DATES[row.property];
    if (!expectKind(kind)) return;
    if (!DATE.test(value)) return fail('expected a date YYYY-MM-DD');
    say(subject.iri, p, literal(value, namedNode(XSD('date'))));
  } else if (row.property in LINKS) {
    const [p, kind, valueKind] = LINKS[row.property];
    if (!expectKind(kind)) return;
    const target = ctx.resolver.byEntityKey(value);
    if (!target || target.entry.kind !== valueKind)
      return fail(`expected the key of a registered ${valueKind} (${valueKind}/slug)`);
    typeOf({ iri: target.iri, kind: target.entry.kind, key: value });
    say(subject.iri, p, namedNode(target.iri));
    // A filled member slot makes the city a current member, as the article's list does for the others.
    if (row.property === 'member') say(target.iri, ORG('memberOf'), namedNode(ctx.network));
  } else if (row.property in URLS) {
    if (!/^https?:\/\/\S+$/.test(value)) return fail('expected an http(s) URL');
    say(subject.iri, URLS[row.property], namedNode(value));
  } else {
    switch (row.property) {
      case 'abbreviation':
        if (!expectKind('network')) return;
        say(subject.iri, ANMC('abbreviation'), literal(value));
        return;
      case 'wikidata':
        if (!/^Q[1-9]\d*$/.test(value)) return fail('expected a Wikidata QID (Q…)');
        say(subject.iri, OWL('sameAs'), namedNode(WD(value)));
        return;
      case 'contains_place':
        // A Wikidata item that lies within the entity, not the entity itself (Q1461, the City of Manila,
        // within Metropolitan Manila): no owl:sameAs, so nothing claims the two are one.
        if (!/^Q[1-9]\d*$/.test(value)) return fail('expected a Wikidata QID (Q…)');
        say(subject.iri, SCHEMA('containsPlace'), namedNode(WD(value)));
        return;
      case 'coordinates': {
        const parts = value.split(',').map((x) => x.trim());
        const [lat, long] = parts.map(Number);
        if (parts.length !== 2 || !parts.every((x) => DECIMAL.test(x)) || Math.abs(lat) > 90 || Math.abs(long) > 180) {
          return fail('expected "lat, lon" in decimal degrees');
        }
        say(subject.iri, WGS84('lat'), literal(canonicalDecimal(parts[0]), namedNode(XSD('decimal'))));
        say(subject.iri, WGS84('long'), literal(canonicalDecimal(parts[1]), namedNode(XSD('decimal'))));
        return;
      }
      case 'member_count':
        if (!expectKind('network')) return;
        if (!/^\d+$/.test(value)) return fail('expected a non-negative integer');
        say(subject.iri, ANMC('memberCount'), integer(Number(value)));
        return;
      case 'join_date': {
        if (!expectKind('membership')) return;
        if (!DATE.test(value)) return fail('expected a date YYYY-MM-DD');
        // OWL-Time: the membership's interval, and the instant it begins.
        const period = ctx.ids.id('membership', `${subject.key}/period`);
        const start = ctx.ids.id('membership', `${subject.key}/period/start`);
        say(subject.iri, ORG('memberDuring'), namedNode(period));
        for (const type of ENTITY_TYPES.membershipPeriod) say(period, RDF('type'), namedNode(type));
        say(period, TIME('hasBeginning'), namedNode(start));
        for (const type of ENTITY_TYPES.membershipStart) say(start, RDF('type'), namedNode(type));
        say(start, TIME('inXSDDate'), literal(value, namedNode(XSD('date'))));
        return;
      }
      case 'event_status':
        if (!expectKind('meeting')) return;
        if (value !== 'cancelled') return fail('expected "cancelled"');
        say(subject.iri, SCHEMA('eventStatus'), namedNode(SCHEMA('EventCancelled')));
        return;
      default:
        ctx.diagnostics.push({
          severity: 'error',
          rule: 'map/unknown-property',
          span: row.span,
          message: `Row ${row.id}: "${row.property}" is not in the controlled list of data/supplements/README.md`,
        });
    }
  }
}

function resolveSubject(key: string, ctx: SupplementContext): Subject | undefined {
  const slash = key.indexOf('/');
  if (slash < 0) return undefined;
  const kind = key.slice(0, slash);
  const rest = key.slice(slash + 1);
  if (kind === 'membership')
    return ctx.membershipKeys.has(rest) ? { iri: ctx.ids.id(kind, rest), kind, key: rest } : undefined;
  if (kind === 'meeting')
    return ctx.meetingKeys.has(rest) ? { iri: ctx.ids.id(kind, rest), kind, key: rest } : undefined;
  const entity = ctx.resolver.byEntityKey(key);
  return entity && { iri: entity.iri, kind: entity.entry.kind, key: rest };
}

/** xsd:decimal in canonical form (no leading zeros, no trailing fractional zeros), so every store writes it back unchanged. */
export function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-');
  let [whole, fraction = ''] = text.replace(/^[-+]/, '').split('.');
  whole = whole.replace(/^0+(?=\d)/, '');
  fraction = fraction.replace(/0+$/, '');
  const body = fraction ? `${whole}.${fraction}` : whole;
  return negative && /[1-9]/.test(body) ? `-${body}` : body;
}
