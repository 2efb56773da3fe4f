// Derive, from the text of the SPARQL 1.1 Query Recommendation, every built-in call, aggregate and XSD cast
// SPARQL 1.1 defines, as example calls: test/fixtures/sparql/spec-functions.json, which the allow-list's unit
// test (test/unit/check-query-functions.test.ts) checks our code against, so the list is not a copy of ours.
//
// Usage: node --import tsx scripts/sparql-spec-functions.ts [REC.html | URL]
//   default input: https://www.w3.org/TR/2013/REC-sparql11-query-20130321/ (fetched)
// Read: the grammar (§19.8) productions [121] BuiltInCall with the productions it names ([122]–[127]),
// and the datatypes of §17.5 XPath Constructor Functions. Each alternative of a production becomes one or
// more example calls: optional parts both left out and put in, each branch of a group, Expression → ?x.

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const DEFAULT_SOURCE = 'https://www.w3.org/TR/2013/REC-sparql11-query-20130321/';
const OUT = fileURLToPath(new URL('../test/fixtures/sparql/spec-functions.json', import.meta.url));

/** What stands in for each non-terminal a built-in call takes. */
const PLACEHOLDERS: Record<string, string> = {
  Expression: '?x',
  Var: '?x',
  ExpressionList: '( ?x , ?y )',
  NIL: '()',
  GroupGraphPattern: '{ ?s ?p ?o }',
  String: '"s"',
};

type Token = { kind: 'quoted' | 'name' | 'punct'; text: string };

function decode(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Grammar productions by name: `[121] BuiltInCall ::= …` rows of the grammar tables. */
function productions(html: string): Map<string, { number: number; rhs: string }> {
  const found = new Map<string, { number: number; rhs: string }>();
  for (const row of html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)) {
    const cells = [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]!));
    const number = /^\[(\d+)\]$/.exec(cells[0] ?? '');
    if (!number || cells[2] !== '::=') continue;
    found.set(cells[1]!, { number: Number(number[1]), rhs: cells[3]! });
  }
  return found;
}

function tokenize(rhs: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:'([^']*)'|([A-Za-z_][A-Za-z0-9_]*)|([()|?*+]))/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < rhs.length && (m = re.exec(rhs))) {
    if (m[1] !== undefined) tokens.push({ kind: 'quoted', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ kind: 'name', text: m[2] });
    else tokens.push({ kind: 'punct', text: m[3]! });
  }
  if (rhs.slice(re.lastIndex).trim() !== '') throw new Error(`Cannot read grammar text: ${rhs}`);
  return tokens;
}

/** Split a token list on `|` at depth 0. */
function alternatives(tokens: Token[]): Token[][] {
  const out: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    if (t.kind === 'punct' && t.text === ')') depth--;
    if (t.kind === 'punct' && t.text === '|' && depth === 0) out.push([]);
    else out.at(-1)!.push(t);
  }
  return out;
}

/** Every word sequence a sequence of tokens can produce (optionals in and out, each branch of a group). */
function expand(tokens: Token[]): string[][] {
  let results: string[][] = [[]];
  let i = 0;
  while (i < tokens.length) {
    let unit: string[][];
    const t = tokens[i]!;
    if (t.kind === 'punct' && t.text === '(') {
      let depth = 1;
      let j = i + 1;
      for (; depth > 0; j++) {
        if (tokens[j]!.kind === 'punct' && tokens[j]!.text === '(') depth++;
        if (tokens[j]!.kind === 'punct' && tokens[j]!.text === ')') depth--;
      }
      unit = alternatives(tokens.slice(i + 1, j - 1)).flatMap(expand);
      i = j;
    } else if (t.kind === 'quoted') {
      unit = [[t.text]];
      i++;
    } else if (t.kind === 'name') {
      const placeholder = PLACEHOLDERS[t.text];
      if (placeholder === undefined) throw new Error(`No placeholder for ${t.text}`);
      unit = [[placeholder]];
      i++;
    } else {
      throw new Error(`Unexpected ${t.text}`);
    }
    const suffix = tokens[i];
    if (suffix?.kind === 'punct' && ['?', '*', '+'].includes(suffix.text)) {
      if (suffix.text !== '+') unit = [[], ...unit];
      i++;
    }
    results = results.flatMap((r) => unit.map((u) => [...r, ...u]));
  }
  return results;
}

