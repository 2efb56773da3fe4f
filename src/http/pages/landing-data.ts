// What the landing page draws, read from the graph with SPARQL through the store facade: every
// meeting (held, extraordinary, cancelled) and every member city with its membership facts,
// plus the labels of both in all languages.

import type { LangString } from '../../rdf/labels.ts';
import { selectRows } from '../../store/select-rows.ts';
import type { Store } from '../../store/store.ts';
import { ANMC, ORG, RDFS, SCHEMA, TIME, WGS84, XSD } from '../../vocab.ts';

export interface LabelSet {
  /** Every label, language tags as stored (rdf/labels.ts chooses the one to show). */
  labels: LangString[];
}

export interface MeetingPoint extends LabelSet {
  iri: string;
  kind: 'plenary' | 'extraordinary' | 'cancelled';
  ordinal?: number;
  /** `YYYY-MM` when the month is known, else `YYYY`. */
  date: string;
  /** Season IRI's local name when only a season is known (Autumn). */
  season?: string;
  /** Fractional year used to place the event on the time axis. */
  when: number;
  host?: { iri: string } & LabelSet;
}

export interface CityPoint extends LabelSet {
  iri: string;
  membership: string;
  listPosition?: number;
  /** Marked ※ in the article's member list (co-proposing city). */
  coFounder: boolean;
  /** Said to be a founding member (創始會員城市). */
  foundingMember: boolean;
  /** Withdrawal dates as the sources give them (they may disagree). */
  withdrawn: string[];
  /** Start of the membership, when a source dates it. */
  joined?: string;
  lat?: number;
  long?: number;
}

export interface LandingData {
  meetings: MeetingPoint[];
  cities: CityPoint[];
}

const SEASON_MONTH: Record<string, number> = { Spring: 4, Summer: 7, Autumn: 10, Winter: 12 };

