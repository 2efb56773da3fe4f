// The check every SPARQL query passes before a store sees it: parse (sparqljs), refuse updates, SERVICE,
// functions outside the allow-list (query-functions.ts) and IRIs in namespaces stores execute.
// Size: one walk over the whole sparqljs tree, whose node kinds each need their case; split, the
// cases would only be harder to check against the grammar side by side.

import { Lru } from './lru.ts';
import { DEFAULT_SHAPE_LIMITS, isShapeRefusal, type QueryShapeLimits, scanQueryShape } from './query-shape.ts';
import { queryTemplate, type QueryTemplate } from './query-template.ts';
import {
  isAllowedAggregate,
  isAllowedFunction,
  isAllowedOperation,
  storeExtensionNamespace,
} from './query-functions.ts';
import sparqljs from 'sparqljs';
import type { Query, SelectQuery, SparqlQuery, UpdateOperation } from 'sparqljs';
import type { QueryForm } from '../rdf/formats.ts';

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
  /** A VALUES block after the WHERE clause (so a LIMIT cannot simply be appended). */
  valuesClause: boolean;
}

/**
 * `function`: a function (or custom aggregate) outside the allow-list; `extension-namespace`: an IRI in a
 * namespace stores execute (query-functions.ts), wherever it appears.
 */
export type QueryCheckReason =
  | 'syntax'
  | 'update'
  | 'service'
  | 'function'
  | 'extension-namespace'
  | 'too-long'
  | 'too-deep'
  | 'too-complex'
  | 'empty';

/**
 * Why a query was refused. `line`/`column` (both from 1; column in code points) are present when the
 * parser reports a position; the sparqljs parser gives none for semantic errors such as an unknown prefix.
 */
