// Terms as keys and IRIs as text: the one identity key of a term or quad, and the one check that an
// IRI can be written between `<` and `>` (N-Triples, Turtle, SPARQL).

import type { Quad, Term } from '@rdfjs/types';

/**
 * A string that is equal for equal terms: term type, value, and for literals the language (lower-cased,
 * as tags compare case-insensitively) and datatype.
 */
export function termKey(t: Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language.toLowerCase()}^^${t.datatype.value}`;
  return `${t.termType[0]}${t.value}`;
}

/** {@link termKey} of subject, predicate and object: equal for the same triple in any graph. */
export function tripleKey(q: { subject: Term; predicate: Term; object: Term }): string {
  return `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;
}

/** {@link termKey} of subject, predicate, object and graph. */
export function quadKey(q: Quad): string {
  return `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
}

/** Quads by graph, then by subject, each in first-seen order; `key` names a term (default {@link termKey}). */
export function groupByGraphAndSubject(
  quads: Iterable<Quad>,
  key: (term: Term) => string = termKey,
): Map<string, Map<string, Quad[]>> {
  const graphs = new Map<string, Map<string, Quad[]>>();
  for (const q of quads) {
    const g = key(q.graph);
    let subjects = graphs.get(g);
    if (!subjects) graphs.set(g, (subjects = new Map()));
    const s = key(q.subject);
    const list = subjects.get(s);
    if (list) list.push(q);
    else subjects.set(s, [q]);
  }
  return graphs;
}

// IRIREF excludes these (N-Triples §2.3, SPARQL §19.8); they are refused rather than escaped into another IRI.
const NOT_IN_IRIREF = /[\u0000-\u0020<>"{}|^`\\]/;

/** Whether `iri` can be written as an IRIREF (`<…>`) without escapes. */
export function isIriRef(iri: string): boolean {
  return !NOT_IN_IRIREF.test(iri);
}

/** Whether `iri` is absolute (has a scheme) and can be written as an IRIREF. */
export function isAbsoluteIri(iri: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:/.test(iri) && isIriRef(iri);
}

/** `<iri>` for SPARQL or N-Triples text; throws a TypeError for an IRI that cannot be written so. */
export function iriRef(iri: string): string {
  if (!isIriRef(iri))
    throw new TypeError(`Not an IRI that can be written in SPARQL: ${JSON.stringify(iri.slice(0, 200))}`);
  return `<${iri}>`;
}
