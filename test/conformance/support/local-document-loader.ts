// A jsonld.js document loader for the W3C suites: local copies only, never the network.

import { readFileSync } from 'node:fs';
import { SUITES, toLocalPath } from './w3c.ts';

/** What a jsonld.js document loader returns. */
export interface RemoteDocument {
  contextUrl?: string;
  documentUrl: string;
  document: unknown;
}

/** Serves test-suite IRIs from the local copy; refuses every other URL (no network, ever). */
export async function localDocumentLoader(url: string): Promise<RemoteDocument> {
  if (!url.startsWith(SUITES.jsonld.base))
    throw new Error(`Refusing to load ${url}: the test document loader only serves local test files`);
  return { documentUrl: url, document: JSON.parse(readFileSync(toLocalPath(url), 'utf8')) };
}