export class QueryCheckError extends Error {
  readonly reason: QueryCheckReason;
  readonly line?: number;
  readonly column?: number;
  /** The refused IRI (reasons `function`, `extension-namespace`). */
  readonly iri?: string;
  /** The limit exceeded (reasons `too-long`, `too-deep`, `too-complex`). */
  readonly limit?: number;
  constructor(
    reason: QueryCheckReason,
    message: string,
    position?: { line: number; column: number },
    options?: { cause?: unknown; iri?: string; limit?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'QueryCheckError';
    this.reason = reason;
    if (position) {
      this.line = position.line;
      this.column = position.column;
    }
    if (options?.iri !== undefined) this.iri = options.iri;
    if (options?.limit !== undefined) this.limit = options.limit;
  }
}

export interface CheckQueryOptions {
  /** Base IRI for relative IRIs in the query (a BASE in the query overrides it). Without one, relative IRIs are errors. */
  baseIri?: string;
  /** Longest accepted text, in code points. */
  maxLength?: number;
  /** Nesting and operator bounds of the linear pre-scan (query-shape.ts); default DEFAULT_SHAPE_LIMITS. */
  shape?: QueryShapeLimits;
}

/** Checked queries by text and options: the same query is checked by the router, the row limit and the store. */
/**
 * Weighed in bytes: the key (UTF-16) and the parse tree, measured at 12 bytes per character of text for
 * patterns and filters and 80 for a VALUES block of one-digit numbers, the densest; 80 is used.
 */
const memo = new Lru<string, CheckedQuery>(512, 32_000_000, (c, key) => 2 * key.length + 80 * c.text.length);

/** What a passed check found that holds for every text of its template (query-template.ts). */
interface TemplateFacts {
  form: QueryForm;
  ordered: boolean;
  valuesClause: boolean;
  dataset?: CheckedQuery['dataset'];
  /** The template has a top-level LIMIT / OFFSET (their values are each text's own). */
  limit: boolean;
  offset: boolean;
}

/**
 * Templates of queries that passed, with what their check found: a text with a known template needs no
 * parse. Keys weigh two bytes a character; a few hundred bytes for the facts.
 */
const templates = new Lru<string, TemplateFacts>(2048, 16_000_000, (_, key) => 2 * key.length + 256);

/** How the template cache has done since start (the bench reports it). */
export function templateStats(): { hits: number; misses: number; entries: number } {
  return { hits: templates.hits, misses: templates.misses, entries: templates.size };
}

/**
 * Parse and check a query; throws QueryCheckError when it is not one read-only query we will run.
 * Results are memoised (bounded): treat the returned object, and `parsed` in it, as read-only. A text
 * whose template (query-template.ts) passed before is not parsed: its facts come from that check, its
 * LIMIT and OFFSET from its own text, and `parsed` is parsed on first use.
 */
export function checkQuery(text: string, options: CheckQueryOptions = {}): CheckedQuery {
  // What a text's literals can change is checked on each text (knownQuery): its length, NUL, and
  // (defence in depth: the template's shape is the text's) its shape.
  const known = knownQuery(text, options);
  if (known) return known;
  const checked = checkQueryUncached(text, options);
  memo.set(keyOfOptions(options) + text, checked);
  learnQuery(text, options, checked);
  return checked;
}

/** A check without its parse tree (plain data that can cross threads); made without reading `parsed`. */
export function summaryOf(checked: CheckedQuery): Omit<CheckedQuery, 'parsed'> {
  const { form, text, ordered, valuesClause, limit, offset, dataset } = checked;
  return {
    form,
    text,
    ordered,
    valuesClause,
    ...(limit !== undefined ? { limit } : {}),
    ...(offset !== undefined ? { offset } : {}),
    ...(dataset ? { dataset } : {}),
  };
}

/**
 * The check of a text without parsing it, when it can be had so: the same text checked before, or a
 * text whose template passed (query-template.ts); else undefined. Throws QueryCheckError for what a
 * template cannot vouch for (length, NUL, shape).
 */
export function knownQuery(text: string, options: CheckQueryOptions = {}): CheckedQuery | undefined {
  const optionsKey = keyOfOptions(options);
  const known = memo.get(optionsKey + text);
  if (known) return known;
  const template = queryTemplate(text);
  const facts = template ? templates.get(optionsKey + template.key) : undefined;
  if (!facts || !template) return undefined;
  checkText(text, options);
  checkShape(text, options);
  return fromTemplate(facts, template, text, options.baseIri);
}

/** Learn a text's template from a check done elsewhere (the check thread): later texts of it need no parse. */
export function learnQuery(text: string, options: CheckQueryOptions, checked: Omit<CheckedQuery, 'parsed'>): void {
  const template = queryTemplate(text);
  const facts = template && factsOf(checked, template);
  if (facts) templates.set(keyOfOptions(options) + template.key, facts);
}

function keyOfOptions(options: CheckQueryOptions): string {
  const shape = options.shape ?? DEFAULT_SHAPE_LIMITS;
  return `${options.baseIri ?? ''}\u0000${options.maxLength ?? ''}\u0000${shape.maxDepth}\u0000${shape.maxOperators}\u0000`;
}

/** The template's facts, when its top-level LIMIT and OFFSET are exactly where the parse found them. */
function factsOf(checked: Omit<CheckedQuery, 'parsed'>, template: QueryTemplate): TemplateFacts | undefined {
  const agrees = (keyword: 'LIMIT' | 'OFFSET', value: number | undefined) => {
    const found = template.modifiers.filter((m) => m.keyword === keyword);
    return value === undefined ? found.length === 0 : found.length === 1 && found[0]!.value === value;
  };
  if (!agrees('LIMIT', checked.limit) || !agrees('OFFSET', checked.offset)) return undefined;
  return {
    form: checked.form,
    ordered: checked.ordered,
    valuesClause: checked.valuesClause,
    ...(checked.dataset ? { dataset: checked.dataset } : {}),
    limit: checked.limit !== undefined,
    offset: checked.offset !== undefined,
  };
}

function fromTemplate(
  facts: TemplateFacts,
  template: QueryTemplate,
  text: string,
  baseIri: string | undefined,
): CheckedQuery {
  const value = (keyword: 'LIMIT' | 'OFFSET') => template.modifiers.find((m) => m.keyword === keyword)!.value;
  const checked = {
    form: facts.form,
    text,
    ordered: facts.ordered,
    valuesClause: facts.valuesClause,
    ...(facts.dataset ? { dataset: facts.dataset } : {}),
    ...(facts.limit ? { limit: value('LIMIT') } : {}),
    ...(facts.offset ? { offset: value('OFFSET') } : {}),
  } as CheckedQuery;
  // The tree is only needed to rewrite the query (rarely): parsed on first use, then kept.
  Object.defineProperty(checked, 'parsed', {
    configurable: true,
    enumerable: true,
    get() {
      const parsed = parse(text, baseIri) as Query;
      Object.defineProperty(checked, 'parsed', { value: parsed, enumerable: true });
      return parsed;
    },
  });
  return checked;
}

/** The checks that look at the text itself, not its structure: length, emptiness, NUL. */
function checkText(text: string, options: CheckQueryOptions): void {
  if (options.maxLength !== undefined && text.length > options.maxLength) {
    const length = [...text].length;
    if (length > options.maxLength) {
      throw new QueryCheckError(
        'too-long',
        `Query is ${length} characters long; the limit is ${options.maxLength}`,
        undefined,
        {
          limit: options.maxLength,
        },
      );
    }
  }
  if (text.trim() === '') throw new QueryCheckError('empty', 'Query is empty');
  const nul = text.indexOf('\u0000');
  if (nul !== -1) {
    // Never meaningful in SPARQL, and a C store may end the text there: what it runs must be what we checked.
    const position = positionOf(text, nul);
    throw new QueryCheckError(
      'syntax',
      `Syntax error at line ${position.line}, column ${position.column}: the query contains a NUL character`,
      position,
    );
  }
}

/** The linear pre-scan (query-shape.ts): nesting and operators within the limits, else a refusal naming where. */
function checkShape(text: string, options: CheckQueryOptions): void {
  const shape = scanQueryShape(text, options.shape ?? DEFAULT_SHAPE_LIMITS);
  if (!isShapeRefusal(shape)) return;
  const position = positionOf(text, shape.offset);
  const where = `line ${position.line}, column ${position.column}`;
  throw shape.limit === 'depth'
    ? new QueryCheckError(
        'too-deep',
        `Query nests too deeply at ${where}: more than ${shape.max} brackets and prefix operators open at once (the limit is ${shape.max})`,
        position,
        { limit: shape.max },
      )
    : new QueryCheckError(
        'too-complex',
        `Query is too complex at ${where}: more than ${shape.max} operators, groups and brackets (the limit is ${shape.max}; VALUES data does not count)`,
        position,
        { limit: shape.max },
      );
}

/**
 * The whole check, every time: no memo, no template. What `checkQuery` answers must always equal this
 * (test/unit/query-template.test.ts compares the two over the W3C queries and variants of them).
 */
export function checkQueryUncached(text: string, options: CheckQueryOptions = {}): CheckedQuery {
  checkText(text, options);
  // Bounded, linear work first: only a text of bounded shape reaches the recursive parser.
  checkShape(text, options);
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

  const refused = findRefused(parsed);
  if (refused.length > 0) throw refusal(refused, text, parsed, options.baseIri);

  // sparqljs sets solution modifiers on every form; its types declare them on SELECT only.
  const modifiers = parsed as Partial<Pick<SelectQuery, 'order' | 'limit' | 'offset'>>;
  const checked: CheckedQuery = {
    form: parsed.queryType,
    text,
    parsed,
    ordered: (modifiers.order?.length ?? 0) > 0,
    valuesClause: (parsed as { values?: unknown }).values !== undefined,
  };
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

/** Something the allow-list refuses, as found in the parse. */
type Refused =
  | { kind: 'function'; iri: string }
  | { kind: 'namespace'; iri: string }
  | { kind: 'operation'; name: string }
  | { kind: 'aggregate'; name: string };

/**
 * Every refused function, built-in or IRI in the parsed query, walking every node: projections, BIND,
 * FILTER, HAVING, ORDER BY, GROUP BY, aggregates, VALUES, sub-queries, OPTIONAL/UNION/MINUS/GRAPH,
 * EXISTS, property paths, CONSTRUCT templates, DESCRIBE targets, FROM/FROM NAMED and literal datatypes.
 */
function findRefused(node: unknown, found: Refused[] = []): Refused[] {
  if (Array.isArray(node)) {
    for (const child of node) findRefused(child, found);
    return found;
  }
  if (node === null || typeof node !== 'object') return found;
  const record = node as Record<string, unknown>;
  if ('termType' in record) {
    if (record.termType === 'NamedNode' && storeExtensionNamespace(record.value as string))
      found.push({ kind: 'namespace', iri: record.value as string });
    if (record.termType === 'Literal') findRefused(record.datatype, found);
    return found;
  }
  if (record.type === 'functionCall') {
    const iri = (record.function as { value: string }).value;
    if (!isAllowedFunction(iri)) found.push({ kind: 'function', iri });
    return findRefused(record.args, found);
  }
  if (record.type === 'operation' && !isAllowedOperation(record.operator as string))
    found.push({ kind: 'operation', name: record.operator as string });
  if (record.type === 'aggregate' && !isAllowedAggregate(record.aggregation as string))
    found.push({ kind: 'aggregate', name: record.aggregation as string });
  for (const [key, value] of Object.entries(record)) {
    if (key === 'prefixes') continue; // namespace strings, not terms; what the query uses is checked where it is used
    findRefused(value, found);
  }
  return found;
}

/** The error for what the walk found: the first refusal in the text, naming how many more there are. */
function refusal(found: Refused[], text: string, parsed: SparqlQuery, baseIri: string | undefined): QueryCheckError {
  const names = found.filter((r) => r.kind === 'operation' || r.kind === 'aggregate');
  if (names.length > 0) {
    const name = (names[0] as { name: string }).name.toUpperCase();
    return new QueryCheckError('function', `${name} is not a SPARQL 1.1 built-in function and is not accepted here`);
  }
  const base = (parsed as { base?: string }).base ?? baseIri;
  const byIri = new Map<string, Refused & { iri: string }>();
  for (const r of found as (Refused & { iri: string })[]) if (!byIri.has(r.iri)) byIri.set(r.iri, r);
  const located = [...byIri.values()]
    .map((r) => ({ ...r, position: locateIri(text, r.iri, parsed.prefixes ?? {}, base) }))
    .sort((a, b) => (a.position?.offset ?? Infinity) - (b.position?.offset ?? Infinity));
  const first = located[0]!;
  const position = first.position ? { line: first.position.line, column: first.position.column } : undefined;
  const where = position ? ` (line ${position.line}, column ${position.column})` : '';
  const namespace = storeExtensionNamespace(first.iri);
  const store = namespace ? ` It is in the ${namespace.store} namespace for ${namespace.what}.` : '';
  const more =
    located.length > 1
      ? ` ${located.length - 1} more refused: ${located
          .slice(1, 4)
          .map((r) => `<${r.iri}>`)
          .join(', ')}${located.length > 4 ? ' …' : ''}.`
      : '';
  if (first.kind === 'function') {
    return new QueryCheckError(
      'function',
      `Function <${first.iri}>${where} is not allowed: this endpoint runs the SPARQL 1.1 built-in functions and the XSD casts (xsd:boolean, xsd:double, xsd:float, xsd:decimal, xsd:integer, xsd:dateTime, xsd:string) only.${store}${more}`,
      position,
      { iri: first.iri },
    );
  }
  return new QueryCheckError(
    'extension-namespace',
    `<${first.iri}>${where} is not allowed anywhere in a query: it is in the ${namespace!.store} namespace for ${namespace!.what}, which the store would execute rather than match.${more}`,
    position,
    { iri: first.iri },
  );
}

/** Line and column (from 1; column in code points) of a UTF-16 offset. */
function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...lines.at(-1)!].length + 1 };
}

