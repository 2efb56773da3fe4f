// SPARQL query results, the one reader (JSON) and writer (JSON, XML, CSV, TSV) of the syntaxes, for
// results that do not come already serialised from the engine.

import type { Term } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { XSD } from '../vocab.ts';
import { RESULTS_CSV, RESULTS_JSON, RESULTS_TSV, RESULTS_XML } from './formats.ts';
import { termToNT } from './n-triples.ts';

/** One solution: variable name (no `?`) → term; unbound variables are absent. */
export type Solution = ReadonlyMap<string, Term>;

export type SolutionsOrBoolean =
  { type: 'boolean'; value: boolean } | { type: 'bindings'; variables: string[]; rows: Solution[] };

/** A term of SPARQL JSON results, as read. */
export interface JsonResultsTerm {
  type: string;
  value: string;
  'xml:lang'?: string;
  datatype?: string;
}

/**
 * Read SPARQL JSON results. `readTerm` may adapt a store's terms (it gets each term as written); the
 * default reads the standard types and the older `typed-literal`. Throws SyntaxError on anything else.
 */
export function readJsonResults(
  json: string,
  readTerm: (term: JsonResultsTerm) => Term = readJsonTerm,
): SolutionsOrBoolean {
  const parsed = JSON.parse(json) as {
    head?: { vars?: string[] };
    boolean?: unknown;
    results?: { bindings?: Record<string, JsonResultsTerm>[] };
  };
  if (typeof parsed?.boolean === 'boolean') return { type: 'boolean', value: parsed.boolean };
  const bindings = parsed?.results?.bindings;
  if (!Array.isArray(bindings)) throw new SyntaxError('SPARQL JSON results without results.bindings or boolean');
  const rows = bindings.map(
    (row) => new Map(Object.entries(row).map(([name, term]) => [name, readTerm(term)])) as Solution,
  );
  return { type: 'bindings', variables: parsed.head?.vars ?? [], rows };
}

/** A standard SPARQL JSON results term. */
export function readJsonTerm(term: JsonResultsTerm): Term {
  switch (term.type) {
    case 'uri':
      return DataFactory.namedNode(term.value);
    case 'bnode':
      return DataFactory.blankNode(term.value);
    case 'literal':
    case 'typed-literal': {
      const datatype =
        term.datatype && term.datatype !== XSD('string') ? DataFactory.namedNode(term.datatype) : undefined;
      return DataFactory.literal(term.value, term['xml:lang'] ?? datatype);
    }
    default:
      throw new SyntaxError(`Unsupported term type in SPARQL JSON results: ${term.type}`);
  }
}

export interface ResultsWriteOptions {
  /** A SELECT cut at a row limit: JSON then carries `"truncated": true, "maxRows": N` (as the worker pool's). */
  truncated?: boolean;
  maxRows?: number;
}

/** SPARQL results in JSON, XML, CSV or TSV (booleans in JSON or XML only). Throws a TypeError for another media type. */
export function writeResults(result: SolutionsOrBoolean, mediaType: string, options: ResultsWriteOptions = {}): string {
  if (result.type === 'boolean') {
    if (mediaType === RESULTS_XML.mediaType) {
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head><boolean>${result.value}</boolean></sparql>\n`;
    }
    if (mediaType === RESULTS_JSON.mediaType) return JSON.stringify({ head: {}, boolean: result.value });
    throw new TypeError(`A boolean result cannot be written as ${mediaType}`);
  }
  const { variables, rows } = result;
  switch (mediaType) {
    case RESULTS_JSON.mediaType: {
      const doc = {
        head: { vars: variables },
        results: { bindings: rows.map((row) => Object.fromEntries([...row].map(([k, t]) => [k, jsonTerm(t)]))) },
        ...(options.truncated ? { truncated: true, maxRows: options.maxRows ?? 0 } : {}),
      };
      return JSON.stringify(doc);
    }
    case RESULTS_XML.mediaType: {
      const head = variables.map((v) => `<variable name="${esc(v)}"/>`).join('');
      const body = rows
        .map(
          (row) =>
            `<result>${[...row].map(([k, t]) => `<binding name="${esc(k)}">${xmlTerm(t)}</binding>`).join('')}</result>`,
        )
        .join('\n');
      return `<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>${head}</head><results>\n${body}${body ? '\n' : ''}</results></sparql>\n`;
    }
    case RESULTS_CSV.mediaType: {
      const cell = (t: Term | undefined) => {
        if (!t) return '';
        const text = t.termType === 'BlankNode' ? `_:${t.value}` : t.value;
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      };
      return [variables.join(','), ...rows.map((row) => variables.map((v) => cell(row.get(v))).join(','))]
        .map((line) => `${line}\r\n`)
        .join('');
    }
    case RESULTS_TSV.mediaType: {
      // Terms as in N-Triples; a tab inside a literal is escaped, as TSV cells cannot hold one.
      const cell = (t: Term | undefined) => (t ? termToNT(t).replace(/\t/g, '\\t') : '');
      return [
        variables.map((v) => `?${v}`).join('\t'),
        ...rows.map((row) => variables.map((v) => cell(row.get(v))).join('\t')),
      ]
        .map((line) => `${line}\n`)
        .join('');
    }
    default:
      throw new TypeError(`Not a SPARQL results type: ${mediaType}`);
  }
}

function jsonTerm(t: Term): JsonResultsTerm {
  if (t.termType === 'NamedNode') return { type: 'uri', value: t.value };
  if (t.termType === 'BlankNode') return { type: 'bnode', value: t.value };
  if (t.termType === 'Literal') {
    return {
      type: 'literal',
      value: t.value,
      ...(t.language
        ? { 'xml:lang': t.language }
        : t.datatype.value !== XSD('string')
          ? { datatype: t.datatype.value }
          : {}),
    };
  }
  return { type: 'literal', value: t.value };
}

function xmlTerm(t: Term): string {
  if (t.termType === 'NamedNode') return `<uri>${esc(t.value)}</uri>`;
  if (t.termType === 'BlankNode') return `<bnode>${esc(t.value)}</bnode>`;
  if (t.termType === 'Literal') {
    if (t.language) return `<literal xml:lang="${esc(t.language)}">${esc(t.value)}</literal>`;
    if (t.datatype.value !== XSD('string'))
      return `<literal datatype="${esc(t.datatype.value)}">${esc(t.value)}</literal>`;
  }
  return `<literal>${esc(t.value)}</literal>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
