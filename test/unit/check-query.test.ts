// checkQuery: forms and modifiers, syntax errors with positions, refused updates and SERVICE, limits.

import { describe, expect, it } from 'vitest';
import { checkQuery, QueryCheckError, type QueryCheckReason } from '../../src/store/check-query.ts';

function refusal(text: string, options?: Parameters<typeof checkQuery>[1]): QueryCheckError {
  try {
    checkQuery(text, options);
  } catch (error) {
    if (error instanceof QueryCheckError) return error;
    throw error;
  }
  throw new Error(`accepted: ${text}`);
}

function expectRefused(text: string, reason: QueryCheckReason, message: string | RegExp) {
  const error = refusal(text);
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
  return error;
}

describe('checkQuery: accepted queries', () => {
  it('tells the four forms apart from the parse, not the text', () => {
    expect(checkQuery('# CONSTRUCT in a comment\nSELECT * WHERE { ?s ?p "ASK" }').form).toBe('SELECT');
    expect(checkQuery('ASK { ?s ?p ?o }').form).toBe('ASK');
    expect(checkQuery('CONSTRUCT WHERE { ?s ?p ?o }').form).toBe('CONSTRUCT');
    expect(checkQuery('DESCRIBE <http://example.org/x>').form).toBe('DESCRIBE');
  });

  it('reports LIMIT, OFFSET, ORDER BY and the query’s own dataset', () => {
    const checked = checkQuery(
      'SELECT * FROM <http://example.org/g1> FROM NAMED <http://example.org/g2> { ?s ?p ?o } ORDER BY ?s LIMIT 5 OFFSET 2',
    );
    expect(checked).toMatchObject({ limit: 5, offset: 2, ordered: true });
    expect(checked.dataset).toEqual({
      defaultGraphs: ['http://example.org/g1'],
      namedGraphs: ['http://example.org/g2'],
    });
    const plain = checkQuery('SELECT * { ?s ?p ?o }');
    expect(plain).toMatchObject({ ordered: false });
    expect(plain.limit).toBeUndefined();
    expect(plain.dataset).toBeUndefined();
  });

  it('keeps the text as given and resolves relative IRIs against baseIri (BASE in the query wins)', () => {
    const text = 'SELECT * { <x> ?p ?o }';
    const checked = checkQuery(text, { baseIri: 'https://w3id.org/anmc21/' });
    expect(checked.text).toBe(text);
    expect(JSON.stringify(checked.parsed)).toContain('https://w3id.org/anmc21/x');
    expect(
      JSON.stringify(
        checkQuery('BASE <http://other.example/> SELECT * { <x> ?p ?o }', { baseIri: 'https://w3id.org/anmc21/' })
          .parsed,
      ),
    ).toContain('http://other.example/x');
  });

  it('does not carry prefixes from one query to the next', () => {
    checkQuery('PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?o }');
    expectRefused('SELECT * { ?s ex:p ?o }', 'syntax', 'Invalid query: Unknown prefix "ex:" (declare it with PREFIX)');
  });
});

describe('checkQuery: syntax errors', () => {
  it('gives the line and 1-based column of the offending token', () => {
    const error = expectRefused(
      'SELECT * WHERE {\n  ?s ?p }',
      'syntax',
      /^Syntax error at line 2, column 9: unexpected "}"; expected one of IRIREF, PNAME_NS, /,
    );
    expect([error.line, error.column]).toEqual([2, 9]);
  });

  it('skips whitespace and comments between the last good token and the bad one', () => {
    const error = expectRefused(
      'SELECT * { ?s ?p ?o } # trailing\n  # another\n   LIMIT x',
      'syntax',
      /^Syntax error at line 3, column 10: unexpected "x"; expected INTEGER$/,
    );
    expect([error.line, error.column]).toEqual([3, 10]);
  });

  it('counts columns in code points, not UTF-16 units', () => {
    // "😀" is two UTF-16 units but one character: the stray "}" is the 25th character of line 1.
    const error = refusal('SELECT * { ?s ?p "😀" . }}');
    expect([error.line, error.column]).toEqual([1, 25]);
    expect(error.message).toMatch(/^Syntax error at line 1, column 25: unexpected "}"/);
  });

  it('names the end of the query when it stops early', () => {
    const error = expectRefused(
      'SELECT * {\n?s ?p',
      'syntax',
      /^Syntax error at line 2, column 6: unexpected end of query; expected one of /,
    );
    expect([error.line, error.column]).toEqual([2, 6]);
  });

  it('reports a bad first token at 1:1', () => {
    const error = expectRefused('SELEKT * { ?s ?p ?o }', 'syntax', /^Syntax error at line 1, column 1: /);
    expect([error.line, error.column]).toEqual([1, 1]);
  });

  it('refuses semantic errors without a position when the parser gives none', () => {
    const error = expectRefused(
      'SELECT * { <x> ?p ?o }',
      'syntax',
      'Invalid query: Cannot resolve relative IRI x because no base IRI was set.',
    );
    expect(error.line).toBeUndefined();
    expect(error.column).toBeUndefined();
    expectRefused(
      'SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p',
      'syntax',
      /^Invalid query: Projection of ungrouped variable \(\?s\)/,
    );
  });

  it('does not accept SPARQL-star', () => {
    expectRefused('SELECT * { << ?s ?p ?o >> ?q ?r }', 'syntax', /SPARQL-star support is not enabled/);
  });
});

