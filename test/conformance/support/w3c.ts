// Where the W3C test data lives (unmodified copies in test/conformance/suites/) and its canonical base IRIs.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `test/conformance/suites/` (provenance in its SOURCES.md), or `W3C_TESTS_DIR` to run other copies laid out alike. */
export const W3C_DIR = path.resolve(projectRoot, process.env.W3C_TESTS_DIR ?? 'test/conformance/suites');

/** Canonical base IRI of each suite, as given in the W3C data README; local dir → base. */
export const SUITES = {
  sparql11: { dir: path.join(W3C_DIR, 'sparql11'), base: 'https://w3c.github.io/rdf-tests/sparql/sparql11/' },
  turtle: { dir: path.join(W3C_DIR, 'turtle'), base: 'https://w3c.github.io/rdf-tests/rdf/rdf11/rdf-turtle/' },
  jsonld: { dir: path.join(W3C_DIR, 'jsonld'), base: 'https://w3c.github.io/json-ld-api/tests/' },
} as const;

/** Fails loudly, naming the path, when the test data is not where the tests expect it. */
export function requireW3cData(): void {
  if (!existsSync(W3C_DIR)) {
    throw new Error(
      `W3C test data not found at ${W3C_DIR}: the repository holds it in test/conformance/suites/ (W3C_TESTS_DIR overrides)`,
    );
  }
}

/** The local file behind a canonical test IRI (fragment dropped); throws for IRIs outside the suites. */
export function toLocalPath(iri: string): string {
  const bare = iri.replace(/#.*$/, '');
  for (const suite of Object.values(SUITES)) {
    if (bare.startsWith(suite.base)) return path.join(suite.dir, decodeURIComponent(bare.slice(suite.base.length)));
  }
  throw new Error(`No local copy of ${iri}: it lies outside the W3C test suites`);
}
