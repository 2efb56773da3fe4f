// The check every SPARQL query passes before a store sees it: parse (sparqljs), refuse updates and SERVICE.

import { Lru } from './lru.ts';
import sparqljs from 'sparqljs';
import type { Query, SelectQuery, SparqlQuery, UpdateOperation } from 'sparqljs';

export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

/** A read-only query that parsed, with the facts later stages need. */
export interface CheckedQuery {
  form: QueryForm;
  /** The text as given; stores run this, with the same base IRI, never a re-serialisation. */
  text: string;
  parsed: Query;
  /** Top-level LIMIT / OFFSET, when present. */
  limit?: number;
  offset?: number;
  /** Top-level ORDER BY present (solution order is then significant). */
  ordered: boolean;
  /** The query's own dataset (FROM / FROM NAMED), when it names one. */
  dataset?: { defaultGraphs: string[]; namedGraphs: string[] };
}

export type QueryCheckReason = 'syntax' | 'update' | 'service' | 'too-long' | 'empty';

/**
 * Why a query was refused. `line`/`column` (both from 1; column in code points) are present when the
 * parser reports a position; the sparqljs parser gives none for semantic errors such as an unknown prefix.
 */
export class QueryCheckError extends Error {
  readonly reason: QueryCheckReason;
  readonly line?: number;
  readonly column?: number;
  constructor(
    reason: QueryCheckReason,
    message: string,
    position?: { line: number; column: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'QueryCheckError';
    this.reason = reason;
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
  }
}

export interface CheckQueryOptions {
  /** Base IRI for relative IRIs in the query (a BASE in the query overrides it). Without one, relative IRIs are errors. */
  baseIri?: string;
  /** Longest accepted text, in code points. */
  maxLength?: number;
}

/** Checked queries by text and options: the same query is checked by the router, the row limit and the store. */
const memo = new Lru<string, CheckedQuery>(512, 4_000_000, (c) => c.text.length);

/**
 * Parse and check a query; throws QueryCheckError when it is not one read-only query we will run.
 * Results are memoised (bounded): treat the returned object, and `parsed` in it, as read-only.
 */
export function checkQuery(text: string, options: CheckQueryOptions = {}): CheckedQuery {
  const key = `${options.baseIri ?? ''}\u0000${options.maxLength ?? ''}\u0000${text}`;
  const known = memo.get(key);
  if (known) return known;
  const checked = checkQueryUncached(text, options);
  memo.set(key, checked);
  return checked;
}

function checkQueryUncached(text: string, options: CheckQueryOptions): CheckedQuery {
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    const length = [...text].length;
    if (length > options.maxLength) {
      throw new QueryCheckError('too-long', `Query is ${length} characters long; the limit is ${options.maxLength}`);
    }
  }
  if (text.trim() === '') throw new QueryCheckError('empty', 'Query is empty');

  const parsed = parse(text, options.baseIri);
  // sparqljs returns a bare prologue ({prefixes, base?}, no `type`) for comment- or prologue-only text.
  if (parsed.type === undefined || (parsed.type === 'update' && parsed.updates.length === 0)) {
    throw new QueryCheckError('empty', 'Query has no query form, only comments or a prologue (BASE/PREFIX)');
  }
  if (parsed.type === 'update') {
    const operations = parsed.updates.map(updateOperationName);
    throw new QueryCheckError(
      'update',
      `SPARQL Update is not accepted here (read-only endpoint): the request contains ${operations.join(', ')}`,
    );
  }
  const service = findService(parsed);
  if (service) {
    throw new QueryCheckError(
      'service',
      `SERVICE ${service} is not allowed: this endpoint does not run federated queries`,
    );
  }

  // sparqljs sets solution modifiers on every form; its types declare them on SELECT only.
  const modifiers = parsed as Partial<Pick<SelectQuery, 'order' | 'limit' | 'offset'>>;
  const checked: CheckedQuery = { form: parsed.queryType, text, parsed, ordered: (modifiers.order?.length ?? 0) > 0 };
  if (modifiers.limit !== undefined) checked.limit = modifiers.limit;
  if (modifiers.offset !== undefined) checked.offset = modifiers.offset;
  if (parsed.from) {
    checked.dataset = {
      defaultGraphs: parsed.from.default.map((g) => g.value),
      namedGraphs: parsed.from.named.map((g) => g.value),
    };
  }
  return checked;
}

