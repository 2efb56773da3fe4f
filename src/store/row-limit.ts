// The SELECT row limit: cap the engine's work with LIMIT maxRows+1, then count and cut serialised results.
//
// Why both halves: the LIMIT rewrite bounds what the engine materialises (the JS binding builds the
// whole result before returning), and the extra row tells a result that exactly fills the limit from
// one that was cut. Counting happens on the engine's own serialisation, so no terms cross threads.

import sparqljs from 'sparqljs';
import { RESULTS_CSV, RESULTS_JSON, RESULTS_TSV, RESULTS_XML } from '../rdf/formats.ts';
import { Lru } from './lru.ts';

/** What the row limit did to a query. */
export interface CappedQuery {
  query: string;
  /** True when the result may exceed maxRows (the query was rewritten to `LIMIT maxRows + 1`, or could not be). */
  capped: boolean;
}

/**
 * Rewrite a SELECT so the engine stops after `maxRows + 1` rows. Queries whose own LIMIT is already
 * within the limit, and non-SELECT forms, come back unchanged.
 */
const capped = new Lru<string, CappedQuery>(512, 16_000_000, (c, key) => 2 * (c.query.length + key.length));

export function capSelectRows(query: string, maxRows: number, baseIri?: string): CappedQuery {
  const key = `${maxRows}\u0000${baseIri ?? ''}\u0000${query}`;
  const known = capped.get(key);
  if (known) return known;
  const result = capSelectRowsUncached(query, maxRows, baseIri);
  capped.set(key, result);
  return result;
}

function capSelectRowsUncached(query: string, maxRows: number, baseIri?: string): CappedQuery {
  const parse = (text: string) => new sparqljs.Parser(baseIri ? { baseIRI: baseIri } : {}).parse(text);
  const parsed = parse(query);
  if (parsed.type !== 'query' || parsed.queryType !== 'SELECT') return { query, capped: false };
  if (parsed.limit !== undefined && parsed.limit <= maxRows) return { query, capped: false };
  const limit = maxRows + 1;
  // The common case needs no re-serialisation: with no LIMIT and no trailing VALUES, a LIMIT
  // clause can end the query (the line break ends any trailing comment).
  if (parsed.limit === undefined && parsed.values === undefined)
    return { query: `${query}\nLIMIT ${limit}\n`, capped: true };
  // Otherwise regenerate. sparqljs's generator is not exact for every query (it drops the brackets
  // of a second HAVING condition), so a rewrite that does not parse back falls back to the original:
  // rows are still counted and cut, only the engine's work is not capped.
  parsed.limit = limit;
  const rewritten = new sparqljs.Generator().stringify(parsed);
  try {
    parse(rewritten);
  } catch {
    return { query, capped: true };
  }
  return { query: rewritten, capped: true };
}

/** A serialised SELECT result after the row limit. */
export interface CutResult {
  body: string;
  /** Rows in `body` (after any cut). */
  rows: number;
  truncated: boolean;
}

/**
 * Count the rows of a serialised SELECT result and cut it to `maxRows`, then, if it is still longer
 * than `maxBytes` UTF-8 bytes, to fewer whole rows that fit. For JSON, a cut result gets the top-level
 * members `"truncated": true` and `"maxRows": N`, and `"maxBytes": N` when bytes cut it (documented in
 * docs/sparql.md).
 */
export function cutRows(body: string, mediaType: string, maxRows: number, maxBytes = Infinity): CutResult {
  let cut = cutRowsTo(body, mediaType, maxRows, { maxRows });
  for (let round = 0; Buffer.byteLength(cut.body) > maxBytes && cut.rows > 0; round++) {
    const bytes = Buffer.byteLength(cut.body);
    // Proportionally fewer rows, with a margin; after three rounds, halve.
    const rows = round < 3 ? Math.floor((cut.rows * maxBytes * 0.9) / bytes) : Math.floor(cut.rows / 2);
    cut = cutRowsTo(body, mediaType, Math.min(rows, cut.rows - 1), { maxRows, maxBytes });
    cut.truncated = true;
  }
  return cut;
}

function cutRowsTo(body: string, mediaType: string, rows: number, note: Record<string, number>): CutResult {
  switch (mediaType) {
    case RESULTS_JSON.mediaType:
      return cutJson(body, rows, note);
    case RESULTS_XML.mediaType:
      return cutXml(body, rows);
    case RESULTS_TSV.mediaType:
      return cutLines(body, rows, findTsvRowEnds(body));
    case RESULTS_CSV.mediaType:
      return cutLines(body, rows, findCsvRowEnds(body));
    default:
      throw new Error(`Cannot count rows of ${mediaType}: not a SPARQL results format`);
  }
}

function cutJson(body: string, maxRows: number, note: Record<string, number>): CutResult {
  const doc = JSON.parse(body) as { results?: { bindings?: unknown[] } };
  const bindings = doc.results?.bindings;
  if (!Array.isArray(bindings)) throw new Error('SPARQL JSON results without results.bindings');
  if (bindings.length <= maxRows) return { body, rows: bindings.length, truncated: false };
  bindings.length = maxRows;
  return { body: JSON.stringify({ ...doc, truncated: true, ...note }), rows: maxRows, truncated: true };
}

function cutXml(body: string, maxRows: number): CutResult {
  // `<result>` cannot occur inside values: the serialiser escapes `<` in text.
  const starts: number[] = [];
  for (let at = body.indexOf('<result>'); at !== -1; at = body.indexOf('<result>', at + 8)) starts.push(at);
  if (starts.length <= maxRows) return { body, rows: starts.length, truncated: false };
  const close = body.lastIndexOf('</results>');
  const cut = body.slice(0, starts[maxRows]) + body.slice(close);
  return { body: cut, rows: maxRows, truncated: true };
}

/** Offsets just past each row's line break, header excluded. */
function findTsvRowEnds(body: string): number[] {
  // TSV escapes line breaks inside terms (`\n`), so every raw newline ends a row.
  const ends: number[] = [];
  let first = true;
  for (let at = body.indexOf('\n'); at !== -1; at = body.indexOf('\n', at + 1)) {
    if (first) first = false;
    else ends.push(at + 1);
  }
  return ends;
}

function findCsvRowEnds(body: string): number[] {
  // CSV quotes fields holding line breaks; only CRLF outside quotes ends a record.
  const ends: number[] = [];
  let quoted = false;
  let first = true;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (c === 0x0a && !quoted) {
      if (first) first = false;
      else ends.push(i + 1);
    }
  }
  return ends;
}

function cutLines(body: string, maxRows: number, rowEnds: number[]): CutResult {
  if (rowEnds.length <= maxRows) return { body, rows: rowEnds.length, truncated: false };
  const end = maxRows === 0 ? headerEnd(body) : rowEnds[maxRows - 1];
  return { body: body.slice(0, end), rows: maxRows, truncated: true };
}

function headerEnd(body: string): number {
  const at = body.indexOf('\n');
  return at === -1 ? body.length : at + 1;
}
