// Known failures of checkQuery + createOxigraphStore on the SPARQL 1.1 query-evaluation tests: test IRI → reason.
// Each reason was read off the failure message; all are engine behaviour, none our wrapping (205/235 pass, as
// reported for raw Oxigraph). Comparison is strict: literals must match lexically, as the W3C results are written.

import type { SkipList } from '../support/suite.ts';

const CANONICAL_RESULT =
  'engine writes results in canonical lexical form (xsd:decimal "1.0" as "1", xsd:double "3.0E4" as "30000"): numerically equal, lexically different';
const CANONICAL_DATA =
  'engine canonicalises literals on load (xsd:decimal "1.0" → "1", xsd:double "1E0" → "1", xsd:boolean "0" → "false"), so the bindings of ?v differ lexically from the data; casts also come out in canonical form';

const T = 'http://www.w3.org/2009/sparql/docs/tests/data-sparql11/';

export const SPARQL_QUERY_EVAL_SKIPS: SkipList = {
  // Literal canonicalisation: numerically (or boolean-) equal values in a different lexical form
  [`${T}aggregates/manifest#agg-sum-02`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-avg-02`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-min-01`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-min-02`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-max-01`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-max-02`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-err-02`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-max-distinct`]: CANONICAL_RESULT,
  [`${T}aggregates/manifest#agg-min-distinct`]: CANONICAL_RESULT,
  [`${T}cast/manifest#cast-bool`]: CANONICAL_DATA,
  [`${T}cast/manifest#cast-int`]: CANONICAL_DATA,
  [`${T}cast/manifest#cast-float`]: CANONICAL_DATA,
  [`${T}cast/manifest#cast-double`]: CANONICAL_DATA,
  [`${T}cast/manifest#cast-decimal`]: CANONICAL_DATA,
  [`${T}cast/manifest#cast-string`]: CANONICAL_DATA,
  [`${T}csv-tsv-res/manifest#csv03`]:
    'engine canonicalises the data literal "1.0E6"^^xsd:double to "1000000" on load, so the CSV cell differs',
  [`${T}csv-tsv-res/manifest#tsv03`]:
    'engine canonicalises "1.0e6"^^xsd:double to "1000000" and "-3"^^xsd:negativeInteger to xsd:integer on load',
  [`${T}functions/manifest#plus-1-corrected`]:
    'engine canonicalises "1.0"^^xsd:decimal to "1" on load, so ?x and ?sum differ lexically',
  [`${T}functions/manifest#plus-2-corrected`]:
    'engine canonicalises "1.0"^^xsd:decimal to "1" on load, so ?x differs lexically',
  [`${T}functions/manifest#coalesce01`]: 'engine writes xsd:decimal results "2.0" and "0.0" as "2" and "0"',
  // Engine evaluation differences (Oxigraph 0.5.11)
  [`${T}aggregates/manifest#agg-groupconcat-04`]:
    'GROUP_CONCAT of literals sharing a language tag keeps the tag ("1 2"@en), so the FILTER comparing with a simple literal fails',
  [`${T}aggregates/manifest#agg-groupconcat-06`]:
    'GROUP_CONCAT of one "1"@en keeps the tag ("1"@en), so the FILTER comparing with "1" fails',
  [`${T}aggregates/manifest#agg-empty-group-count-graph`]:
    'a subquery inside GRAPH ?g is not evaluated per named graph: one row with ?g unbound instead of one per graph',
  [`${T}bindings/manifest#graph`]:
    'VALUES inside GRAPH ?g binding ?g itself: engine returns a row with ?g unbound instead of joining with the graph names',
  [`${T}functions/manifest#bnode01`]:
    'BNODE(str) returns the same blank node for the same string across solutions; the spec wants one per solution',
  [`${T}negation/manifest#graph-minus`]:
    'MINUS inside GRAPH ?g removes the solution although the MINUS side shares no variable with it',
  [`${T}property-path/manifest#zero_or_more_set_start`]:
    'zero-length path from a constant on an empty dataset yields no solution (spec: the constant itself)',
  [`${T}property-path/manifest#zero_or_one_set_start`]:
    'zero-length path from a constant on an empty dataset yields no solution (spec: the constant itself)',
  [`${T}property-path/manifest#zero_or_more_set_end`]:
    'zero-length path to a constant on an empty dataset yields no solution (spec: the constant itself)',
  [`${T}property-path/manifest#zero_or_one_set_end`]:
    'zero-length path to a constant on an empty dataset yields no solution (spec: the constant itself)',
};
