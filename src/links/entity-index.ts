// The entities tools can match against (cities, the network, people, places, meetings, declarations),
// read once from the store through the facade: names in every language, types, and the property
// values that reconciliation constraints and data extension use.

import type { Term } from '@rdfjs/types';
import { chooseLabel, type ChosenLabel, DERIVED_TITLE, type LabelCandidate, NAME_PROPERTIES } from '../rdf/labels.ts';
import { selectRows } from '../store/select-rows.ts';
import type { Store } from '../store/store.ts';
import { ANMC, ORG, OWL, RDF, RDFS, SCHEMA, SKOS, WD, WGS84 } from '../vocab.ts';

/** A value as the Reconciliation API writes it in data extension. */
export type ExtensionValue =
  { str: string } | { id: string; name: string } | { float: number } | { int: number } | { date: string };

export interface IndexedEntity {
  /** Reconciliation id: the IRI's path under `{base}id/`, e.g. `city/tokyo`. */
  id: string;
  iri: string;
  /** Kind from the ID scheme: city, network, person, place, meeting, declaration. */
  kind: string;
  /**
   * Every name to match against and to choose a title from: sources' names (rank by NAME_PROPERTIES),
   * the title derived from the data (`derived`, graph/derived), then other names (rank ALTERNATE_RANK+).
   */
  names: LabelCandidate[];
  types: { id: string; name: string }[];
  values: Record<string, ExtensionValue[]>;
}

export interface PropertyDefinition {
  id: string;
  name: string;
  /** Kinds the property applies to. */
  kinds: string[];
  /** SPARQL pattern binding ?value for ?entity. */
  pattern: string;
  value: 'str' | 'entity' | 'float' | 'int' | 'date' | 'qid';
}

/** The properties offered for constraints and extension (ids are stable API). */
export const PROPERTIES: readonly PropertyDefinition[] = [
  {
    id: 'wikidata',
    name: 'Wikidata item',
    kinds: ['city', 'place', 'network', 'person'],
    pattern: `{ ?entity <${OWL('sameAs')}> ?value } UNION { ?entity <${SCHEMA('sameAs')}> ?value } FILTER(STRSTARTS(STR(?value), "${WD.iri}"))`,
    value: 'qid',
  },
  {
    id: 'label_zh',
    name: 'name (Traditional Chinese)',
    kinds: ['city', 'place', 'network', 'person', 'meeting', 'declaration'],
    pattern: `?entity <${RDFS('label')}>|<${SCHEMA('name')}> ?value FILTER(LANGMATCHES(LANG(?value), "zh"))`,
    value: 'str',
  },
  {
    id: 'label_en',
    name: 'name (English)',
    kinds: ['city', 'place', 'network', 'person', 'meeting', 'declaration'],
    pattern: `?entity <${RDFS('label')}>|<${SCHEMA('name')}> ?value FILTER(LANGMATCHES(LANG(?value), "en"))`,
    value: 'str',
  },
  {
    id: 'label_ja',
    name: 'name (Japanese)',
    kinds: ['city', 'place', 'network', 'person', 'meeting', 'declaration'],
    pattern: `?entity <${RDFS('label')}>|<${SCHEMA('name')}> ?value FILTER(LANGMATCHES(LANG(?value), "ja"))`,
    value: 'str',
  },
  {
    id: 'latitude',
    name: 'latitude (WGS 84)',
    kinds: ['city'],
    pattern: `?entity <${WGS84('lat')}> ?value`,
    value: 'float',
  },
  {
    id: 'longitude',
    name: 'longitude (WGS 84)',
    kinds: ['city'],
    pattern: `?entity <${WGS84('long')}> ?value`,
    value: 'float',
  },
  {
    id: 'member_of',
    name: 'member of',
    kinds: ['city'],
    pattern: `?m <${ORG('member')}> ?entity ; <${ORG('organization')}> ?value`,
    value: 'entity',
  },
  {
    id: 'member_since',
    name: 'member since',
    kinds: ['city'],
    pattern: `?m <${ORG('member')}> ?entity ; <${ORG('memberDuring')}>/<http://www.w3.org/2006/time#hasBeginning>/<http://www.w3.org/2006/time#inXSDDate> ?value`,
    value: 'date',
  },
  {
    id: 'withdrawal_date',
    name: 'withdrawal date',
    kinds: ['city'],
    pattern: `?m <${ORG('member')}> ?entity ; <${ANMC('withdrawalDate')}> ?value`,
    value: 'date',
  },
  {
    // The network a city co-proposed (co-founded). An entity, not a boolean: v0.2 has no boolean value.
    id: 'co_founder',
    name: 'co-proposed (co-founded)',
    kinds: ['city'],
    pattern: `?m <${ORG('member')}> ?entity ; <${ANMC('coFounder')}> true ; <${ORG('organization')}> ?value`,
    value: 'entity',
  },
  {
    id: 'hosted',
    name: 'hosted meeting',
    kinds: ['city'],
    pattern: `?value <${SCHEMA('location')}> ?entity`,
    value: 'entity',
  },
  { id: 'ordinal', name: 'ordinal', kinds: ['meeting'], pattern: `?entity <${ANMC('ordinal')}> ?value`, value: 'int' },
  {
    id: 'start_date',
    name: 'start date',
    kinds: ['meeting'],
    pattern: `?entity <${SCHEMA('startDate')}> ?value`,
    value: 'date',
  },
  {
    id: 'host',
    name: 'host city',
    kinds: ['meeting'],
    pattern: `?entity <${SCHEMA('location')}> ?value`,
    value: 'entity',
  },
];