/** The jison parse error details sparqljs attaches to syntax errors (`loc` is the last token read). */
interface JisonHash {
  text?: string;
  token?: string | null;
  expected?: string[];
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
}

function parse(text: string, baseIri: string | undefined): SparqlQuery {
  // A parser per call: sparqljs keeps prefixes and blank-node labels in parser state.
  const parser = new sparqljs.Parser({ sparqlStar: false, ...(baseIri ? { baseIRI: baseIri } : {}) });
  try {
    return parser.parse(text);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const hash = (error as Error & { hash?: JisonHash }).hash;
    if (!hash?.loc) {
      // Semantic checks (unknown prefix, relative IRI without base, ungrouped projection …) carry no position.
      const message = error.message.replace(/^Unknown prefix: (.*)$/, 'Unknown prefix "$1:" (declare it with PREFIX)');
      throw new QueryCheckError('syntax', `Invalid query: ${message}`, undefined, { cause: error });
    }
    const position = locateToken(text, hash);
    const found = hash.token === 'EOF' ? 'end of query' : JSON.stringify(hash.text ?? '');
    throw new QueryCheckError(
      'syntax',
      `Syntax error at line ${position.line}, column ${position.column}: unexpected ${found}${describeExpected(hash.expected)}`,
      position,
      { cause: error },
    );
  }
}

/**
 * Where the offending token starts. Jison's `loc` spans the last token read before it (lines from 1,
 * columns from 0 in UTF-16 units), so skip whitespace and comments after it; columns become 1-based code points.
 */
function locateToken(text: string, hash: JisonHash): { line: number; column: number } {
  const lines = text.split(/\r\n|\r|\n/);
  const loc = hash.loc!;
  let line = loc.last_line - 1;
  let column = loc.last_column;
  for (;;) {
    const rest = lines[line]?.slice(column) ?? '';
    const skipped = rest.match(/^[ \t]*/)![0].length;
    column += skipped;
    if (column < (lines[line]?.length ?? 0) && !rest.slice(skipped).startsWith('#')) break;
    if (line + 1 >= lines.length) break;
    line += 1;
    column = 0;
  }
  // If the skipped-to text is not the reported token, fall back to the end of the last good token.
  const here = lines[line]?.slice(column) ?? '';
  if (hash.text && !here.startsWith(hash.text)) {
    line = loc.last_line - 1;
    column = loc.last_column;
  }
  return { line: line + 1, column: [...(lines[line] ?? '').slice(0, column)].length + 1 };
}

function describeExpected(expected: string[] | undefined): string {
  if (!expected?.length) return '';
  const names = expected.map((e) => e.replace(/^'(.*)'$/, '$1'));
  const shown = names.slice(0, 8).join(', ');
  return names.length > 8
    ? `; expected one of ${shown} … (${names.length} in all)`
    : `; expected ${names.length > 1 ? 'one of ' : ''}${shown}`;
}

function updateOperationName(operation: UpdateOperation): string {
  if ('type' in operation) return operation.type.toUpperCase();
  switch (operation.updateType) {
    case 'insert':
      return 'INSERT DATA';
    case 'delete':
      return 'DELETE DATA';
    case 'deletewhere':
      return 'DELETE WHERE';
    case 'insertdelete': {
      const { insert, delete: remove } = operation;
      return insert.length && remove.length ? 'DELETE/INSERT' : insert.length ? 'INSERT' : 'DELETE';
    }
  }
}

/**
 * The first SERVICE clause anywhere in the parsed query, as `<iri>` or `?var`: patterns, subqueries and
 * expressions (EXISTS / NOT EXISTS) are all plain objects in the sparqljs tree, so walk every one.
 */
function findService(node: unknown): string | undefined {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = findService(child);
      if (found) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== 'object' || 'termType' in node) return undefined;
  const record = node as Record<string, unknown>;
  if (record.type === 'service') {
    const name = record.name as { termType: string; value: string };
    return name.termType === 'Variable' ? `?${name.value}` : `<${name.value}>`;
  }
  for (const value of Object.values(record)) {
    const found = findService(value);
    if (found) return found;
  }
  return undefined;
}
