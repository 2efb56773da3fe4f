// The SELECT row limit: cap the engine's work with LIMIT maxRows+1, then count and cut serialised results.
//
// Why both halves: the LIMIT rewrite bounds what the engine materialises (the JS binding builds the
// whole result before returning), and the extra row tells a result that exactly fills the limit from
// one that was cut. Counting happens on the engine's own serialisation, so no terms cross threads.

import sparqljs from 'sparqljs';
import { RESULTS_CSV, RESULTS_JSON, RESULTS_TSV, RESULTS_XML } from '../rdf/formats.ts';
import type { CheckedQuery } from './check-query.ts';
import { Lru } from './lru.ts';

/** What the row limit did to a query. */
export interface CappedQuery {
  query: string;
  /** True when the result may exceed maxRows (the query was rewritten to `LIMIT maxRows + 1`, or could not be). */
  capped: boolean;
}

/**
 * Rewrite a SELECT so the engine stops after `maxRows + 1` rows. Queries whose own LIMIT is already
 * within the limit, and non-SELECT forms, come back unchanged. (capCheckedRows decides the common
 * cases from a query's check, without this parse.)
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

/**
 * The row cap decided from a query's check alone, in the common cases (no parse): not a SELECT, a LIMIT
 * within the limit, or no LIMIT and no trailing VALUES. Undefined when the query must be regenerated
 * (capSelectRows on its text: a parse).
 */
export function capCheckedRows(checked: Omit<CheckedQuery, 'parsed'>, maxRows: number): CappedQuery | undefined {
  const { form, text, limit, valuesClause } = checked;
  if (form !== 'SELECT' || (limit !== undefined && limit <= maxRows)) return { query: text, capped: false };
  if (limit === undefined && !valuesClause) return { query: `${text}\nLIMIT ${maxRows + 1}\n`, capped: true };
  return undefined;
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
export interface CutResult<Body extends string | Uint8Array = string> {
  body: Body;
  /** Rows in `body` (after any cut). */
  rows: number;
  truncated: boolean;
}

/**
 * Count the rows of a serialised SELECT result and cut it to `maxRows`, then, if it is still longer
 * than `maxBytes` UTF-8 bytes, to fewer whole rows that fit; on its UTF-8 bytes (a string is encoded
 * first and the cut decoded back). For JSON, a cut result gets the top-level members `"truncated":
 * true` and `"maxRows": N`, and `"maxBytes": N` when bytes cut it (documented in docs/sparql.md). One
 * pass over the bytes per cut; the result is never parsed into objects.
 */
export function cutRows(body: string, mediaType: string, maxRows: number, maxBytes?: number): CutResult<string>;
export function cutRows(body: Uint8Array, mediaType: string, maxRows: number, maxBytes?: number): CutResult<Uint8Array>;
export function cutRows(
  body: string | Uint8Array,
  mediaType: string,
  maxRows: number,
  maxBytes = Infinity,
): CutResult<string | Uint8Array> {
  if (typeof body === 'string') {
    const cut = cutRows(ENCODER.encode(body), mediaType, maxRows, maxBytes);
    return cut.truncated ? { ...cut, body: DECODER.decode(cut.body) } : { ...cut, body };
  }
  let cut = cutRowsTo(body, mediaType, maxRows, { maxRows });
  for (let round = 0; cut.body.byteLength > maxBytes && cut.rows > 0; round++) {
    const bytes = cut.body.byteLength;
    // Proportionally fewer rows, with a margin; after three rounds, halve.
    const rows = round < 3 ? Math.floor((cut.rows * maxBytes * 0.9) / bytes) : Math.floor(cut.rows / 2);
    cut = cutRowsTo(body, mediaType, Math.min(rows, cut.rows - 1), { maxRows, maxBytes });
    cut.truncated = true;
  }
  return cut;
}

function cutRowsTo(
  body: Uint8Array,
  mediaType: string,
  rows: number,
  note: Record<string, number>,
): CutResult<Uint8Array> {
  switch (mediaType) {
    case RESULTS_JSON.mediaType:
      return cutJson(body, rows, note);
    case RESULTS_XML.mediaType:
      return cutXml(body, rows);
    case RESULTS_TSV.mediaType:
      return cutLines(body, rows, false);
    case RESULTS_CSV.mediaType:
      return cutLines(body, rows, true);
    default:
      throw new Error(`Cannot count rows of ${mediaType}: not a SPARQL results format`);
  }
}

const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
const [QUOTE, BACKSLASH, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET, NEWLINE, COLON] = [
  0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x0a, 0x3a,
];
const BINDINGS = ENCODER.encode('"bindings"');

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * SPARQL JSON: the members of the `"bindings"` array, counted structurally (strings and their escapes
 * skipped, brackets counted); a cut keeps the first `maxRows` members and closes the document with the
 * flags after `results`.
 */
function cutJson(body: Uint8Array, maxRows: number, note: Record<string, number>): CutResult<Uint8Array> {
  const n = body.length;
  let depth = 0;
  let arrayDepth = -1;
  let rows = 0;
  /** Offset just past the last kept row (its closing brace), or past the array's `[` while none is. */
  let keptEnd = -1;
  let sawBindings = false;
  for (let i = 0; i < n; i++) {
    const c = body[i]!;
    if (c === QUOTE) {
      const start = i;
      for (i++; i < n && body[i] !== QUOTE; i++) if (body[i] === BACKSLASH) i++;
      // The member name "bindings" (a variable may be called so too, but a name is followed by a colon).
      if (arrayDepth === -1 && i - start + 1 === BINDINGS.length && matchesAt(body, start, BINDINGS))
        sawBindings = nextSignificant(body, i + 1) === COLON;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (c === OPEN_BRACKET && sawBindings && arrayDepth === -1) {
        arrayDepth = depth;
        if (maxRows === 0) keptEnd = i + 1;
      } else if (c === OPEN_BRACE && depth === arrayDepth + 1 && arrayDepth !== -1) rows++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (c === CLOSE_BRACE && depth === arrayDepth + 1 && rows === maxRows) keptEnd = i + 1;
      if (c === CLOSE_BRACKET && depth === arrayDepth) break; // the end of the bindings
      depth--;
    }
  }
  if (arrayDepth === -1) throw new Error('SPARQL JSON results without results.bindings');
  if (rows <= maxRows) return { body, rows, truncated: false };
  const noteText = Object.entries(note)
    .map(([key, value]) => `,"${key}":${value}`)
    .join('');
  return {
    body: concat(body.subarray(0, keptEnd), ENCODER.encode(`]},"truncated":true${noteText}}`)),
    rows: maxRows,
    truncated: true,
  };
}

/** The first byte at or after `at` that is not JSON whitespace. */
function nextSignificant(body: Uint8Array, at: number): number | undefined {
  while (at < body.length && (body[at] === 0x20 || body[at] === 0x0a || body[at] === 0x0d || body[at] === 0x09)) at++;
  return body[at];
}

function matchesAt(body: Uint8Array, at: number, what: Uint8Array): boolean {
  for (let k = 0; k < what.length; k++) if (body[at + k] !== what[k]) return false;
  return true;
}

function indexOf(body: Uint8Array, what: Uint8Array, from: number): number {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).indexOf(what, from);
}

