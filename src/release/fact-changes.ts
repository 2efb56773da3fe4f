// A changeset read as a person reads it: by entity and fact. A fact is a triple of an asserted graph
// (one whose triples graph/provenance states, e.g. graph/article and graph/supplements); each is shown
// with its evidence on each side (the article's quoted words and their line and column, or the document
// a supplement row cites), found in that side's provenance graph. The other graphs (provenance, ontology,
// derived titles) are counted, not itemised.

import type { Quad, Term } from '@rdfjs/types';
import { chooseLabel, DERIVED_TITLE, NAME_PROPERTIES, type LabelCandidate } from '../rdf/labels.ts';
import { termToNT } from '../rdf/n-triples.ts';
import { ANMC, DCTERMS, OA, PROV, RDF } from '../vocab.ts';
import type { Changeset } from './changeset.ts';

/** What a fact is derived from, on one side. */
export interface Evidence {
  kind: 'quote' | 'reference';
  /** A quote's exact words, or the IRI of the document a reference cites. */
  text: string;
  /** A quote's place in the article (lines and columns from 1, end exclusive); a supplement row's line. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Supplement row ids (data/supplements/facts.tsv). */
  rows?: string[];
  /** Local name of the confidence (Quoted, Verified, Probable). */
  confidence?: string;
  /** What compares across versions: a quote's place and words, a reference's document. */
  key: string;
}

/** One value of a fact on one side, with its evidence. */
export interface FactValue {
  object: Term;
  evidence: Evidence[];
}

/**
 * `added`/`removed`: a subject and predicate gained or lost values (in that graph); `changed`: it lost
 * some and gained others; `moved`: the same triple, quoted with the same words from other places;
 * `resourced`: the same triple with other evidence (references added or dropped, words changed).
 */
export type FactChangeKind = 'changed' | 'added' | 'removed' | 'moved' | 'resourced';
export const FACT_CHANGE_KINDS: readonly FactChangeKind[] = ['changed', 'added', 'removed', 'moved', 'resourced'];

export interface FactChange {
  kind: FactChangeKind;
  graph: string;
  predicate: string;
  before: FactValue[];
  after: FactValue[];
}

export interface EntityChanges {
  subject: string;
  /** A name for people: zh-Hant and English where the data gives them. */
  label?: string;
  facts: FactChange[];
}

export interface ChangeSummary {
  /** Entities with fact changes, by IRI. */
  entities: EntityChanges[];
  counts: Record<FactChangeKind, number>;
  /** Graphs whose triples are facts (on either side). */
  factGraphs: string[];
  /** Every graph with changes: quads removed and added, and how many subjects they touch. */
  graphs: { graph: string; removed: number; added: number; subjects: number }[];
}

const STATEMENT = RDF('Statement');
/** Names, then derived titles (ranked after every name, as the one label chooser ranks them). */
const LABELS = [...NAME_PROPERTIES, DERIVED_TITLE];

/** One version's quads, indexed for looking up a fact's statements and their evidence. */
class Side {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly statements = new Map<string, string[]>();
  readonly factGraphs = new Set<string>();

  constructor(quads: readonly Quad[]) {
    for (const q of quads) {
      const list = this.bySubject.get(q.subject.value);
      if (list) list.push(q);
      else this.bySubject.set(q.subject.value, [q]);
    }
    for (const [subject, list] of this.bySubject) {
      if (!list.some((q) => q.predicate.value === RDF('type') && q.object.value === STATEMENT)) continue;
      const one = (p: string) => list.find((q) => q.predicate.value === p)?.object;
      const [s, p, o, g] = [one(RDF('subject')), one(RDF('predicate')), one(RDF('object')), one(DCTERMS('isPartOf'))];
      if (!s || !p || !o || !g) continue;
      this.factGraphs.add(g.value);
      const key = factKey(g.value, s, p, o);
      this.statements.set(key, [...(this.statements.get(key) ?? []), subject]);
    }
  }

  private values(subject: string, predicate: string): Term[] {
    return (this.bySubject.get(subject) ?? []).filter((q) => q.predicate.value === predicate).map((q) => q.object);
  }

