// Expected SPARQL results (.srx, .srj, .tsv, .csv, rs: vocabulary in Turtle) and their comparison up to blank nodes.

import { DataFactory, Parser } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { isomorphic } from './isomorphism.ts';

const { namedNode, blankNode, literal, quad } = DataFactory;

export type Solutions = { variables: string[]; rows: ReadonlyMap<string, Term>[] };
export type ExpectedResult = { type: 'boolean'; value: boolean } | ({ type: 'bindings' } & Solutions);

/**
 * Whether two solution sequences are equal as multisets (as sequences when `ordered`), blank nodes renamed
 * consistently across the whole result: each row becomes a fresh blank node with one edge per binding.
 */
export function sameSolutions(actual: Solutions, expected: Solutions, ordered: boolean): boolean {
  if (
    new Set(actual.variables).size !== new Set(expected.variables).size ||
    !actual.variables.every((v) => expected.variables.includes(v))
  ) {
    return false;
  }
  if (actual.rows.length !== expected.rows.length) return false;
  return isomorphic(asQuads(actual.rows, 'a', ordered), asQuads(expected.rows, 'e', ordered));
}

function asQuads(rows: readonly ReadonlyMap<string, Term>[], side: string, ordered: boolean): Quad[] {
  return rows.flatMap((row, i) => {
    const node = blankNode(`row-${side}-${i}`);
    const edges = [...row].map(([name, term]) =>
      quad(
        node,
        namedNode(`urn:var:${name}`),
        (term.termType === 'BlankNode' ? blankNode(`${side}-${term.value}`) : term) as never,
      ),
    );
    // A row with no bindings still counts; so does its position when order matters.
    edges.push(quad(node, namedNode('urn:row'), literal(ordered ? String(i) : '')));
    return edges;
  });
}

/** SPARQL Query Results XML: a small reader for the subset the test suites use. */
export function readSrx(xml: string): ExpectedResult {
  const tokens = xml.matchAll(
    /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g,
  );
  const variables: string[] = [];
  const rows: Map<string, Term>[] = [];
  let boolean: boolean | undefined;
  let binding: string | undefined;
  let element: { name: string; attributes: Record<string, string>; text: string } | undefined;
  for (const [, closing, name, attributeText, selfClosing, text] of tokens) {
    if (text !== undefined) {
      if (element) element.text += decodeXml(text);
      continue;
    }
    if (!name) continue;
    const attributes = Object.fromEntries(
      [...(attributeText ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)].map((m) => [
        m[1]!,
        decodeXml(m[2] ?? m[3] ?? ''),
      ]),
    );
    if (!closing) {
      if (name === 'variable') variables.push(attributes.name!);
      else if (name === 'result') rows.push(new Map());
      else if (name === 'binding') binding = attributes.name;
      else if (['uri', 'literal', 'bnode', 'boolean'].includes(name)) element = { name, attributes, text: '' };
    }
    if (closing || selfClosing) {
      if (element && element.name === name) {
        if (name === 'boolean') boolean = element.text.trim() === 'true';
        else rows.at(-1)!.set(binding!, srxTerm(element.name, element.text, element.attributes));
        element = undefined;
      }
    }
  }
  return boolean !== undefined ? { type: 'boolean', value: boolean } : { type: 'bindings', variables, rows };
}

function srxTerm(kind: string, text: string, attributes: Record<string, string>): Term {
  if (kind === 'uri') return namedNode(text);
  if (kind === 'bnode') return blankNode(text);
  return literal(text, attributes['xml:lang'] ?? (attributes.datatype ? namedNode(attributes.datatype) : undefined));
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#[0-9]+);/g, (_, entity: string) => {
    if (entity[0] === '#')
      return String.fromCodePoint(entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10));
    return { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" }[entity]!;
  });
}

/** SPARQL Query Results JSON. */
export function readSrj(json: string): ExpectedResult {
  const parsed = JSON.parse(json) as {
    head: { vars?: string[] };
    boolean?: boolean;
    results?: { bindings: Record<string, { type: string; value: string; 'xml:lang'?: string; datatype?: string }>[] };
  };
  if (parsed.boolean !== undefined) return { type: 'boolean', value: parsed.boolean };
  const rows = parsed.results!.bindings.map(
    (row) =>
      new Map(
        Object.entries(row).map(([name, t]) => [
          name,
          srxTerm(t.type === 'typed-literal' ? 'literal' : t.type, t.value, t),
        ]),
      ),
  );
  return { type: 'bindings', variables: parsed.head.vars ?? [], rows };
}

/** SPARQL Query Results TSV: cells are Turtle terms, an empty cell is unbound. */
export function readTsv(tsv: string): ExpectedResult {
  const [header, ...lines] = tsv.replace(/\r?\n$/, '').split(/\r?\n/);
  const variables = header!.split('\t').map((v) => v.replace(/^\?/, ''));
  const parser = new Parser({ format: 'text/turtle', blankNodePrefix: '' });
  const rows = lines.map((line) => {
    const row = new Map<string, Term>();
    line.split('\t').forEach((cell, i) => {
      if (cell !== '') row.set(variables[i]!, parser.parse(`<urn:s> <urn:p> ${cell} .`)[0]!.object);
    });
    return row;
  });
  return { type: 'bindings', variables, rows };
}

/**
 * SPARQL Query Results CSV, kept as text (CSV has no term types): every cell a plain literal, `_:x` a blank
 * node so labels still compare up to renaming, an empty cell unbound.
 */
export function readCsv(csv: string): Solutions {
  const records: string[][] = [[]];
  let field = '';
  for (let i = 0, quoted = false; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      records.at(-1)!.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && csv[i + 1] === '\n')) {
      if (c === '\r') i++;
      records.at(-1)!.push(field);
      field = '';
      records.push([]);
    } else field += c;
  }
  if (field !== '' || records.at(-1)!.length > 0) records.at(-1)!.push(field);
  else records.pop();
  const [variables, ...data] = records as [string[], ...string[][]];
  const rows = data.map((record) => {
    const row = new Map<string, Term>();
    record.forEach((cell, i) => {
      if (cell !== '') row.set(variables[i]!, cell.startsWith('_:') ? blankNode(cell.slice(2)) : literal(cell));
    });
    return row;
  });
  return { variables, rows };
}

const RS = 'http://www.w3.org/2001/sw/DataAccess/tests/result-set#';

/** A result set written in the rs: vocabulary (a few sparql11 tests use it), or undefined for a plain graph. */
export function readRsGraph(quads: readonly Quad[]): ExpectedResult | undefined {
  const about = (s: Term, p: string) =>
    quads.filter((q) => q.subject.equals(s) && q.predicate.value === RS + p).map((q) => q.object);
  const set = quads.find(
    (q) =>
      q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && q.object.value === RS + 'ResultSet',
  )?.subject;
  if (!set) return undefined;
  const boolean = about(set, 'boolean')[0];
  if (boolean) return { type: 'boolean', value: boolean.value === 'true' };
  const rows = about(set, 'solution').map(
    (solution) =>
      new Map(about(solution, 'binding').map((b) => [about(b, 'variable')[0]!.value, about(b, 'value')[0]!])),
  );
  return { type: 'bindings', variables: about(set, 'resultVariable').map((v) => v.value), rows };
}
