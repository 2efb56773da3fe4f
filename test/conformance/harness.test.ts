// The harness itself: comparisons must tell different things apart, readers must read what the suites write.

import { describe, expect, it } from 'vitest';
import { DataFactory, Parser } from 'n3';
import { isomorphic } from './support/isomorphism.ts';
import { readCsv, readSrj, readSrx, readTsv, sameSolutions } from './support/sparql-results.ts';
import { localDocumentLoader } from './support/local-document-loader.ts';
import { SUITES } from './support/w3c.ts';

const { namedNode, blankNode, literal } = DataFactory;
const turtle = (text: string) => new Parser({ format: 'text/turtle' }).parse(`@prefix : <http://e/> . ${text}`);

describe('isomorphic', () => {
  it('accepts a renaming of blank nodes and ignores quad order', () => {
    expect(isomorphic(turtle('_:a :p _:b . _:b :p :c .'), turtle('_:y :p :c . _:x :p _:y .'))).toBe(true);
    expect(isomorphic(turtle(':s :p ( 1 2 3 ) .'), turtle(':s :p ( 1 2 3 ) .'))).toBe(true);
  });

  it('tells apart graphs that differ only in how blank nodes connect', () => {
    // Same number of edges: a chain of three blank nodes vs a two-cycle.
    expect(isomorphic(turtle('_:a :p _:b . _:b :p _:c .'), turtle('_:a :p _:b . _:b :p _:a .'))).toBe(false);
    // Two separate pairs vs one node pointing at two others.
    expect(isomorphic(turtle('_:a :p _:b . _:c :p _:d .'), turtle('_:a :p _:b . _:a :p _:c .'))).toBe(false);
    expect(isomorphic(turtle(':s :p ( 1 2 3 ) .'), turtle(':s :p ( 1 3 2 ) .'))).toBe(false);
  });

  it('compares literals strictly', () => {
    expect(isomorphic(turtle(':s :p 1.0 .'), turtle(':s :p 1.00 .'))).toBe(false);
    expect(isomorphic(turtle(':s :p "a"@en .'), turtle(':s :p "a" .'))).toBe(false);
  });
});

describe('sameSolutions', () => {
  const row = (entries: [string, ReturnType<typeof literal> | ReturnType<typeof blankNode>][]) => new Map(entries);
  const x1 = row([['x', literal('1')]]);
  const x2 = row([['x', literal('2')]]);

  it('compares multisets unless ordered', () => {
    expect(sameSolutions({ variables: ['x'], rows: [x1, x2] }, { variables: ['x'], rows: [x2, x1] }, false)).toBe(true);
    expect(sameSolutions({ variables: ['x'], rows: [x1, x2] }, { variables: ['x'], rows: [x2, x1] }, true)).toBe(false);
    expect(sameSolutions({ variables: ['x'], rows: [x1, x1] }, { variables: ['x'], rows: [x1] }, false)).toBe(false);
    expect(sameSolutions({ variables: ['x'], rows: [x1] }, { variables: ['x', 'y'], rows: [x1] }, false)).toBe(false);
  });

  it('renames blank nodes consistently across the whole result', () => {
    const same = [row([['x', blankNode('a')]]), row([['x', blankNode('a')]])];
    const distinct = [row([['x', blankNode('a')]]), row([['x', blankNode('b')]])];
    expect(
      sameSolutions(
        { variables: ['x'], rows: same },
        { variables: ['x'], rows: [row([['x', blankNode('z')]]), row([['x', blankNode('z')]])] },
        false,
      ),
    ).toBe(true);
    expect(sameSolutions({ variables: ['x'], rows: same }, { variables: ['x'], rows: distinct }, false)).toBe(false);
  });
});

describe('result readers', () => {
  it('reads SRX with entities, language, datatype, blank nodes and unbound variables', () => {
    const srx = `<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="a"/><variable name="b"/></head>
      <results><result><binding name="a"><literal xml:lang="en">x &amp; &lt;y&gt;</literal></binding></result>
      <result><binding name="a"><bnode>r1</bnode></binding><binding name="b"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">7</literal></binding></result></results></sparql>`;
    const result = readSrx(srx);
    if (result.type !== 'bindings') throw new Error('expected bindings');
    expect(result.variables).toEqual(['a', 'b']);
    expect(result.rows[0]!.get('a')!.equals(literal('x & <y>', 'en'))).toBe(true);
    expect(result.rows[0]!.has('b')).toBe(false);
    expect(result.rows[1]!.get('b')!.equals(literal('7', namedNode('http://www.w3.org/2001/XMLSchema#integer')))).toBe(
      true,
    );
    expect(readSrx('<sparql><head/><boolean>false</boolean></sparql>')).toEqual({ type: 'boolean', value: false });
  });

  it('reads SRJ, TSV and CSV', () => {
    expect(readSrj('{"head":{},"boolean":true}')).toEqual({ type: 'boolean', value: true });
    const tsv = readTsv('?s\t?o\n<http://e/s>\t"a\\tb"@en\n_:x\t\n');
    if (tsv.type !== 'bindings') throw new Error('expected bindings');
    expect(tsv.rows[0]!.get('o')!.equals(literal('a\tb', 'en'))).toBe(true);
    expect(tsv.rows[1]!.get('s')!.termType).toBe('BlankNode');
    expect(tsv.rows[1]!.has('o')).toBe(false);
    const csv = readCsv('s,o\r\nhttp://e/s,"4,4 ""q"""\r\n_:b,\r\n');
    expect(csv.variables).toEqual(['s', 'o']);
    expect(csv.rows[0]!.get('o')!.value).toBe('4,4 "q"');
    expect(csv.rows[1]!.get('s')!.termType).toBe('BlankNode');
  });
});

describe('localDocumentLoader', () => {
  it('serves the suite from disk and refuses anything else', async () => {
    const context = await localDocumentLoader(`${SUITES.jsonld.base}context.jsonld`);
    expect(context.document).toHaveProperty('@context');
    await expect(localDocumentLoader('https://schema.org/')).rejects.toThrow(
      /^Refusing to load https:\/\/schema.org\//,
    );
  });
});
