// W3C SPARQL 1.1 query-evaluation tests through our code path: checkQuery, then createOxigraphStore.
//
// The dataset is the spec's, not our endpoint's union default: each qt:data file is loaded into a graph
// named by its IRI and passed as `dataset.defaultGraphs`, each qt:graphData as a named graph. A query with
// its own FROM/FROM NAMED gets those files loaded under their IRIs and no dataset option.

import { describe } from 'vitest';
import { createOxigraphStore, type LoadFormat } from '../../src/store/oxigraph-store.ts';
import { checkEvaluation, evaluationCase, queryEvaluationSuite, read } from './support/query-eval.ts';
import { requireW3cData } from './support/w3c.ts';
import { SPARQL_QUERY_EVAL_SKIPS } from './skip/sparql-query-eval.ts';

requireW3cData();

function formatOf(iri: string): LoadFormat {
  if (iri.endsWith('.ttl')) return 'text/turtle';
  if (iri.endsWith('.nt')) return 'application/n-triples';
  if (iri.endsWith('.rdf')) return 'application/rdf+xml';
  throw new Error(`No loader for ${iri}`);
}

describe('W3C SPARQL 1.1 query evaluation', () => {
  queryEvaluationSuite('sparql11 query-eval', SPARQL_QUERY_EVAL_SKIPS, async (entry) => {
    const c = evaluationCase(entry);
    const store = createOxigraphStore(
      c.files.map((iri) => ({ data: read(iri), format: formatOf(iri), graph: iri, baseIri: iri })),
    );
    await checkEvaluation(store, c);
  });
});