const RESULT_OPEN = ENCODER.encode('<result>');
const RESULTS_CLOSE = ENCODER.encode('</results>');

function cutXml(body: Uint8Array, maxRows: number): CutResult<Uint8Array> {
  // `<result>` cannot occur inside values: the serialiser escapes `<` in text.
  let rows = 0;
  let cutAt = -1;
  for (let at = indexOf(body, RESULT_OPEN, 0); at !== -1; at = indexOf(body, RESULT_OPEN, at + RESULT_OPEN.length)) {
    if (rows === maxRows) cutAt = at;
    rows++;
  }
  if (rows <= maxRows) return { body, rows, truncated: false };
  const close = Buffer.from(body.buffer, body.byteOffset, body.byteLength).lastIndexOf(RESULTS_CLOSE);
  return { body: concat(body.subarray(0, cutAt), body.subarray(close)), rows: maxRows, truncated: true };
}

/**
 * TSV escapes line breaks inside terms (`\n`), so every raw newline ends a row; CSV quotes fields
 * holding line breaks, so only a newline outside quotes ends a record. The header line is not a row.
 */
function cutLines(body: Uint8Array, maxRows: number, quoted: boolean): CutResult<Uint8Array> {
  const n = body.length;
  let rows = -1; // the header
  let inQuotes = false;
  let keptEnd = -1;
  for (let i = 0; i < n; i++) {
    const c = body[i]!;
    if (quoted && c === QUOTE) inQuotes = !inQuotes;
    else if (c === NEWLINE && !inQuotes) {
      // This newline ends row `rows + 1` (row 0: the header).
      if (rows === maxRows - 1) keptEnd = i + 1;
      rows++;
    }
  }
  if (rows < 0) rows = 0;
  if (rows <= maxRows) return { body, rows, truncated: false };
  return { body: body.subarray(0, keptEnd), rows: maxRows, truncated: true };
}