export const RECONCILED_KINDS = ['city', 'network', 'person', 'place', 'meeting', 'declaration'] as const;

/** Other names an entity goes by (matched, never its title while it has one). */
const ALTERNATE_PROPERTIES = [SCHEMA('alternateName'), SKOS('altLabel'), ANMC('fullName'), ANMC('abbreviation')];
export const ALTERNATE_RANK = 100;
/**
 * Names people type for an entity that properly name a related place (skos:hiddenLabel: New Delhi for
 * the NCT of Delhi): matched, with a lower score, never a title and never listed as its name.
 */
const SEARCH_PROPERTIES = [SKOS('hiddenLabel')];
export const SEARCH_RANK = 200;

/** Properties an entity's names come from, each with its rank (and whether it is a derived title). */
function nameRank(p: string): { rank: number; derived?: true } | undefined {
  if (p === DERIVED_TITLE) return { rank: NAME_PROPERTIES.length, derived: true };
  const i = NAME_PROPERTIES.indexOf(p);
  if (i >= 0) return { rank: i };
  const j = ALTERNATE_PROPERTIES.indexOf(p);
  if (j >= 0) return { rank: ALTERNATE_RANK + j };
  const k = SEARCH_PROPERTIES.indexOf(p);
  return k >= 0 ? { rank: SEARCH_RANK + k } : undefined;
}

/** How a name of an entity counts in matching: its own name, another name it goes by, or a search name. */
export type NameKind = 'name' | 'alternate' | 'search';
export function nameKind(n: LabelCandidate): NameKind {
  const rank = n.rank ?? 0;
  return rank >= SEARCH_RANK ? 'search' : rank >= ALTERNATE_RANK ? 'alternate' : 'name';
}

/** The names a source gives the entity itself (no derived title, no search name): what previews and exports list. */
export function ownNames(names: readonly LabelCandidate[]): LabelCandidate[] {
  return names.filter((n) => !n.derived && nameKind(n) !== 'search');
}

/**
 * The title of an indexed entity in a language: the one chooser (rdf/labels.ts) over its names and
 * derived titles, other names only when it has nothing else, search names never. Reconciliation and the
 * exports show this.
 */
export function entityTitle(names: readonly LabelCandidate[], lang: string): ChosenLabel | undefined {
  return (
    chooseLabel(
      names.filter((n) => nameKind(n) === 'name'),
      lang,
    ) ??
    chooseLabel(
      names.filter((n) => nameKind(n) !== 'search'),
      lang,
    )
  );
}

