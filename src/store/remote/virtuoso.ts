// The Virtuoso dialect of a remote store (measured on Virtuoso 7; docs/backends.md): how to tell it
// apart, its silent row cap, its anytime timeouts, DESCRIBE's closure, its blank-node IRIs and booleans.

import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { readJsonTerm, type JsonResultsTerm } from '../../rdf/sparql-results.ts';
import { XSD } from '../../vocab.ts';

export type Dialect = 'virtuoso' | 'generic';

/** Virtuoso names itself in the Server header of every answer. */
export function dialectOf(headers: Headers): Dialect {
  return /virtuoso/i.test(headers.get('server') ?? '') ? 'virtuoso' : 'generic';
}

/** The row cap an answer says was applied (Virtuoso's ResultSetMaxRows, in `X-SPARQL-MaxRows`). */
export function statedRowCap(headers: Headers): number | undefined {
  const header = headers.get('x-sparql-maxrows');
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}

/** 100 000 solutions from nothing: Virtuoso cuts them at its cap and says so in a header. */
export const ROW_CAP_PROBE = `SELECT ?a WHERE { ${['a', 'b', 'c', 'd', 'e'].map((v) => `VALUES ?${v} { 0 1 2 3 4 5 6 7 8 9 }`).join(' ')} }`;

/** An anytime answer: whatever the store had when its time ran out, 200 with only `X-SQL-State: S1TAT`. */
export function isAnytimeAnswer(headers: Headers, body: string): boolean {
  return headers.get('x-sql-state') === 'S1TAT' || /^Virtuoso S1T00/m.test(body);
}

/** Prefix of a DESCRIBE so Virtuoso gives the blank-node closure (CBD) the in-memory store gives. */
export const DESCRIBE_CBD = 'DEFINE sql:describe-mode "CBD"\n';

/** The IRI by which Virtuoso addresses one of its blank nodes across requests. */
export function blankNodeIri(label: string): string {
  return `nodeID://${label}`;
}

/**
 * A term of Virtuoso's SPARQL JSON results, normalised: blank nodes `nodeID://b1` and `_:b1` are `b1`,
 * and booleans, which it keeps as integers ("1"/"0" for what was loaded as "true"/"false"), are booleans.
 */
export function readVirtuosoJsonTerm(term: JsonResultsTerm): Term {
  if (term.type === 'bnode') return DataFactory.blankNode(term.value.replace(/^(?:nodeID:\/\/|_:)/, ''));
  if (
    (term.type === 'literal' || term.type === 'typed-literal') &&
    term.datatype === XSD('boolean') &&
    (term.value === '1' || term.value === '0')
  ) {
    return DataFactory.literal(term.value === '1' ? 'true' : 'false', DataFactory.namedNode(XSD('boolean')));
  }
  return readJsonTerm(term);
}
