// Known failures of jsonld.js 9 on the W3C JSON-LD 1.1 toRdf / fromRdf suites: test IRI → reason.
// Each reason was read off the failure; none comes from our loader or comparison.

import type { SkipList } from '../support/suite.ts';

const TO = 'https://w3c.github.io/json-ld-api/tests/toRdf-manifest';
const FROM = 'https://w3c.github.io/json-ld-api/tests/fromRdf-manifest';
const COMPOUND_LITERAL =
  'jsonld.js supports rdfDirection "i18n-datatype" only; "compound-literal" (non-normative) throws "Unsupported rdfDirection value"';

export const JSONLD_SKIPS: { toRdf: SkipList; fromRdf: SkipList } = {
  toRdf: {
    [`${TO}#tc037`]:
      'property-scoped context on an alias of @nest is not applied: property expands against the outer @vocab',
    [`${TO}#tc038`]:
      'property-scoped contexts on @nest aliases not applied (same cause as #tc037): nested values become blank nodes',
    [`${TO}#tdi11`]: COMPOUND_LITERAL,
    [`${TO}#tdi12`]: COMPOUND_LITERAL,
    [`${TO}#te075`]:
      'expected output has a blank node as predicate (generalized RDF, @vocab as blank node in json-ld-1.0 mode); N3.js, which we parse N-Quads with, rejects it',
    [`${TO}#te111`]:
      'relative @vocab resolved against the vocabulary base without removing dot segments ("vocabulary/./rel2#")',
    [`${TO}#te112`]: 'relative @vocab relative to another relative vocabulary: dot segments kept ("rel1./rel2#")',
    [`${TO}#ter54`]: 'value object with an array @type is accepted instead of failing with "invalid typed value"',
    [`${TO}#ter56`]:
      'redefinition of @context through a remote context is accepted instead of failing with "keyword redefinition"',
    [`${TO}#tli12`]:
      'list with a bad @base: jsonld.js emits the invalid IRI <http://invalid/<>/test> instead of dropping the triple',
    [`${TO}#tli14`]:
      'list with null @base: jsonld.js crashes serialising N-Quads (TypeError: reading "termType" of null)',
    [`${TO}#twf05`]:
      'triples with ill-formed language tags are emitted instead of dropped, so the output is not valid N-Quads',
  },
  fromRdf: {
    [`${FROM}#t0027`]: "jsonld.js's own N-Quads parser rejects comment lines (line 9 of the input is a # comment)",
    [`${FROM}#t0028`]: 'with useNativeTypes, a plain xsd:string value keeps "@type": xsd:string (expected: dropped)',
    [`${FROM}#tdi09`]: COMPOUND_LITERAL,
    [`${FROM}#tdi10`]: COMPOUND_LITERAL,
    [`${FROM}#tdi11`]: COMPOUND_LITERAL,
    [`${FROM}#tdi12`]: COMPOUND_LITERAL,
  },
};
