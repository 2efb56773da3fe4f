// A resource's document: its concise bounded description, the links pointing to it, the labels of
// every resource it mentions and the provenance of its facts, read with SPARQL through the store facade.

import { DERIVED_TITLE, langMatches, NAME_PROPERTIES } from '../rdf/labels.ts';
import type { Quad, Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { selectRows } from '../store/select-rows.ts';
import { iriRef, quadKey } from '../rdf/terms.ts';
import type { Store } from '../store/store.ts';
import { type Iris, OA, PROV, RDF, SKOS } from '../vocab.ts';

/**
 * Properties whose values are labels: fetched for every linked resource, and what `?lang=` filters.
 * The names (rdf/labels.ts), other names (skos:altLabel) and the derived display title.
 */
export const LABEL_PROPERTIES: readonly string[] = [...NAME_PROPERTIES, SKOS('altLabel'), DERIVED_TITLE];

export interface DescribeOptions {
  iris: Iris;
  /** Keep only label literals in this language (basic filtering: `en` keeps `en`, `en-GB`); untagged labels stay. */
  lang?: string;
  /** Most inverse links returned (the rest are counted as truncated). Default 1000. */
  maxInverse?: number;
}

/** What the document holds, by part, so pages and tests can tell them apart. All quads keep their graph. */
export interface Description {
  iri: string;
  /** The CBD: triples with the resource as subject, and the blank nodes they reach. */
  forward: Quad[];
  /** Triples with the resource as object (outside the reification triples of provenance). */
  inverse: Quad[];
  /** Provenance statements whose subject or object is the resource, their references and the quotes those select. */
  provenance: Quad[];
  /** Labels of every resource the parts above mention. */
  labels: Quad[];
  /** Inverse links left out past maxInverse. */
  inverseTruncated: boolean;
}

/** A description made of given triples only (a document read whole, such as the VoID graph). */
export function descriptionOf(iri: string, forward: Quad[]): Description {
  return { iri, forward, inverse: [], provenance: [], labels: [], inverseTruncated: false };
}

/** Every quad of a description, parts in order, duplicates included once. */
export function descriptionQuads(d: Description): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of [...d.forward, ...d.inverse, ...d.provenance, ...d.labels]) {
    const key = quadKey(q);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(q);
    }
  }
  return out;
}

/**
 * A document's quads as a dataset for syntaxes with named graphs (N-Quads, TriG), laid out for clients:
 * the default graph holds every triple of the document once (what its Turtle holds, and what a Linked
 * Data client such as Comunica reads), and the named graphs beside it hold the same triples in the
 * graphs of the store that assert them (article, supplements, provenance, ontology, derived). A query
 * over the document then answers as our endpoint does over the same triples: the default graph is their
 * union, `GRAPH ?g` names the graph of each.
 */
export function documentDataset(quads: readonly Quad[]): Quad[] {
  const seen = new Set<string>();
  const defaultGraph: Quad[] = [];
  for (const q of quads) {
    const triple = DataFactory.quad(q.subject, q.predicate, q.object);
    const key = quadKey(triple);
    if (seen.has(key)) continue;
    seen.add(key);
    defaultGraph.push(triple);
  }
  return [...defaultGraph, ...quads.filter((q) => q.graph.termType !== 'DefaultGraph')];
}

