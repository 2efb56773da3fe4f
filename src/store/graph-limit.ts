// The CONSTRUCT/DESCRIBE limit, the graph twin of row-limit.ts: cap the solutions the engine
// materialises, cut the triples to the limit, and say so when a result may be incomplete.
//
// Why solutions: the engine builds the whole graph before returning it (a CONSTRUCT of a cross join
// returned 94 MB and left ~880 MB in the worker). A CONSTRUCT writes at most its template's triples
// per solution, so capping solutions at 4 × maxTriples / template-size bounds what is built. Cut
// solutions can lose triples even when fewer than maxTriples come back (the engine writes each triple
// once), so then a probe asks whether a solution lies past the cap; if one does, the result is marked
// truncated: never a silent cut.

import type { Quad } from '@rdfjs/types';
import sparqljs from 'sparqljs';
import { Lru } from './lru.ts';

/** What the graph limit did to a query. */
export interface CappedGraph {
  query: string;
  /** A SELECT that finds a solution past the cap (rewritten queries only). */
  probe?: string;
}

/** Triples a DESCRIBE is assumed to write per described term, to size its solution cap. */
const DESCRIBED_TRIPLES = 16;
const PROBE_VARIABLE = 'anmc21_solution_past_cap';

const capped = new Lru<string, CappedGraph>(512, 16_000_000, (c, key) => 2 * (c.query.length + key.length));

/**
 * Rewrite a CONSTRUCT or DESCRIBE so the engine stops after the solutions that can fill `maxTriples`;
 * queries whose own LIMIT is within that, DESCRIBE without WHERE and other forms come back unchanged.
 */
export function capGraphQuery(query: string, maxTriples: number, baseIri?: string): CappedGraph {
  const key = `${maxTriples}\u0000${baseIri ?? ''}\u0000${query}`;
  let known = capped.get(key);
  if (!known) {
    known = capGraphQueryUncached(query, maxTriples, baseIri);
    capped.set(key, known);
  }
  return known;
}

function capGraphQueryUncached(query: string, maxTriples: number, baseIri?: string): CappedGraph {
  const parse = (text: string) => new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(text);
  const parsed = parse(query);
  if (parsed.type !== 'query' || (parsed.queryType !== 'CONSTRUCT' && parsed.queryType !== 'DESCRIBE'))
    return { query };
  if (!parsed.where) return { query };
  const perSolution =
    parsed.queryType === 'CONSTRUCT'
      ? Math.max(1, parsed.template?.length ?? 1)
      : DESCRIBED_TRIPLES * Math.max(1, parsed.variables.length);
  const cap = Math.max(1, Math.floor((4 * maxTriples) / perSolution));
  // sparqljs sets solution modifiers on every form; its types declare them on SELECT only.
  const modifiers = parsed as { limit?: number; offset?: number };
  if (modifiers.limit !== undefined && modifiers.limit <= cap) return { query };
  const own = modifiers.offset ?? 0;
  const rewritten = new sparqljs.Generator().stringify({ ...parsed, limit: cap } as never);
  const probe = new sparqljs.Generator().stringify({
    ...parsed,
    queryType: 'SELECT',
    template: undefined,
    variables: [
      {
        expression: {
          termType: 'Literal',
          value: '1',
          language: '',
          datatype: { termType: 'NamedNode', value: 'http://www.w3.org/2001/XMLSchema#integer' },
        },
        variable: { termType: 'Variable', value: PROBE_VARIABLE },
      },
    ],
    offset: own + cap,
    limit: 1,
  } as never);
  // sparqljs's generator is not exact for every query: a rewrite that does not parse back is not
  // used; the query then runs as it is (its triples are still cut), bounded by its time limit alone.
  try {
    parse(rewritten);
    parse(probe);
  } catch {
    return { query };
  }
  return { query: rewritten, probe };
}

/** At most `maxTriples` of `quads`; `cut` when some were left out. */
export function cutTriples(quads: readonly Quad[], maxTriples: number): { quads: readonly Quad[]; cut: boolean } {
  return quads.length > maxTriples ? { quads: quads.slice(0, maxTriples), cut: true } : { quads, cut: false };
}

/**
 * Write `quads` with `write`, leaving out triples from the end until the text is at most `maxBytes`
 * UTF-8 bytes. Returns the text, the triples written and whether any were left out.
 */
export async function writeWithin(
  quads: readonly Quad[],
  maxBytes: number,
  write: (quads: readonly Quad[]) => Promise<string> | string,
): Promise<{ body: string; triples: number; cut: boolean }> {
  let kept = quads;
  let body = await write(kept);
  let cut = false;
  for (let round = 0; Buffer.byteLength(body) > maxBytes && kept.length > 0; round++) {
    const bytes = Buffer.byteLength(body);
    // Proportionally fewer, with a margin; after three rounds, halve.
    const next = round < 3 ? Math.floor((kept.length * maxBytes * 0.9) / bytes) : Math.floor(kept.length / 2);
    kept = kept.slice(0, Math.min(next, kept.length - 1));
    body = await write(kept);
    cut = true;
  }
  return { body, triples: kept.length, cut };
}