/** Read the index from the store. */
export async function buildEntityIndex(store: Store, base: string): Promise<EntityIndex> {
  const prefix = `${base}id/`;
  const inScope = `FILTER(STRSTARTS(STR(?entity), "${prefix}") && REGEX(SUBSTR(STR(?entity), ${prefix.length + 1}), "^(${RECONCILED_KINDS.join('|')})/"))`;
  const entities = new Map<string, IndexedEntity>();
  const entity = (iri: string): IndexedEntity => {
    let e = entities.get(iri);
    if (!e) {
      const id = iri.slice(prefix.length);
      e = { id, iri, kind: id.split('/')[0], names: [], types: [], values: {} };
      entities.set(iri, e);
    }
    return e;
  };
  const types = await selectRows(
    store,
    `SELECT DISTINCT ?entity ?type ?typeLabel WHERE { ?entity <${RDF('type')}> ?type . ${inScope} OPTIONAL { ?type <${RDFS('label')}> ?typeLabel FILTER(LANGMATCHES(LANG(?typeLabel), "en")) } } ORDER BY ?entity ?type`,
  );
  for (const row of types) {
    const e = entity(row.entity.value);
    const id = row.type.value;
    if (!e.types.some((t) => t.id === id)) e.types.push({ id, name: row.typeLabel?.value ?? localName(id) });
  }
  // Every name and title of everything under id/ (entities, and what their values point at), once.
  const namesByIri = new Map<string, LabelCandidate[]>();
  const properties = [...NAME_PROPERTIES, DERIVED_TITLE, ...ALTERNATE_PROPERTIES, ...SEARCH_PROPERTIES];
  const names = await selectRows(
    store,
    `SELECT DISTINCT ?entity ?p ?name WHERE { VALUES ?p { ${properties.map((p) => `<${p}>`).join(' ')} } ?entity ?p ?name . FILTER(STRSTARTS(STR(?entity), "${prefix}") && ISLITERAL(?name)) } ORDER BY ?entity ?p ?name`,
  );
  for (const row of names) {
    const term = row.name as Term & { language?: string };
    const how = nameRank(row.p.value)!;
    const list = namesByIri.get(row.entity.value) ?? [];
    const lang = term.language ?? '';
    const same = list.find((n) => n.value === term.value && n.lang === lang);
    if (!same) list.push({ value: term.value, lang, ...how });
    else if ((same.rank ?? 0) > how.rank) Object.assign(same, how);
    namesByIri.set(row.entity.value, list);
  }
  for (const [iri, list] of namesByIri) {
    const id = iri.slice(prefix.length);
    if (RECONCILED_KINDS.some((k) => id.startsWith(`${k}/`))) entity(iri).names.push(...list);
  }
  const index = new EntityIndex([...entities.values()].filter((e) => e.names.length > 0));
  for (const p of PROPERTIES) {
    const rows = await selectRows(
      store,
      `SELECT DISTINCT ?entity ?value WHERE { ${p.pattern} . ${inScope} } ORDER BY ?entity ?value`,
    );
    for (const row of rows) {
      const e = index.byIri(row.entity.value);
      if (!e || !p.kinds.includes(e.kind)) continue;
      // An entity value is shown by its English title (the API has no language for extension).
      const valueName = entityTitle(namesByIri.get(row.value.value) ?? [], 'en')?.value;
      const v = toValue(p, row.value, valueName, prefix);
      if (!v) continue;
      const list = (e.values[p.id] ??= []);
      if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
    }
  }
  return index;
}

function toValue(
  p: PropertyDefinition,
  value: Term,
  valueName: string | undefined,
  prefix: string,
): ExtensionValue | undefined {
  switch (p.value) {
    case 'str':
      return { str: value.value };
    case 'qid':
      return { str: value.value.slice(WD.iri.length) };
    case 'entity':
      return value.value.startsWith(prefix)
        ? { id: value.value.slice(prefix.length), name: valueName ?? value.value.slice(prefix.length) }
        : { str: value.value };
    case 'float':
      return Number.isFinite(Number(value.value)) ? { float: Number(value.value) } : undefined;
    case 'int':
      return /^-?\d+$/.test(value.value) ? { int: Number(value.value) } : undefined;
    case 'date': {
      // The API wants a full ISO date-time; a month or year stays as precise as the data in `str`.
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.value);
      return m ? { date: `${value.value}T00:00:00Z` } : { str: value.value };
    }
  }
}

function localName(iri: string): string {
  return iri.replace(/^.*[/#]/, '');
}

export class EntityIndex {
  readonly entities: readonly IndexedEntity[];
  private readonly byIriMap: Map<string, IndexedEntity>;
  private readonly byIdMap: Map<string, IndexedEntity>;

  constructor(entities: IndexedEntity[]) {
    this.entities = entities;
    this.byIriMap = new Map(entities.map((e) => [e.iri, e]));
    this.byIdMap = new Map(entities.map((e) => [e.id, e]));
  }
  byIri(iri: string): IndexedEntity | undefined {
    return this.byIriMap.get(iri);
  }
  byId(id: string): IndexedEntity | undefined {
    return this.byIdMap.get(id);
  }
  /** Every type used by an indexed entity, once. */
  types(): { id: string; name: string }[] {
    const seen = new Map<string, string>();
    for (const e of this.entities) for (const t of e.types) if (!seen.has(t.id)) seen.set(t.id, t.name);
    return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => a.id.localeCompare(b.id));
  }
  /** The names to match against, each with how it counts: each name as written, plus the parts of "A (B)". */
  static matchNames(e: IndexedEntity): { name: string; kind: NameKind }[] {
    const out = new Map<string, NameKind>();
    const order: NameKind[] = ['name', 'alternate', 'search'];
    const add = (name: string, kind: NameKind) => {
      const had = out.get(name);
      if (!had || order.indexOf(kind) < order.indexOf(had)) out.set(name, kind);
    };
    for (const n of e.names) {
      add(n.value, nameKind(n));
      const m = /^(.+?)\s*[（(](.+)[)）]$/.exec(n.value);
      if (m) {
        add(m[1], nameKind(n));
        add(m[2], nameKind(n));
      }
    }
    return [...out].map(([name, kind]) => ({ name, kind }));
  }
}