  private value(subject: string, predicate: string): Term | undefined {
    return this.values(subject, predicate)[0];
  }

  /** The evidence of a fact: what each of its statements is derived from, sorted by place. */
  evidence(graph: string, s: Term, p: Term, o: Term): Evidence[] {
    const out = new Map<string, Evidence>();
    for (const statement of this.statements.get(factKey(graph, s, p, o)) ?? []) {
      for (const source of this.values(statement, PROV('wasDerivedFrom'))) {
        const e = this.evidenceOf(statement, source.value);
        if (!out.has(e.key)) out.set(e.key, e);
      }
    }
    return [...out.values()].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || (a.key < b.key ? -1 : 1),
    );
  }

  /**
   * Evidence from one `prov:wasDerivedFrom` target. Three shapes are read, as the provenance model has
   * had them: a quote selector itself (oa:exact); a reference with an oa:hasSelector quote, or with the
   * dcterms:source it cites; or the cited document itself, the row ids and confidence on the statement.
   */
  private evidenceOf(statement: string, target: string): Evidence {
    const selector = this.value(target, OA('exact')) ? target : this.value(target, OA('hasSelector'))?.value;
    const confidence = localName(this.value(target, ANMC('confidence')) ?? this.value(statement, ANMC('confidence')));
    if (selector) {
      const n = (p: string) => Number(this.value(selector, ANMC(p))?.value ?? NaN);
      const text = this.value(selector, OA('exact'))?.value ?? '';
      const [line, column, endLine, endColumn] = [n('line'), n('column'), n('endLine'), n('endColumn')];
      return {
        kind: 'quote',
        text,
        line,
        column,
        endLine,
        endColumn,
        ...(confidence ? { confidence } : {}),
        key: `quote ${line}:${column}-${endLine}:${endColumn} ${text}`,
      };
    }
    const cited = this.value(target, DCTERMS('source'));
    const holder = cited ? target : statement;
    const document = cited?.value ?? target;
    const rows = this.values(holder, DCTERMS('identifier'))
      .map((t) => t.value)
      .sort();
    const lines = this.values(holder, ANMC('line')).map((t) => Number(t.value));
    return {
      kind: 'reference',
      text: document,
      ...(lines.length === 1 ? { line: lines[0] } : {}),
      ...(rows.length ? { rows } : {}),
      ...(confidence ? { confidence } : {}),
      key: `reference ${document}`,
    };
  }

  /** zh-Hant and English names (or derived titles), joined: `托木斯克 / Tomsk`. */
  label(subject: string): string | undefined {
    const candidates: LabelCandidate[] = (this.bySubject.get(subject) ?? [])
      .filter((q) => LABELS.includes(q.predicate.value) && q.object.termType === 'Literal')
      .map((q) => ({
        value: q.object.value,
        lang: (q.object as { language: string }).language,
        rank: LABELS.indexOf(q.predicate.value),
      }));
    const names = ['zh-Hant', 'en']
      .map((lang) => chooseLabel(candidates, lang))
      .filter((l) => l !== undefined && !l.fallback)
      .map((l) => l!.value);
    return names.length ? [...new Set(names)].join(' / ') : undefined;
  }

  has(graph: string, s: Term, p: Term, o: Term): boolean {
    return this.statements.has(factKey(graph, s, p, o));
  }
}

function factKey(graph: string, s: Term, p: Term, o: Term): string {
  return `${graph}\u0000${termToNT(s)}\u0000${termToNT(p)}\u0000${termToNT(o)}`;
}