interface SpecCall {
  /** The keyword(s) before the argument list, as the grammar writes them (NOT EXISTS is two). */
  keyword: string;
  /** Grammar production number ([121] BuiltInCall, or the production it refers to). */
  production: number;
  /** Example calls this alternative allows. */
  calls: string[];
}

function calls(grammar: Map<string, { number: number; rhs: string }>, name: string): SpecCall[] {
  const production = grammar.get(name);
  if (!production) throw new Error(`No grammar production ${name}`);
  const out: SpecCall[] = [];
  for (const alternative of alternatives(tokenize(production.rhs))) {
    // An alternative that is a single production name (RegexExpression, Aggregate …): read that production.
    if (alternative.length === 1 && alternative[0]!.kind === 'name' && !(alternative[0]!.text in PLACEHOLDERS)) {
      out.push(...calls(grammar, alternative[0]!.text));
      continue;
    }
    const end = alternative.findIndex((t) => t.kind !== 'quoted' || !/^[A-Za-z]/.test(t.text));
    const keywordTokens = alternative.slice(0, end === -1 ? alternative.length : end);
    const keyword = keywordTokens.map((t) => t.text).join(' ');
    out.push({ keyword, production: production.number, calls: expand(alternative).map((words) => words.join(' ')) });
  }
  return out;
}

/** The datatypes of §17.5: the xsd: names in its legend. */
function xsdCasts(html: string): string[] {
  const start = html.indexOf('id="FunctionMapping"');
  if (start === -1) throw new Error('No section 17.5 (FunctionMapping) in the input');
  const section = html.slice(start, html.indexOf('<h', html.indexOf('</h3>', start)));
  const legend = /<blockquote>([\s\S]*?)<\/blockquote>/.exec(section);
  if (!legend) throw new Error('No datatype legend in section 17.5');
  return [...decode(legend[1]!).matchAll(/xsd:([A-Za-z]+)/g)].map((m) => `http://www.w3.org/2001/XMLSchema#${m[1]}`);
}

async function main(): Promise<void> {
  const source = process.argv[2] ?? DEFAULT_SOURCE;
  const html = /^https?:/.test(source)
    ? await (await fetch(source, { signal: AbortSignal.timeout(60_000) })).text()
    : await readFile(source, 'utf8');
  if (!html.includes('SPARQL 1.1 Query Language') || !html.includes('W3C Recommendation 21 March 2013'))
    throw new Error('The input is not the SPARQL 1.1 Query Language Recommendation of 21 March 2013');
  const grammar = productions(html);
  const all = calls(grammar, 'BuiltInCall');
  const doc = {
    source: DEFAULT_SOURCE,
    note: 'Generated by scripts/sparql-spec-functions.ts from the grammar (§19.8) and §17.5 of the Recommendation; the calls are derived from its productions (Expression → ?x). Do not edit by hand.',
    inputSha256: createHash('sha256').update(html).digest('hex'),
    builtInCalls: all.filter((c) => c.production !== grammar.get('Aggregate')!.number),
    aggregates: all.filter((c) => c.production === grammar.get('Aggregate')!.number),
    xsdCasts: xsdCasts(html),
  };
  await writeFile(OUT, JSON.stringify(doc, null, 2) + '\n');
  console.error(
    `${OUT}: ${doc.builtInCalls.length} built-in calls, ${doc.aggregates.length} aggregates, ${doc.xsdCasts.length} XSD casts`,
  );
}

await main();