/** Describe a resource; undefined when the store says nothing about it (neither as subject nor as object). */
export async function describeResource(
  store: Store,
  iri: string,
  options: DescribeOptions,
): Promise<Description | undefined> {
  const ref = iriRef(iri);
  const maxInverse = options.maxInverse ?? 1000;

  const forward = await selectQuads(store, `SELECT ?g ?p ?o WHERE { GRAPH ?g { ${ref} ?p ?o } }`, {
    s: DataFactory.namedNode(iri),
  });
  forward.push(...(await blankNodeClosure(store, forward)));

  const inverse = await selectQuads(
    store,
    `SELECT ?g ?s ?p WHERE { GRAPH ?g { ?s ?p ${ref} } FILTER(?p != <${RDF('subject')}> && ?p != <${RDF('object')}>) }
     ORDER BY ?p ?s LIMIT ${maxInverse + 1}`,
    { o: DataFactory.namedNode(iri) },
  );
  const inverseTruncated = inverse.length > maxInverse;
  if (inverseTruncated) inverse.length = maxInverse;
  if (forward.length === 0 && inverse.length === 0) return undefined;

  // Provenance: the statements about it, then their references and quotes. Plain
  // reads: a single query joining both was several times slower on Oxigraph.
  const provenanceGraph = iriRef(options.iris.graph('provenance'));
  const provenance = await selectQuads(
    store,
    `SELECT ?g ?s ?p ?o WHERE {
       { GRAPH ${provenanceGraph} { ?s <${RDF('subject')}> ${ref} } } UNION { GRAPH ${provenanceGraph} { ?s <${RDF('object')}> ${ref} } }
       GRAPH ?g { ?s ?p ?o }
     }`,
    {},
  );
  // Statement → references → the quotes they select (the documents they cite are only linked).
  const objectsOf = (quads: Quad[], p: string) =>
    new Set(
      quads.filter((q) => q.predicate.value === p && q.object.termType === 'NamedNode').map((q) => q.object.value),
    );
  const references = await quadsAbout(store, [...objectsOf(provenance, PROV('wasDerivedFrom'))]);
  provenance.push(...references);
  provenance.push(...(await quadsAbout(store, [...objectsOf(references, OA('hasSelector'))])));

  // Labels of everything mentioned, from an index of every label quad built once per store.
  const index = await labelIndex(store);
  const mentioned = new Set<string>();
  for (const q of [...forward, ...inverse, ...provenance]) {
    for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode') mentioned.add(t.value);
  }
  const labels = [...mentioned].flatMap((iri) => index.get(iri) ?? []);

  const keep = options.lang === undefined ? () => true : (q: Quad) => keepForLanguage(q, options.lang!);
  return {
    iri,
    forward: forward.filter(keep),
    inverse,
    provenance: provenance.filter(keep),
    labels: labels.filter(keep),
    inverseTruncated,
  };
}

/** `?lang=` filter: label literals in other languages go; everything else stays. */
function keepForLanguage(q: Quad, lang: string): boolean {
  if (q.object.termType !== 'Literal' || !LABEL_PROPERTIES.includes(q.predicate.value) || q.object.language === '')
    return true;
  return langMatches(q.object.language, lang);
}

const labelIndexes = new WeakMap<Store, Promise<Map<string, Quad[]>>>();

/**
 * Every label quad by subject. The store behind the app does not change while it runs (a new
 * dataset means a new store), so the index is read once; labels are a small part of the data.
 */
function labelIndex(store: Store): Promise<Map<string, Quad[]>> {
  let index = labelIndexes.get(store);
  if (!index) {
    index = selectQuads(
      store,
      `SELECT ?g ?s ?p ?o WHERE { VALUES ?p { ${LABEL_PROPERTIES.map(iriRef).join(' ')} } GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s)) }`,
      {},
    ).then((quads) => {
      const map = new Map<string, Quad[]>();
      for (const q of quads) map.set(q.subject.value, [...(map.get(q.subject.value) ?? []), q]);
      return map;
    });
    index.catch(() => labelIndexes.delete(store)); // a failed read is not cached
    labelIndexes.set(store, index);
  }
  return index;
}

/** Every quad whose subject is one of `subjects`, in any named graph. */
async function quadsAbout(store: Store, subjects: readonly string[]): Promise<Quad[]> {
  const out: Quad[] = [];
  for (let i = 0; i < subjects.length; i += 200) {
    const values = subjects
      .slice(i, i + 200)
      .map(iriRef)
      .join(' ');
    out.push(
      ...(await selectQuads(store, `SELECT ?g ?s ?p ?o WHERE { VALUES ?s { ${values} } GRAPH ?g { ?s ?p ?o } }`, {})),
    );
  }
  return out;
}

/** Follow blank-node objects (CBD) with the store's pattern match, bounded against cycles and size. */
async function blankNodeClosure(store: Store, start: readonly Quad[]): Promise<Quad[]> {
  const out: Quad[] = [];
  const seen = new Set<string>();
  let frontier = start.filter((q) => q.object.termType === 'BlankNode');
  while (frontier.length > 0 && out.length < 10_000) {
    const next: Quad[] = [];
    for (const q of frontier) {
      const key = `${q.graph.value} ${q.object.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const found of await store.match(q.object, null, null, q.graph)) {
        out.push(found);
        if (found.object.termType === 'BlankNode') next.push(found);
      }
    }
    frontier = next;
  }
  return out;
}

/** Run a SELECT binding ?g ?s ?p ?o (any of s/p/o may be fixed instead) and build quads. */
async function selectQuads(store: Store, query: string, fixed: { s?: Term; p?: Term; o?: Term }): Promise<Quad[]> {
  const quads: Quad[] = [];
  for (const row of await selectRows(store, query)) {
    const s = fixed.s ?? row.s;
    const p = fixed.p ?? row.p;
    const o = fixed.o ?? row.o;
    const g = row.g;
    if (!s || !p || !o || !g) continue; // every variable is bound by the patterns above; an unbound one is no quad
    quads.push(DataFactory.quad(s as never, p as never, o as never, g as never));
  }
  return quads;
}