function localName(term: Term | undefined): string | undefined {
  return term?.value.replace(/^.*[#/]/, '');
}

/**
 * Read a changeset by entity and fact. `before` and `after` are the two versions' quads (the changeset
 * is theirs). Facts present on both sides whose evidence differs are `moved` or `resourced`.
 */
export function summarizeChanges(changeset: Changeset, before: readonly Quad[], after: readonly Quad[]): ChangeSummary {
  const old = new Side(before);
  const now = new Side(after);
  const factGraphs = new Set([...old.factGraphs, ...now.factGraphs]);
  const entities = new Map<string, EntityChanges>();
  const entity = (subject: string) => {
    let e = entities.get(subject);
    if (!e) {
      entities.set(subject, (e = { subject, facts: [] }));
      const label = now.label(subject) ?? old.label(subject);
      if (label) e.label = label;
    }
    return e;
  };

  // Removed and added values, grouped by graph, subject and predicate.
  const groups = new Map<string, { graph: string; s: Term; p: Term; removed: Quad[]; added: Quad[] }>();
  for (const g of changeset.graphs) {
    if (!factGraphs.has(g.graph)) continue;
    for (const [side, quads] of [
      ['removed', g.removed],
      ['added', g.added],
    ] as const) {
      for (const q of quads) {
        const key = `${g.graph}\u0000${termToNT(q.subject)}\u0000${termToNT(q.predicate)}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { graph: g.graph, s: q.subject, p: q.predicate, removed: [], added: [] }));
        group[side].push(q);
      }
    }
  }
  for (const group of groups.values()) {
    const kind: FactChangeKind =
      group.removed.length && group.added.length ? 'changed' : group.added.length ? 'added' : 'removed';
    entity(group.s.value).facts.push({
      kind,
      graph: group.graph,
      predicate: group.p.value,
      before: group.removed.map((q) => ({
        object: q.object,
        evidence: old.evidence(group.graph, q.subject, q.predicate, q.object),
      })),
      after: group.added.map((q) => ({
        object: q.object,
        evidence: now.evidence(group.graph, q.subject, q.predicate, q.object),
      })),
    });
  }

  // Facts on both sides whose evidence differs.
  for (const q of after) {
    if (!factGraphs.has(q.graph.value) || !now.has(q.graph.value, q.subject, q.predicate, q.object)) continue;
    if (!old.has(q.graph.value, q.subject, q.predicate, q.object)) continue;
    const was = old.evidence(q.graph.value, q.subject, q.predicate, q.object);
    const is = now.evidence(q.graph.value, q.subject, q.predicate, q.object);
    if (sameKeys(was, is)) continue;
    const words = (list: Evidence[]) =>
      list
        .map((e) => `${e.kind} ${e.kind === 'quote' ? e.text : e.key}`)
        .sort()
        .join('\u0000');
    entity(q.subject.value).facts.push({
      kind: words(was) === words(is) ? 'moved' : 'resourced',
      graph: q.graph.value,
      predicate: q.predicate.value,
      before: [{ object: q.object, evidence: was }],
      after: [{ object: q.object, evidence: is }],
    });
  }

  const counts = Object.fromEntries(FACT_CHANGE_KINDS.map((k) => [k, 0])) as Record<FactChangeKind, number>;
  const list = [...entities.values()].sort((a, b) => (a.subject < b.subject ? -1 : 1));
  for (const e of list) {
    e.facts.sort(
      (a, b) =>
        FACT_CHANGE_KINDS.indexOf(a.kind) - FACT_CHANGE_KINDS.indexOf(b.kind) ||
        (a.predicate < b.predicate ? -1 : a.predicate > b.predicate ? 1 : 0) ||
        (a.graph < b.graph ? -1 : a.graph > b.graph ? 1 : 0) ||
        firstLine(a) - firstLine(b),
    );
    for (const f of e.facts) counts[f.kind]++;
  }
  return {
    entities: list,
    counts,
    factGraphs: [...factGraphs].sort(),
    graphs: changeset.graphs.map((g) => ({
      graph: g.graph,
      removed: g.removed.length,
      added: g.added.length,
      subjects: new Set([...g.removed, ...g.added].map((q) => q.subject.value)).size,
    })),
  };
}

/** Whether two sides cite the same evidence (as sets: order and details such as row lines aside). */
function sameKeys(a: readonly Evidence[], b: readonly Evidence[]): boolean {
  const keys = new Set(a.map((e) => e.key));
  return keys.size === new Set(b.map((e) => e.key)).size && b.every((e) => keys.has(e.key));
}

function firstLine(f: FactChange): number {
  return [...f.after, ...f.before].flatMap((v) => v.evidence.map((e) => e.line ?? 0))[0] ?? 0;
}
