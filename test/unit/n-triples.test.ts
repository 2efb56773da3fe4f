// termToNT reads N3.js literals straight from their ids (a fast path of the build): it must write the
// same text as the general path does for the same literal made by another factory.

import type { Literal, NamedNode } from '@rdfjs/types';
import fc from 'fast-check';
import N3 from 'n3';
import { describe, expect, it } from 'vitest';
import { termToNT } from '../../src/rdf/n-triples.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** A literal that is not an N3.js term: termToNT takes its general path. */
function plain(value: string, language: string, datatype: string): Literal {
  const dt: NamedNode = { termType: 'NamedNode', value: datatype, equals: () => false };
  return { termType: 'Literal', value, language, datatype: dt, equals: () => false } as Literal;
}

// Values with the characters that need escapes or could confuse the id's parsing.
const value = fc.string({ unit: fc.constantFrom('a', 'é', '東', '"', '\\', '\n', '\r', '@', '^', '-', ' ', '\t') });

describe('termToNT of N3.js literals', () => {
  it('language-tagged: the same text as the general path (tag lower-cased)', () => {
    fc.assert(
      fc.property(value, fc.constantFrom('en', 'zh-Hant', 'JA', 'x-a-b'), (v, lang) => {
        const n3 = N3.DataFactory.literal(v, lang);
        expect(termToNT(n3)).toBe(termToNT(plain(v, lang.toLowerCase(), `${RDF}langString`)));
      }),
    );
  });

  it('typed and plain: the same text as the general path (xsd:string and rdf:langString unwritten)', () => {
    const datatypes = [
      `${XSD}string`,
      `${XSD}integer`,
      `${XSD}gYearMonth`,
      `${RDF}langString`,
      'http://example.org/dt',
    ];
    fc.assert(
      fc.property(value, fc.constantFrom(...datatypes), (v, dt) => {
        const n3 = N3.DataFactory.literal(v, N3.DataFactory.namedNode(dt));
        expect(termToNT(n3)).toBe(termToNT(plain(v, '', dt)));
      }),
    );
  });

  it('ids N3.js parsers make (upper-case tags, a base direction) also match', () => {
    expect(termToNT(new N3.Literal('"a"@EN-gb'))).toBe('"a"@en-gb');
    expect(termToNT(new N3.Literal('"a\\"b"@en--ltr'))).toBe(termToNT(plain('a\\"b', 'en', `${RDF}dirLangString`)));
    expect(termToNT(N3.DataFactory.literal('x', N3.DataFactory.namedNode(`${XSD}date`)))).toBe(`"x"^^<${XSD}date>`);
  });
});
