// N-Triples and N-Quads, canonical (RDF 1.1 N-Triples §4): the one writer of both syntaxes, also the
// text of statement hashes and the sort key of deterministic output.

import type { Quad, Term } from '@rdfjs/types';
import { Literal as N3Literal } from 'n3';
import { iriRef } from './terms.ts';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';

/** N-Triples form of a term (IRIs are written as given; literals escaped as in canonical N-Triples). */
export function termToNT(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return `_:${term.value}`;
    case 'Literal': {
      if (term instanceof N3Literal) {
        const fast = n3LiteralToNT(term.id);
        if (fast !== undefined) return fast;
      }
      const text = `"${escapeLiteral(term.value)}"`;
      if (term.language) return `${text}@${term.language}`;
      if (term.datatype.value === XSD_STRING || term.datatype.value === RDF_LANG_STRING) return text;
      return `${text}^^<${term.datatype.value}>`;
    }
    case 'DefaultGraph':
      return '';
    default:
      throw new Error(`Cannot write a ${term.termType} in N-Triples`);
  }
}

/** A ground term in SPARQL syntax (N-Triples, with every IRI checked to be writable as an IRIREF). */
export function termToSparql(term: Term): string {
  if (term.termType === 'NamedNode') return iriRef(term.value);
  if (term.termType === 'Literal') {
    iriRef(term.datatype.value);
    return termToNT(term);
  }
  if (term.termType === 'BlankNode') return termToNT(term);
  throw new TypeError(`Cannot write a ${term.termType} in SPARQL`);
}

const NEEDS_ESCAPE = /[\\"\n\r]/;

/**
 * termToNT of an N3.js literal read straight from its id (`"value"`, `"value"@lang`, `"value"^^datatype`),
 * without the three getters that each re-parse it (the build writes millions); the same text as the
 * general path. Undefined for what that path must handle (escapes, a base direction).
 */
function n3LiteralToNT(id: string): string | undefined {
  const end = id.lastIndexOf('"');
  if (end <= 0 || NEEDS_ESCAPE.test(id.slice(1, end))) return undefined;
  const text = id.slice(0, end + 1);
  if (end + 1 === id.length) return text;
  if (id[end + 1] === '@') {
    const language = id.slice(end + 2);
    return language.includes('--') ? undefined : `${text}@${language.toLowerCase()}`;
  }
  if (id[end + 1] !== '^' || id[end + 2] !== '^') return undefined;
  const datatype = id.slice(end + 3);
  return datatype === XSD_STRING || datatype === RDF_LANG_STRING ? text : `${text}^^<${datatype}>`;
}

function escapeLiteral(value: string): string {
  return value.replace(/[\\"\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '"' ? '\\"' : c === '\n' ? '\\n' : '\\r'));
}

/** `S P O .` */
export function tripleToNT(quad: Quad): string {
  return `${termToNT(quad.subject)} ${termToNT(quad.predicate)} ${termToNT(quad.object)} .`;
}

/** `S P O G .` (or `S P O .` in the default graph) */
export function quadToNQ(quad: Quad): string {
  const graph = termToNT(quad.graph);
  return graph
    ? `${termToNT(quad.subject)} ${termToNT(quad.predicate)} ${termToNT(quad.object)} ${graph} .`
    : tripleToNT(quad);
}

/** N-Triples of the quads' triples (graph names dropped), one line each, in the order given. */
export function writeNTriples(quads: Iterable<Quad>): string {
  let out = '';
  for (const q of quads) out += `${tripleToNT(q)}\n`;
  return out;
}

/** N-Quads of the quads, one line each, in the order given. */
export function writeNQuads(quads: Iterable<Quad>): string {
  let out = '';
  for (const q of quads) out += `${quadToNQ(q)}\n`;
  return out;
}

/** Quads sorted by graph, subject, predicate, object (code-unit order of their N-Triples forms), duplicates removed. */
export function sortQuads(quads: Iterable<Quad>): Quad[] {
  const keyed = new Map<string, Quad>();
  for (const q of quads) {
    keyed.set(
      `${termToNT(q.graph)}\u0000${termToNT(q.subject)}\u0000${termToNT(q.predicate)}\u0000${termToNT(q.object)}`,
      q,
    );
  }
  return [...keyed.keys()].sort().map((k) => keyed.get(k)!);
}
