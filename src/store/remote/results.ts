// The remote store's answers read into terms (SPARQL JSON results, N-Triples), and our answer written
// from them in the format the client asked for, by the one writer of each syntax (rdf/).

import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { formatsForQuery, JSON_LD, N_TRIPLES, rdfFormatOf, type QueryForm } from '../../rdf/formats.ts';
import { serializeQuads } from '../../rdf/serialize.ts';
import { readJsonResults, writeResults, type SolutionsOrBoolean } from '../../rdf/sparql-results.ts';
import type { QueryResult } from '../store.ts';
import { causeText, RemoteStoreError } from './errors.ts';
import { readVirtuosoJsonTerm } from './virtuoso.ts';

/** SPARQL JSON results from the store, its terms normalised (virtuoso.ts). */
export function readSparqlJson(json: string): SolutionsOrBoolean {
  try {
    return readJsonResults(json, readVirtuosoJsonTerm);
  } catch (error) {
    throw new RemoteStoreError('http', `The SPARQL store's JSON results did not parse: ${causeText(error)}`, {
      cause: error,
    });
  }
}

/** A graph answer from the store (asked for as N-Triples: its Turtle can alter literals). */
export function readNTriples(text: string): Quad[] {
  try {
    return new Parser({ format: N_TRIPLES.mediaType, blankNodePrefix: '' }).parse(text);
  } catch (error) {
    throw new RemoteStoreError('http', `The SPARQL store's N-Triples did not parse: ${causeText(error)}`, {
      cause: error,
    });
  }
}

/** Our answer in `mediaType`: a results syntax that fits the form, or an RDF syntax for a graph. */
export async function serialiseResult(
  form: QueryForm,
  result: QueryResult,
  mediaType: string,
  truncated: boolean,
  maxRows: number,
): Promise<string> {
  const supported = formatsForQuery(form).map((f) => f.mediaType);
  const unsupported = () =>
    new RemoteStoreError(
      'unsupported',
      `Cannot write ${form} results as ${mediaType}; supported: ${supported.join(', ')}`,
    );
  if (result.type === 'quads') {
    const format = rdfFormatOf(mediaType);
    if (!format) throw unsupported();
    // Same shape as the worker pool's JSON-LD (expanded).
    return serializeQuads(result.quads, format, format === JSON_LD ? { profile: 'expanded' } : {});
  }
  if (!supported.includes(mediaType)) throw unsupported();
  return writeResults(result, mediaType, { truncated, maxRows });
}