/** Read meetings and member cities. */
export async function readLandingData(store: Store): Promise<LandingData> {
  const meetingRows = await select(
    store,
    `
    SELECT ?m ?class ?ordinal ?start ?host ?status ?season WHERE {
      VALUES ?class { <${ANMC('PlenaryMeeting')}> <${ANMC('ExtraordinaryMeeting')}> }
      ?m a ?class .
      OPTIONAL { ?m <${ANMC('ordinal')}> ?ordinal }
      OPTIONAL { ?m <${SCHEMA('startDate')}> ?start }
      OPTIONAL { ?m <${SCHEMA('location')}> ?host }
      OPTIONAL { ?m <${SCHEMA('eventStatus')}> ?status }
      OPTIONAL { ?m <${ANMC('season')}> ?season }
    }`,
  );
  const cityRows = await select(
    store,
    `
    SELECT ?membership ?city ?position ?coFounder ?founding ?withdrawal ?joined ?lat ?long WHERE {
      ?membership a <${ORG('Membership')}> ; <${ORG('member')}> ?city .
      OPTIONAL { ?membership <${ANMC('listPosition')}> ?position }
      OPTIONAL { ?membership <${ANMC('coFounder')}> ?coFounder }
      OPTIONAL { ?membership <${ANMC('foundingMember')}> ?founding }
      OPTIONAL { ?membership <${ANMC('withdrawalDate')}> ?withdrawal }
      OPTIONAL { ?membership <${ORG('memberDuring')}>/<${TIME('hasBeginning')}>/<${TIME('inXSDDate')}> ?joined }
      OPTIONAL { ?city <${WGS84('lat')}> ?lat ; <${WGS84('long')}> ?long }
    }`,
  );

  const meetings = new Map<string, MeetingPoint & { dates: { value: string; datatype: string }[] }>();
  for (const r of meetingRows) {
    const iri = r.m.value;
    const m = meetings.get(iri) ?? {
      iri,
      kind: 'plenary' as MeetingPoint['kind'],
      date: '',
      when: 0,
      labels: [],
      dates: [],
    };
    if (r.class?.value === ANMC('ExtraordinaryMeeting')) m.kind = 'extraordinary';
    if (r.status?.value === SCHEMA('EventCancelled')) m.kind = 'cancelled';
    if (r.ordinal) m.ordinal = Number(r.ordinal.value);
    if (r.start && !m.dates.some((d) => d.value === r.start!.value))
      m.dates.push({ value: r.start.value, datatype: r.start.datatype ?? '' });
    if (r.host) m.host = { iri: r.host.value, labels: [] };
    if (r.season) m.season = r.season.value.replace(/^.*[#/]/, '');
    meetings.set(iri, m);
  }
  for (const m of meetings.values()) {
    // The month the article gives (gYearMonth) names the meeting; a full date or a year only otherwise.
    const pick =
      m.dates.find((d) => d.datatype === XSD('gYearMonth')) ??
      m.dates.find((d) => d.datatype === XSD('date')) ??
      m.dates[0];
    const value = pick?.value ?? '';
    m.date = /^\d{4}-\d{2}/.test(value) ? value.slice(0, 7) : value.slice(0, 4);
    const year = Number(m.date.slice(0, 4));
    const month = m.date.length === 7 ? Number(m.date.slice(5, 7)) : (SEASON_MONTH[m.season ?? ''] ?? 6);
    m.when = year + (month - 0.5) / 12;
  }

  const cities = new Map<string, CityPoint>();
  for (const r of cityRows) {
    const key = r.membership.value;
    const c = cities.get(key) ?? {
      iri: r.city.value,
      membership: key,
      coFounder: false,
      foundingMember: false,
      withdrawn: [],
      labels: [],
    };
    if (r.position) c.listPosition = Number(r.position.value);
    if (r.coFounder?.value === 'true') c.coFounder = true;
    if (r.founding?.value === 'true') c.foundingMember = true;
    if (r.withdrawal && !c.withdrawn.includes(r.withdrawal.value)) c.withdrawn.push(r.withdrawal.value);
    if (r.joined) c.joined = r.joined.value;
    if (r.lat && r.long) {
      c.lat = Number(r.lat.value);
      c.long = Number(r.long.value);
    }
    cities.set(key, c);
  }

  const labelled = [
    ...meetings.values(),
    ...[...meetings.values()].flatMap((m) => (m.host ? [m.host] : [])),
    ...cities.values(),
  ];
  const labels = await readLabels(store, [...new Set(labelled.map((x) => x.iri))]);
  for (const x of labelled) x.labels = labels.get(x.iri) ?? [];

  return {
    meetings: [...meetings.values()]
      .map(({ dates: _dates, ...m }) => m)
      .sort((a, b) => a.when - b.when || (a.ordinal ?? 0) - (b.ordinal ?? 0)),
    cities: [...cities.values()].sort(
      (a, b) => (a.listPosition ?? 99) - (b.listPosition ?? 99) || a.iri.localeCompare(b.iri),
    ),
  };
}

/** rdfs:label of each IRI, every language. */
export async function readLabels(
  store: Store,
  iris: string[],
): Promise<Map<string, { value: string; lang: string }[]>> {
  const out = new Map<string, { value: string; lang: string }[]>();
  if (iris.length === 0) return out;
  const rows = await select(
    store,
    `SELECT DISTINCT ?s ?label WHERE { VALUES ?s { ${iris.map((i) => `<${i}>`).join(' ')} } ?s <${RDFS('label')}> ?label }`,
  );
  for (const r of rows)
    out.set(r.s.value, [...(out.get(r.s.value) ?? []), { value: r.label.value, lang: r.label.language ?? '' }]);
  return out;
}

export interface Cell {
  value: string;
  language?: string;
  datatype?: string;
}

/** Run a SELECT and return its rows as plain cells (language and datatype of literals kept). */
export async function select(store: Store, query: string): Promise<Record<string, Cell>[]> {
  return (await selectRows(store, query)).map((row) => {
    const cells: Record<string, Cell> = {};
    for (const [name, term] of Object.entries(row)) {
      cells[name] =
        term.termType === 'Literal'
          ? { value: term.value, language: term.language, datatype: term.datatype.value }
          : { value: term.value };
    }
    return cells;
  });
}
