// W3C JSON-LD 1.1 toRdf and fromRdf suites against jsonld.js with a document loader that never touches the network.

import { readFileSync } from 'node:fs';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { describe } from 'vitest';
import { isomorphic } from './support/isomorphism.ts';
import { runSuite, type SuiteTest } from './support/suite.ts';
import { requireW3cData, SUITES, toLocalPath } from './support/w3c.ts';
import { JSONLD_SKIPS } from './skip/jsonld.ts';
import { localDocumentLoader } from './support/local-document-loader.ts';

requireW3cData();

interface JsonLdTest {
  '@id': string;
  '@type': string[];
  name: string;
  input: string;
  expect?: string;
  expectErrorCode?: string;
  option?: {
    specVersion?: string;
    processingMode?: 'json-ld-1.0' | 'json-ld-1.1';
    base?: string;
    expandContext?: string;
    produceGeneralizedRdf?: boolean;
    rdfDirection?: 'i18n-datatype' | 'compound-literal';
    useNativeTypes?: boolean;
    useRdfType?: boolean;
  };
}

/** The error code a jsonld.js error carries (`details.code`), following causes. */
function errorCode(error: unknown): string | undefined {
  const details = (error as { details?: { code?: string; cause?: unknown } })?.details;
  return details?.code ?? (details?.cause ? errorCode(details.cause) : undefined);
}

/** JSON-LD object comparison (test-suite README): arrays unordered except `@list` values. */
function sameJsonLd(a: unknown, b: unknown, ordered = false): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (ordered) return a.every((item, i) => sameJsonLd(item, b[i]));
    const left = [...b];
    return a.every((item) => {
      const at = left.findIndex((other) => sameJsonLd(item, other));
      return at >= 0 && left.splice(at, 1).length === 1;
    });
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(
      (k) => k in b && sameJsonLd((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], k === '@list'),
    );
  }
  return a === b;
}

function jsonLdTest(kind: 'toRdf' | 'fromRdf', test: JsonLdTest): SuiteTest {
  const id = `${SUITES.jsonld.base}${kind}-manifest${test['@id']}`;
  const option = test.option ?? {};
  const outOfScope = option.specVersion === 'json-ld-1.0' ? 'json-ld-1.0-only test (we run JSON-LD 1.1)' : undefined;
  const inputIri = SUITES.jsonld.base + test.input;
  const common = {
    documentLoader: localDocumentLoader,
    ...(option.processingMode ? { processingMode: option.processingMode } : {}),
    ...(option.rdfDirection ? { rdfDirection: option.rdfDirection } : {}),
  };

  const produce = async (): Promise<unknown> => {
    if (kind === 'toRdf') {
      const expandContext = option.expandContext
        ? (await localDocumentLoader(SUITES.jsonld.base + option.expandContext)).document
        : undefined;
      // A string input is fetched through the document loader (the @types only admit documents).
      return jsonld.toRDF(
        inputIri as never,
        {
          ...common,
          format: 'application/n-quads',
          base: option.base ?? inputIri,
          ...(expandContext ? { expandContext: expandContext as never } : {}),
          ...(option.produceGeneralizedRdf ? { produceGeneralizedRdf: true } : {}),
        } as never,
      );
    }
    return jsonld.fromRDF(readFileSync(toLocalPath(inputIri), 'utf8'), {
      ...common,
      format: 'application/n-quads',
      ...(option.useNativeTypes ? { useNativeTypes: true } : {}),
      ...(option.useRdfType ? { useRdfType: true } : {}),
    } as never);
  };

  const run = async () => {
    if (test['@type'].includes('jld:NegativeEvaluationTest')) {
      let code: string | undefined;
      try {
        await produce();
      } catch (error) {
        code = errorCode(error) ?? `(no code: ${(error as Error).message})`;
      }
      if (code !== test.expectErrorCode)
        throw new Error(
          `Expected error "${test.expectErrorCode}", got ${code === undefined ? 'no error' : `"${code}"`}`,
        );
      return;
    }
    const actual = await produce();
    if (test['@type'].includes('jld:PositiveSyntaxTest')) return;
    const expectedText = readFileSync(toLocalPath(SUITES.jsonld.base + test.expect!), 'utf8');
    if (kind === 'toRdf') {
      const parse = (text: string) => new Parser({ format: 'application/n-quads' }).parse(text);
      if (!isomorphic(parse(actual as string), parse(expectedText))) {
        throw new Error(`Datasets not isomorphic.\nactual:\n${actual as string}\nexpected:\n${expectedText}`);
      }
    } else if (!sameJsonLd(actual, JSON.parse(expectedText))) {
      throw new Error(`JSON-LD differs.\nactual:\n${JSON.stringify(actual, null, 1)}\nexpected:\n${expectedText}`);
    }
  };
  return { id, name: test.name, outOfScope, run };
}

for (const kind of ['toRdf', 'fromRdf'] as const) {
  describe(`W3C JSON-LD ${kind}`, () => {
    const manifest = JSON.parse(readFileSync(toLocalPath(`${SUITES.jsonld.base}${kind}-manifest.jsonld`), 'utf8')) as {
      sequence: JsonLdTest[];
    };
    runSuite(
      `jsonld ${kind}`,
      manifest.sequence.map((test) => jsonLdTest(kind, test)),
      JSONLD_SKIPS[kind],
    );
  });
}
