// Reconciliation (W3C Entity Reconciliation Service API v0.2): matching queries against the entity
// index with type and property constraints, suggest by prefix, proposed properties and data
// extension. Plain functions over the index; the HTTP side is http/routes/reconcile.ts.

import { LABEL_LANGUAGES, langMatches } from '../rdf/labels.ts';
import { ANMC, SCHEMA } from '../vocab.ts';
import {
  EntityIndex,
  entityTitle,
  ownNames,
  PROPERTIES,
  type ExtensionValue,
  type IndexedEntity,
  type NameKind,
} from './entity-index.ts';
import { nameKey, scoreName, type NameScore } from './match-names.ts';

export interface Candidate {
  id: string;
  name: string;
  description: string;
  score: number;
  match: boolean;
  type: { id: string; name: string }[];
  features: { id: string; value: number | boolean }[];
}

export interface ReconQuery {
  query?: string;
  type?: string | string[];
  limit?: number;
  properties?: { pid: string; v: unknown }[];
  type_strict?: 'any' | 'should' | 'all';
}

/** Thrown for a request the API cannot answer; becomes a 400 JSON body. */
export class ReconcileRequestError extends Error {}

/** A candidate is a match when it scores at least this and leads the next by at least MATCH_MARGIN. */
export const MATCH_THRESHOLD = 95;
export const MATCH_MARGIN = 10;
/**
 * Points off a name score by how the matched name counts: another name the entity goes by (Rangoon,
 * 東京都 for the city) 1, so an entity whose own name it is ranks first; a search name (New Delhi for the
 * NCT of Delhi) 10, so it alone is never an automatic match.
 */
export const NAME_KIND_PENALTY: Readonly<Record<NameKind, number>> = { name: 0, alternate: 1, search: 10 };

/** The best score of a query over an entity's names, after the penalty of the kind of name matched. */
function bestNameScore(
  query: string,
  names: readonly { name: string; kind: NameKind }[],
): NameScore & { kind?: NameKind } {
  let best: NameScore & { kind?: NameKind } = { score: 0, how: 'none', name: names[0]?.name ?? '' };
  for (const { name, kind } of names) {
    const s = scoreName(query, name);
    const score = s.score === 0 ? 0 : s.score - NAME_KIND_PENALTY[kind];
    if (score > best.score) best = { ...s, score, kind };
  }
  return best;
}
/** Prefix → namespace; no prototype, as it is looked up with the prefix a client wrote. */
const CURIES: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  schema: SCHEMA.iri,
  anmc: ANMC.iri,
  org: 'http://www.w3.org/ns/org#',
});

/** An entity's values of a property a client named (`__proto__` is just an unknown property). */
function valuesOf(e: IndexedEntity, pid: string): ExtensionValue[] | undefined {
  return Object.hasOwn(e.values, pid) ? e.values[pid] : undefined;
}

/** Expand `schema:City` to its IRI; full IRIs pass through. */
export function expandType(id: string): string {
  const m = /^([a-z]+):([^/].*)$/.exec(id);
  return m && CURIES[m[1]] ? CURIES[m[1]] + m[2] : id;
}

/** The name a candidate is shown by: the one label chooser (rdf/labels.ts) for `lang`, English by default. */
export function displayName(e: IndexedEntity, lang = 'en'): string {
  return (entityTitle(e.names, lang) ?? e.names[0]).value;
}

/** The one-line description of a candidate: its types, its name in the article's language and its Wikidata id. */
export function description(e: IndexedEntity): string {
  const article = entityTitle(ownNames(e.names), LABEL_LANGUAGES[0]);
  const qid = e.values.wikidata?.[0];
  const parts = [e.types.map((t) => t.name).join(', ') || e.kind];
  if (article && langMatches(article.lang, LABEL_LANGUAGES[0])) parts.push(article.value);
  if (qid && 'str' in qid) parts.push(`Wikidata ${qid.str}`);
  return parts.join(' · ');
}

