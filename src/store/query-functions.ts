// The functions a query may call (SPARQL 1.1 built-ins, the XSD casts of §17.5, our documented extensions)
// and the namespaces stores execute as functions, procedures or "magic" predicates, which are refused.
//
// An allow-list, not a block-list: a store's own functions (Virtuoso's bif:http_get, Jena's java:…) are
// never named here, they are simply not allowed. The namespace list below is the second, narrower net for
// IRIs that stores act on outside function-call position (property functions such as Virtuoso's
// bif:contains, Jena's apf:, full-text predicates).

import { STORE_EXTENSION_NAMESPACES, XSD } from '../vocab.ts';

/**
 * SPARQL 1.1 built-in calls (Query §17.4, grammar [121] BuiltInCall with [122]–[126]) and aggregates
 * ([127] Aggregate), as keywords. sparqljs turns them into `operation` / `aggregate` nodes, never into
 * function IRIs; test/unit/check-query-functions.test.ts checks this list against the specification text.
 */
export const BUILT_IN_CALLS: readonly string[] = [
  'STR',
  'LANG',
  'LANGMATCHES',
  'DATATYPE',
  'BOUND',
  'IRI',
  'URI',
  'BNODE',
  'RAND',
  'ABS',
  'CEIL',
  'FLOOR',
  'ROUND',
  'CONCAT',
  'SUBSTR',
  'STRLEN',
  'REPLACE',
  'UCASE',
  'LCASE',
  'ENCODE_FOR_URI',
  'CONTAINS',
  'STRSTARTS',
  'STRENDS',
  'STRBEFORE',
  'STRAFTER',
  'YEAR',
  'MONTH',
  'DAY',
  'HOURS',
  'MINUTES',
  'SECONDS',
  'TIMEZONE',
  'TZ',
  'NOW',
  'UUID',
  'STRUUID',
  'MD5',
  'SHA1',
  'SHA256',
  'SHA384',
  'SHA512',
  'COALESCE',
  'IF',
  'STRLANG',
  'STRDT',
  'sameTerm',
  'isIRI',
  'isURI',
  'isBLANK',
  'isLITERAL',
  'isNUMERIC',
  'REGEX',
  'EXISTS',
  'NOT EXISTS',
];

export const AGGREGATES: readonly string[] = ['COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'SAMPLE', 'GROUP_CONCAT'];

/** The XPath constructor functions SPARQL 1.1 imports (§17.5): casts to these seven XSD datatypes. */
export const XSD_CASTS: readonly string[] = [
  'boolean',
  'double',
  'float',
  'decimal',
  'integer',
  'dateTime',
  'string',
].map((local) => XSD(local));

/**
 * Extension functions we run and document on purpose (listed in the Service Description as
 * sd:extensionFunction). None: every extension a store offers is that store's, and queries must mean the
 * same on every backend.
 */
export const EXTENSION_FUNCTIONS: readonly string[] = [];

/** sparqljs `operation` names for the operators of grammar [111]–[119] (IN, NOT IN, arithmetic, logic, comparison). */
const OPERATORS = [
  '||',
  '&&',
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  'in',
  'notin',
  '+',
  '-',
  '*',
  '/',
  '!',
  'uminus',
  'uplus',
];

/** Lower-case sparqljs operator names that are SPARQL 1.1 built-ins or operators. */
const ALLOWED_OPERATIONS = new Set([
  ...OPERATORS,
  ...BUILT_IN_CALLS.map((keyword) => keyword.toLowerCase().replace(' ', '')), // NOT EXISTS is `notexists`
]);
const ALLOWED_AGGREGATES = new Set(AGGREGATES.map((keyword) => keyword.toLowerCase()));
const ALLOWED_FUNCTIONS = new Set([...XSD_CASTS, ...EXTENSION_FUNCTIONS]);

/** Whether a sparqljs `operation` (built-in call or operator) is one SPARQL 1.1 defines. */
export function isAllowedOperation(operator: string): boolean {
  return ALLOWED_OPERATIONS.has(operator.toLowerCase());
}

/** Whether a sparqljs `aggregate` is one of the SPARQL 1.1 aggregates. */
export function isAllowedAggregate(aggregation: string): boolean {
  return ALLOWED_AGGREGATES.has(aggregation.toLowerCase());
}

/** Whether a function IRI may be called: an XSD cast of §17.5 or a documented extension. */
export function isAllowedFunction(iri: string): boolean {
  return ALLOWED_FUNCTIONS.has(iri);
}

/** The store-extension namespace an IRI falls in (compared case-insensitively, as schemes are), if any. */
export function storeExtensionNamespace(iri: string): (typeof STORE_EXTENSION_NAMESPACES)[number] | undefined {
  const lower = iri.toLowerCase();
  return STORE_EXTENSION_NAMESPACES.find((ns) => lower.startsWith(ns.namespace.toLowerCase()));
}
