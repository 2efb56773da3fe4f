// A changeset between two versions of the dataset: the quads removed and added, per named graph, as
// RDF Patch (https://afs.github.io/rdf-patch/, the machine-readable form) and as RDF (the Changeset
// vocabulary: reified removals and additions, each with the graph it is in). Releases hold no blank
// nodes (releases.ts refuses them), so quads compare term by term.

import { createHash } from 'node:crypto';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { releaseIri } from '../dump/describe-dataset.ts';
import { quadToNQ } from '../rdf/n-triples.ts';
import { CS, DCTERMS, PROV, RDF, RDFS, XSD } from '../vocab.ts';

const { namedNode, literal, quad } = N3.DataFactory;

/** The changes of one named graph (the default graph: `graph` is ""). Quads sorted by their N-Quads line. */
export interface GraphChanges {
  graph: string;
  removed: Quad[];
  added: Quad[];
}

export interface Changeset {
  /** Graphs with changes, by graph IRI. */
  graphs: GraphChanges[];
  removed: number;
  added: number;
}

/** The IRI of the changeset from release `from` to release `to`: where the server serves it. */
export function changesetIri(base: string, from: string, to: string): string {
  return `${releaseIri(base, from)}/diff/${to}`;
}

/** Quads of `before` not in `after` (removed) and of `after` not in `before` (added), by graph. */
export function computeChangeset(before: readonly Quad[], after: readonly Quad[]): Changeset {
  const index = (quads: readonly Quad[]) => {
    const map = new Map<string, Quad>();
    for (const q of quads) {
      if ([q.subject, q.predicate, q.object, q.graph].some((t) => t.termType === 'BlankNode')) {
        throw new Error(`A changeset needs quads without blank nodes; got ${quadToNQ(q)}`);
      }
      map.set(quadToNQ(q), q);
    }
    return map;
  };
  const old = index(before);
  const now = index(after);
  const graphs = new Map<string, GraphChanges>();
  const entry = (q: Quad) => {
    let g = graphs.get(q.graph.value);
    if (!g) graphs.set(q.graph.value, (g = { graph: q.graph.value, removed: [], added: [] }));
    return g;
  };
  for (const key of [...old.keys()].sort()) if (!now.has(key)) entry(old.get(key)!).removed.push(old.get(key)!);
  for (const key of [...now.keys()].sort()) if (!old.has(key)) entry(now.get(key)!).added.push(now.get(key)!);
  const list = [...graphs.values()].sort((a, b) => (a.graph < b.graph ? -1 : 1));
  return {
    graphs: list,
    removed: list.reduce((n, g) => n + g.removed.length, 0),
    added: list.reduce((n, g) => n + g.added.length, 0),
  };
}

/**
 * RDF Patch: `H id` (and `H prev`, the changeset this one follows), one transaction, the deletions then
 * the additions, each a quad in N-Triples term syntax. Applied to the older version it gives the newer.
 */
export function writeRdfPatch(changeset: Changeset, header: { id?: string; prev?: string } = {}): string {
  const lines: string[] = [];
  if (header.id) lines.push(`H id <${header.id}> .`);
  if (header.prev) lines.push(`H prev <${header.prev}> .`);
  lines.push('TX .');
  for (const g of changeset.graphs) for (const q of g.removed) lines.push(`D ${quadToNQ(q)}`);
  for (const g of changeset.graphs) for (const q of g.added) lines.push(`A ${quadToNQ(q)}`);
  lines.push('TC .');
  return lines.join('\n') + '\n';
}

export interface ChangesetDescription {
  /** IRI of the changeset (where it is served). */
  iri: string;
  /** The dataset it changes, and the two versions it goes between. */
  dataset: string;
  from: string;
  to: string;
  /** cs:createdDate: when the newer version was issued (ISO 8601). */
  created?: string;
  /** cs:changeReason: why (the newer release's changelog line, when it directly follows the older). */
  reason?: string;
}

/**
 * The changeset as RDF: a cs:ChangeSet whose cs:removal and cs:addition are rdf:Statements, each with
 * the graph it is (or was) in as dcterms:isPartOf, the way graph/provenance states asserted triples.
 * Statement IRIs are the changeset's IRI with a fragment hashed from the quad, so they are stable.
 */
export function changesetQuads(changeset: Changeset, d: ChangesetDescription): Quad[] {
  const out: Quad[] = [];
  const cs = namedNode(d.iri);
  const add = (s: N3.Quad_Subject, p: string, o: N3.Quad_Object) => out.push(quad(s, namedNode(p), o));
  add(cs, RDF('type'), namedNode(CS('ChangeSet')));
  add(cs, CS('subjectOfChange'), namedNode(d.dataset));
  add(cs, PROV('wasDerivedFrom'), namedNode(d.from));
  add(cs, PROV('wasDerivedFrom'), namedNode(d.to));
  add(cs, RDFS('label'), literal(`Changes from ${d.from} to ${d.to}`, 'en'));
  if (d.created) add(cs, CS('createdDate'), literal(d.created, namedNode(XSD('dateTime'))));
  if (d.reason) add(cs, CS('changeReason'), literal(d.reason, 'en'));
  for (const g of changeset.graphs) {
    for (const [kind, quads] of [
      ['removal', g.removed],
      ['addition', g.added],
    ] as const) {
      for (const q of quads) {
        const line = quadToNQ(q);
        const st = namedNode(
          `${d.iri}#${kind === 'removal' ? 'r' : 'a'}-${createHash('sha256').update(line).digest('hex').slice(0, 16)}`,
        );
        add(cs, CS(kind), st);
        add(st, RDF('type'), namedNode(RDF('Statement')));
        add(st, RDF('subject'), q.subject as N3.Quad_Object);
        add(st, RDF('predicate'), q.predicate as N3.Quad_Object);
        add(st, RDF('object'), q.object as N3.Quad_Object);
        if (q.graph.termType === 'NamedNode') add(st, DCTERMS('isPartOf'), namedNode(q.graph.value));
      }
    }
  }
  return out;
}

/** `+N −M` per graph, for one-line summaries. */
export function countLine(changeset: Changeset, name: (graph: string) => string = (g) => g): string {
  if (changeset.graphs.length === 0) return 'no quads changed';
  return changeset.graphs.map((g) => `${name(g.graph)} +${g.added.length} −${g.removed.length}`).join(' · ');
}
