// W3C RDF 1.1 Turtle suite against N3.js's parser configured as we load Turtle (strict `text/turtle`, base = file IRI).

import { readFileSync } from 'node:fs';
import { Parser } from 'n3';
import { describe } from 'vitest';
import { readManifest, type ManifestEntry } from './support/manifest.ts';
import { isomorphic } from './support/isomorphism.ts';
import { runSuite, type SuiteTest } from './support/suite.ts';
import { requireW3cData, SUITES, toLocalPath } from './support/w3c.ts';
import { TURTLE_SKIPS } from './skip/turtle.ts';

requireW3cData();

function parseFile(iri: string, format: 'text/turtle' | 'application/n-triples') {
  return new Parser({ format, baseIRI: iri }).parse(readFileSync(toLocalPath(iri), 'utf8'));
}

function turtleTest(entry: ManifestEntry): SuiteTest {
  const action = entry.action!.value;
  const run = {
    TestTurtlePositiveSyntax: () => void parseFile(action, 'text/turtle'),
    TestTurtleNegativeSyntax: () => {
      let quads;
      try {
        quads = parseFile(action, 'text/turtle');
      } catch {
        return;
      }
      throw new Error(`Parsed into ${quads.length} triples, expected a syntax error`);
    },
    TestTurtleEval: () => {
      const actual = parseFile(action, 'text/turtle');
      const expected = parseFile(entry.result!.value, 'application/n-triples');
      if (!isomorphic(actual, expected)) {
        throw new Error(
          `Not isomorphic to ${entry.result!.value}: got ${actual.length} triples, expected ${expected.length}`,
        );
      }
    },
  }[entry.type];
  if (!run) throw new Error(`Unknown Turtle test type ${entry.type} for ${entry.id}`);
  return { id: entry.id, name: entry.name, run };
}

describe('W3C Turtle', () => {
  runSuite('turtle', readManifest(SUITES.turtle.base + 'manifest.ttl').map(turtleTest), TURTLE_SKIPS);
});