const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;

/**
 * The query text with comments and the contents of string literals blanked (same length, line breaks
 * kept), so that searching it for an IRI finds only where the query uses it.
 */
function codeOnly(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n' && out[i] !== '\r') out[i] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '<') {
      IRIREF.lastIndex = i;
      if (IRIREF.test(text)) {
        i = IRIREF.lastIndex;
        continue;
      }
    }
    if (c === '\\') {
      i += 2; // a local-name escape such as ex:a\#b
      continue;
    }
    if (c === '#') {
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === '"' || c === "'") {
      const long = text.startsWith(c.repeat(3), i);
      const quote = long ? c.repeat(3) : c;
      let end = i + quote.length;
      while (end < text.length && !text.startsWith(quote, end)) {
        if (!long && (text[end] === '\n' || text[end] === '\r')) break;
        end += text[end] === '\\' ? 2 : 1;
      }
      blank(i + quote.length, Math.min(end, text.length));
      i = end + quote.length;
      continue;
    }
    i++;
  }
  return out.join('');
}

/** Where the query first writes `iri`: as <iri>, as a prefixed name, or as a relative IRI resolved against the base. */
function locateIri(
  text: string,
  iri: string,
  prefixes: Record<string, string>,
  baseIri: string | undefined,
): { line: number; column: number; offset: number } | undefined {
  const code = codeOnly(text);
  const offsets: number[] = [];
  const exact = code.indexOf(`<${iri}>`);
  if (exact !== -1) offsets.push(exact);
  for (const [prefix, namespace] of Object.entries(prefixes)) {
    if (!iri.startsWith(namespace)) continue;
    const name = `${prefix}:${iri.slice(namespace.length)}`;
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`(?<![\\p{L}\\p{N}_.:-])${escaped}(?![\\p{L}\\p{N}_:-])`, 'u').exec(code);
    if (match) offsets.push(match.index);
  }
  if (baseIri) {
    for (const match of code.matchAll(/<([^<>"{}|^`\\\u0000-\u0020]*)>/g)) {
      try {
        if (new URL(match[1]!, baseIri).href === iri) offsets.push(match.index!);
      } catch {
        // not resolvable: not this IRI
      }
    }
  }
  if (offsets.length === 0) return undefined;
  const offset = Math.min(...offsets);
  return { ...positionOf(text, offset), offset };
}
