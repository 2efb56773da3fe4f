// The linear pre-scan: nesting and operator bounds with the position of the token past the limit, the
// form from the first keyword, and what does not count (strings, IRIs, comments, VALUES data).

import { describe, expect, it } from 'vitest';
import { checkQuery, QueryCheckError } from '../../src/store/check-query.ts';
import { isShapeRefusal, scanQueryShape, type QueryShape } from '../../src/store/query-shape.ts';

const shape = (text: string): QueryShape => {
  const result = scanQueryShape(text);
  if (isShapeRefusal(result)) throw new Error(`refused: ${JSON.stringify(result)}`);
  return result;
};

function refusal(text: string): QueryCheckError {
  try {
    checkQuery(text);
  } catch (error) {
    if (error instanceof QueryCheckError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text.slice(0, 80)}`);
}

describe('scanQueryShape', () => {
  it('finds the form from the first keyword after the prologue', () => {
    expect(shape('PREFIX ex: <http://example.org/> BASE <http://x/> SELECT * { ?s ?p ?o }').form).toBe('SELECT');
    expect(shape('# SELECT\nASK { ?s ?p "SELECT" }').form).toBe('ASK');
    expect(shape('construct where { ?s ?p ?o }').form).toBe('CONSTRUCT');
    expect(shape('DESCRIBE <x>').form).toBe('DESCRIBE');
    expect(shape('INSERT DATA { <a> <b> <c> }')).toMatchObject({ form: undefined, update: true });
  });

  it('counts brackets and prefix operators as depth, and operators, groups and brackets as operators', () => {
    expect(shape('SELECT * { { ?s ?p ?o } }')).toMatchObject({ depth: 2, operators: 2 });
    // FILTER( !( !?o ) ): two brackets and two prefix operators open at the deepest point.
    expect(shape('SELECT * { ?s ?p ?o FILTER(!(!?o)) }')).toMatchObject({ depth: 5 });
    expect(shape('SELECT * { ?s ?p ?o FILTER(?o + 1 - 2 * 3 > 4 || ?o < 0) }').operators).toBe(8);
  });

  it('closes prefix operators when their operand ends', () => {
    // Each `!?x` is done before the next `||`: the depth stays 3, however many there are.
    const many = `SELECT * { ?s ?p ?o FILTER(${'!?o || '.repeat(100)}true) }`;
    expect(scanQueryShape(many, { maxDepth: 64, maxOperators: 10_000 })).toMatchObject({ depth: 3 });
  });

  it('ignores what is inside strings, IRIs and comments, and VALUES data', () => {
    const text = `SELECT * { ?s <http://x/((!!> "{{{(((" ; ?q '''!!!(((
)))''' # {{{{((((
 VALUES (?a ?b) { ${'(1 -2) '.repeat(2000)} } }`;
    expect(shape(text)).toMatchObject({ depth: 3, operators: 2 });
  });

  it('tells signed numbers from minus signs', () => {
    expect(shape('SELECT * { ?s ?p ?o FILTER(?o -1 > -2) }').operators).toBe(4); // {, (, -, >
    expect(shape('SELECT * { ?s ?p ?o FILTER(- - -?o) }').depth).toBe(5);
  });

  it('takes one pass: a 20,000-character text costs what its length costs', () => {
    const text = `SELECT * { ${'?s <http://example.org/p> "a long literal value" . '.repeat(400)}}`;
    expect(shape(text).operators).toBe(1);
  });
});

describe('checkQuery refuses shapes past the limits before parsing, with the place', () => {
  it('refuses ~1,000 nested groups (which trap the engine) as too deep, at the 65th bracket', () => {
    const error = refusal(`SELECT * WHERE ${'{'.repeat(1000)}?s ?p ?o${'}'.repeat(1000)}`);
    expect(error.reason).toBe('too-deep');
    expect(error).toMatchObject({ line: 1, column: 16 + 64, limit: 64 });
    expect(error.message).toMatch(/nests too deeply at line 1, column 80.*limit is 64/);
  });

  it('refuses long chains of unary operators and deep FILTER nesting as too deep', () => {
    expect(refusal(`SELECT * { ?s ?p ?o FILTER(${'!'.repeat(3000)}?o) }`).reason).toBe('too-deep');
    expect(refusal(`SELECT * { ?s ?p ?o FILTER(${'('.repeat(3000)}?o${')'.repeat(3000)}) }`).reason).toBe('too-deep');
    expect(refusal(`ASK { FILTER(${'STR('.repeat(300)}1${')'.repeat(300)}) }`).reason).toBe('too-deep');
  });

  it('refuses chains past the operator limit as too complex, naming the line', () => {
    const text = `SELECT * {\n ?s ?p ?o\n FILTER(${'?o + '.repeat(600)}1 > 3) }`;
    const error = refusal(text);
    expect(error).toMatchObject({ reason: 'too-complex', line: 3, limit: 512 });
    expect(error.message).toMatch(/too complex at line 3, column \d+: more than 512 operators/);
  });

  it('takes limits from the options', () => {
    expect(() => checkQuery('SELECT * { { { ?s ?p ?o } } }', { shape: { maxDepth: 2, maxOperators: 100 } })).toThrow(
      /limit is 2/,
    );
    expect(checkQuery('SELECT * { { { ?s ?p ?o } } }', { shape: { maxDepth: 3, maxOperators: 100 } }).form).toBe(
      'SELECT',
    );
  });

  it('accepts the stored queries and ordinary large queries', () => {
    const union = `SELECT * { ${'{ ?s ?p ?o } UNION '.repeat(200)}{ ?s ?p ?o } }`;
    expect(checkQuery(union).form).toBe('SELECT');
    const values = `SELECT * { ?s ?p ?o VALUES ?x { ${'"a" '.repeat(3000)}} }`;
    expect(checkQuery(values).form).toBe('SELECT');
  });
});