function valueMatches(pid: string, wanted: unknown, have: ExtensionValue[] | undefined): boolean {
  if (!have || have.length === 0) return false;
  const wants = Array.isArray(wanted) ? wanted : [wanted];
  return wants.some((w) => {
    const text = typeof w === 'object' && w !== null && 'id' in w ? String((w as { id: unknown }).id) : String(w);
    return have.some((h) => {
      if ('id' in h) return h.id === text || h.id.endsWith(`/${text}`) || nameKey(h.name) === nameKey(text);
      if ('str' in h)
        return pid === 'wikidata'
          ? h.str.toUpperCase() === text.replace(/^.*\//, '').toUpperCase()
          : nameKey(h.str) === nameKey(text);
      if ('float' in h) return Math.abs(h.float - Number(text)) < 0.05;
      if ('int' in h) return h.int === Number(text);
      if ('date' in h) return h.date.startsWith(text);
      return false;
    });
  });
}

/** Reconcile one query against the index: candidates best first, each score explained. */
export function reconcileQuery(index: EntityIndex, q: ReconQuery): Candidate[] {
  const types = q.type === undefined ? [] : (Array.isArray(q.type) ? q.type : [q.type]).map(expandType);
  const strict = q.type_strict ?? 'any';
  const props = q.properties ?? [];
  const limit = Math.max(1, Math.min(Number.isFinite(q.limit) ? Number(q.limit) : 5, 100));
  const text = (q.query ?? '').trim();
  const scored: Candidate[] = [];
  for (const e of index.entities) {
    const typeIds = e.types.map((t) => t.id);
    const typeOk =
      types.length === 0 ||
      (strict === 'all' ? types.every((t) => typeIds.includes(t)) : types.some((t) => typeIds.includes(t)));
    if (!typeOk && strict !== 'should') continue;
    const name = text ? bestNameScore(text, EntityIndex.matchNames(e)) : undefined;
    const propResults = props.map((p) => ({ pid: p.pid, ok: valueMatches(p.pid, p.v, valuesOf(e, p.pid)) }));
    const matched = propResults.filter((p) => p.ok).length;
    let score: number;
    if (text) {
      if (!name?.score && matched === 0) continue;
      score = (name?.score ?? 0) + 5 * matched - 10 * (propResults.length - matched);
    } else {
      if (matched === 0) continue;
      score = (100 * matched) / propResults.length;
    }
    if (types.length > 0 && !typeOk) score -= 10;
    score = Math.max(0, Math.min(100, score));
    scored.push({
      id: e.id,
      name: displayName(e),
      description: description(e),
      score,
      match: false,
      type: e.types,
      features: [
        ...nameFeatures(name),
        ...(types.length > 0 ? [{ id: 'type_match', value: typeOk }] : []),
        ...propResults.map((p) => ({ id: `property_${p.pid}`, value: p.ok })),
      ],
    });
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  const [first, second] = scored;
  if (first && first.score >= MATCH_THRESHOLD && (!second || first.score - second.score >= MATCH_MARGIN))
    first.match = true;
  return scored.slice(0, limit);
}

/**
 * What the name comparison gave, as features with unique ids: the score, which rule matched
 * (`name_rule_exact`, `…_script_variant`, `…_unit_suffix`, `…_edit_distance`), the edit distance of a
 * typo, and the kind of name matched when it was not the entity's own (`name_alternate`, `name_search`).
 */
function nameFeatures(name: (NameScore & { kind?: NameKind }) | undefined): Candidate['features'] {
  if (!name) return [];
  return [
    { id: 'name_score', value: name.score },
    ...(name.how === 'none' ? [] : [{ id: `name_rule_${name.how.replace('-', '_')}`, value: true }]),
    ...(name.distance !== undefined ? [{ id: 'name_edit_distance', value: name.distance }] : []),
    ...(name.kind && name.kind !== 'name' ? [{ id: `name_${name.kind}`, value: true }] : []),
  ];
}

/** Data extension: the values of the requested properties for each id. */
export function extendData(index: EntityIndex, request: { ids: string[]; properties: { id: string }[] }) {
  const meta = request.properties.map((p) => {
    const def = PROPERTIES.find((d) => d.id === p.id);
    if (!def) throw new ReconcileRequestError(`Unknown property "${p.id}"; /reconcile/suggest/property lists them`);
    return {
      id: def.id,
      name: def.name,
      ...(def.value === 'entity' ? { type: { id: SCHEMA('Thing'), name: 'Thing' } } : {}),
    };
  });
  // Ids are the client's: a null-prototype object keeps `__proto__` as a row like any other.
  const rows = Object.create(null) as Record<string, Record<string, ExtensionValue[]>>;
  for (const id of request.ids) {
    const e = index.byId(id);
    rows[id] = Object.fromEntries(request.properties.map((p) => [p.id, (e && valuesOf(e, p.id)) ?? []]));
  }
  return { meta, rows };
}

/**
 * Entities whose id or names equal, start with or contain the prefix (in that order), ten from
 * `cursor`. An id may be typed as OpenRefine shows it (`city/tokyo`), as its IRI, or by its slug (`tokyo`).
 */
export function suggestEntities(index: EntityIndex, prefix: string, cursor: number) {
  const key = nameKey(prefix);
  const typed = prefix.trim();
  const hits = index.entities
    .map((e) => {
      const names = key === '' ? [] : EntityIndex.matchNames(e).map((n) => nameKey(n.name));
      const ids = [e.id, e.iri, e.id.slice(e.kind.length + 1)];
      const rank =
        ids.includes(typed) || names.some((n) => n === key)
          ? 0
          : ids.some((i) => typed !== '' && i.startsWith(typed)) || names.some((n) => n.startsWith(key))
            ? 1
            : names.some((n) => n.includes(key))
              ? 2
              : 3;
      return { e, rank };
    })
    .filter((h) => typed !== '' && h.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.e.id.localeCompare(b.e.id));
  return {
    result: hits
      .slice(cursor, cursor + 10)
      .map(({ e }) => ({ id: e.id, name: displayName(e), description: description(e), notable: e.types })),
  };
}

/** Types whose name or id contains the prefix, ten from `cursor`. */
export function suggestTypes(index: EntityIndex, prefix: string, cursor: number) {
  const key = nameKey(prefix);
  const hits = index.types().filter((t) => nameKey(t.name).includes(key) || nameKey(t.id).includes(key));
  return { result: hits.slice(cursor, cursor + 10).map((t) => ({ id: t.id, name: t.name })) };
}

/** Properties whose name or id contains the prefix, ten from `cursor`. */
export function suggestProperties(prefix: string, cursor: number) {
  const key = nameKey(prefix);
  const hits = PROPERTIES.filter((p) => nameKey(p.name).includes(key) || nameKey(p.id).includes(key));
  return {
    result: hits
      .slice(cursor, cursor + 10)
      .map((p) => ({ id: p.id, name: p.name, description: `for ${p.kinds.join(', ')}` })),
  };
}

/** The properties an entity of `type` (any type when absent) can be extended with, at most `limit`. */
export function proposeProperties(index: EntityIndex, type: string | undefined, limit: number) {
  const kinds = new Set(index.entities.filter((e) => !type || e.types.some((t) => t.id === type)).map((e) => e.kind));
  const properties = PROPERTIES.filter((p) => p.kinds.some((k) => kinds.has(k)))
    .slice(0, limit)
    .map((p) => ({ id: p.id, name: p.name }));
  return { ...(type ? { type } : {}), limit, properties };
}
