// W3C SPARQL 1.1 syntax tests (query, update, federation) through checkQuery, the gate every query passes.
//
// Correct handling: a positive query test is accepted (a SERVICE one is parsed, then refused with reason
// 'service', our policy; one calling a function outside the allow-list is parsed, then refused with reason
// 'function', listed by name below); a negative test is refused with reason 'syntax'; a positive update test is
// recognised as an update and refused with reason 'update', or 'empty' when it holds no operation at all
// (syntax-update-38..40: only comments or a prologue, a valid update that is no query either).

import { readFileSync } from 'node:fs';
import { describe } from 'vitest';
import { checkQuery, QueryCheckError, type QueryCheckReason } from '../../src/store/check-query.ts';
import { readManifest, type ManifestEntry } from './support/manifest.ts';
import { runSuite, type SuiteTest } from './support/suite.ts';
import { requireW3cData, SUITES, toLocalPath } from './support/w3c.ts';
import { SPARQL_SYNTAX_SKIPS } from './skip/sparql-syntax.ts';

requireW3cData();

type Outcome = 'accept' | QueryCheckReason;

/**
 * Positive tests that call a function outside the allow-list (src/store/query-functions.ts): they parse,
 * and the policy refuses them naming the function. Exact: a listed test that is accepted fails too.
 */
const FUNCTION_POLICY: Record<string, string> = {
  'http://www.w3.org/2009/sparql/docs/tests/data-sparql11/syntax-query/manifest#test_4': 'http://example/function',
};

/** What checkQuery may do with each kind of test: accept it, or refuse it for one of these reasons. */
function expectedOutcomes(entry: ManifestEntry): Outcome[] {
  switch (entry.type) {
    case 'PositiveSyntaxTest11':
      if (entry.id in FUNCTION_POLICY) return ['function'];
      return [entry.manifest.includes('/syntax-fed/') ? 'service' : 'accept'];
    case 'NegativeSyntaxTest11':
    case 'NegativeUpdateSyntaxTest11':
      return ['syntax'];
    case 'PositiveUpdateSyntaxTest11':
      return ['update', 'empty'];
    default:
      throw new Error(`Not a syntax test: ${entry.type}`);
  }
}

function syntaxTest(entry: ManifestEntry): SuiteTest {
  const expected = expectedOutcomes(entry);
  const action = entry.action!.value;
  return {
    id: entry.id,
    name: entry.name,
    run: () => {
      let outcome: Outcome = 'accept';
      let message = '';
      try {
        checkQuery(readFileSync(toLocalPath(action), 'utf8'), { baseIri: action });
      } catch (error) {
        if (!(error instanceof QueryCheckError)) throw error;
        outcome = error.reason;
        message = `: ${error.message}`;
      }
      const policyIri = FUNCTION_POLICY[entry.id];
      if (outcome === 'function' && policyIri && !message.includes(`<${policyIri}>`)) {
        throw new Error(`Expected the refusal to name <${policyIri}>${message}`);
      }
      if (!expected.includes(outcome)) {
        const say = (o: Outcome) => (o === 'accept' ? 'acceptance' : `refusal (${o})`);
        throw new Error(`Expected ${expected.map(say).join(' or ')}, got ${say(outcome)}${message}`);
      }
    },
  };
}

describe('W3C SPARQL 1.1 syntax', () => {
  const entries = readManifest(SUITES.sparql11.base + 'manifest-all.ttl').filter((e) => /SyntaxTest11$/.test(e.type));
  runSuite('sparql11 syntax', entries.map(syntaxTest), SPARQL_SYNTAX_SKIPS);
});