describe('checkQuery: updates are refused, naming the operation', () => {
  const cases: [string, string][] = [
    ['INSERT DATA { <http://e/s> <http://e/p> 1 }', 'INSERT DATA'],
    ['DELETE DATA { <http://e/s> <http://e/p> 1 }', 'DELETE DATA'],
    ['DELETE WHERE { ?s ?p ?o }', 'DELETE WHERE'],
    ['DELETE { ?s ?p ?o } INSERT { ?o ?p ?s } WHERE { ?s ?p ?o }', 'DELETE/INSERT'],
    ['INSERT { ?o ?p ?s } WHERE { ?s ?p ?o }', 'INSERT'],
    ['WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }', 'DELETE'],
    ['LOAD <http://e/data.ttl>', 'LOAD'],
    ['CLEAR ALL', 'CLEAR'],
    ['CREATE GRAPH <http://e/g>', 'CREATE'],
    ['DROP SILENT GRAPH <http://e/g>', 'DROP'],
    ['COPY DEFAULT TO <http://e/g>', 'COPY'],
    ['MOVE <http://e/a> TO <http://e/b>', 'MOVE'],
    ['ADD <http://e/a> TO <http://e/b>', 'ADD'],
  ];
  it.each(cases)('%s', (text, operation) => {
    expectRefused(
      text,
      'update',
      `SPARQL Update is not accepted here (read-only endpoint): the request contains ${operation}`,
    );
  });

  it('lists every operation of a sequence', () => {
    expectRefused(
      'CLEAR DEFAULT ; LOAD <http://e/x> INTO GRAPH <http://e/g>',
      'update',
      /the request contains CLEAR, LOAD$/,
    );
  });
});

describe('checkQuery: SERVICE is refused wherever it is', () => {
  const where: [string, string][] = [
    ['top level', 'SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }'],
    ['subquery', 'SELECT * { { SELECT ?s { SERVICE <http://e/sparql> { ?s ?p ?o } } } }'],
    ['OPTIONAL', 'SELECT * { ?s ?p ?o OPTIONAL { SERVICE <http://e/sparql> { ?s ?q ?r } } }'],
    ['UNION', 'SELECT * { { ?s ?p ?o } UNION { SERVICE <http://e/sparql> { ?s ?p ?o } } }'],
    ['MINUS', 'SELECT * { ?s ?p ?o MINUS { SERVICE <http://e/sparql> { ?s ?p ?o } } }'],
    ['FILTER EXISTS', 'SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://e/sparql> { ?s ?p ?o } } }'],
    [
      'FILTER NOT EXISTS in an expression',
      'ASK { ?s ?p ?o FILTER (?o = 1 || NOT EXISTS { SERVICE <http://e/sparql> { ?s ?p ?o } }) }',
    ],
    ['BIND(EXISTS …)', 'SELECT * { ?s ?p ?o BIND (EXISTS { SERVICE <http://e/sparql> { ?s ?p ?o } } AS ?x) }'],
    ['GRAPH', 'CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { SERVICE <http://e/sparql> { ?s ?p ?o } } }'],
  ];
  it.each(where)('%s', (_, text) => {
    expectRefused(
      text,
      'service',
      'SERVICE <http://e/sparql> is not allowed: this endpoint does not run federated queries',
    );
  });

  it('names a variable endpoint and SILENT does not help', () => {
    expectRefused(
      'SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }',
      'service',
      /^SERVICE \?endpoint is not allowed/,
    );
  });

  it('is not fooled by the word in literals, IRIs, variables or comments', () => {
    const text = '# SERVICE <http://e/sparql> {}\nSELECT ?service { ?service <http://e/SERVICE> "SERVICE <x> { }" }';
    expect(checkQuery(text).form).toBe('SELECT');
  });
});

describe('checkQuery: length and emptiness', () => {
  it('refuses text longer than maxLength, counting code points', () => {
    const text = 'ASK { ?s ?p "😀😀" }'; // 18 code points, 20 UTF-16 units
    expect(checkQuery(text, { maxLength: 18 }).form).toBe('ASK');
    const error = refusal(text, { maxLength: 17 });
    expect(error.reason).toBe('too-long');
    expect(error.message).toBe('Query is 18 characters long; the limit is 17');
  });

  it.each(['', '  \n\t', '# just a comment\n', 'PREFIX ex: <http://example.org/>', 'BASE <http://example.org/>'])(
    'refuses %j as empty',
    (text) => {
      expect(refusal(text).reason).toBe('empty');
    },
  );
});
