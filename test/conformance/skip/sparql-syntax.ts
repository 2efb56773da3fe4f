// Known failures of checkQuery (sparqljs) on the SPARQL 1.1 syntax tests: test IRI → reason.

import type { SkipList } from '../support/suite.ts';

export const SPARQL_SYNTAX_SKIPS: SkipList = {};
