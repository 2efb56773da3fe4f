// Quads to text in any RDF syntax of formats.ts, through the one writer of each syntax. A syntax
// without named graphs gets the merge of the graphs (each triple once); one with them keeps them.

import type { Quad } from '@rdfjs/types';
import { DataFactory } from 'n3';
import { WRITER_PREFIXES } from '../vocab.ts';
import { JSON_LD, N_QUADS, N_TRIPLES, RDF_XML, TRIG, TURTLE, type RdfFormat } from './formats.ts';
import { writeJsonLd, type JsonLdContext, type JsonLdProfile } from './jsonld.ts';
import { writeNQuads, writeNTriples } from './n-triples.ts';
import { writeRdfXml } from './rdfxml.ts';
import { groupByGraphAndSubject, quadKey } from './terms.ts';
import { usedPrefixes, writeTrig, writeTurtle } from './turtle.ts';

export interface SerializeOptions {
  /** Prefixes offered to Turtle, TriG and RDF/XML (only those used are written). Default: vocab.ts WRITER_PREFIXES. */
  prefixes?: Record<string, string>;
  /** Context of compacted and flattened JSON-LD. Default: the prefixes the quads use. */
  context?: JsonLdContext;
  /** JSON-LD profile; default compacted. */
  profile?: JsonLdProfile;
  /** Merge the named graphs even though the syntax could keep them (JSON-LD documents for triple-minded clients). */
  mergeGraphs?: boolean;
}

/**
 * Serialise quads. Subjects are grouped (graph, then subject, in first-seen order, so a described
 * resource stays first and writers do not repeat blocks); duplicates are written once.
 */
export async function serializeQuads(
  quads: readonly Quad[],
  format: RdfFormat,
  options: SerializeOptions = {},
): Promise<string> {
  const prefixes = options.prefixes ?? WRITER_PREFIXES;
  const keep = format.dataset && !options.mergeGraphs;
  const input = groupBySubject(dedupe(keep ? quads : quads.map(dropGraph)));
  switch (format.mediaType) {
    case TURTLE.mediaType:
      return writeTurtle(input, prefixes);
    case TRIG.mediaType:
      return writeTrig(input, prefixes);
    case N_TRIPLES.mediaType:
      return writeNTriples(input);
    case N_QUADS.mediaType:
      return writeNQuads(input);
    case JSON_LD.mediaType:
      return writeJsonLd(input, {
        profile: options.profile,
        context: options.context ?? usedPrefixes(input, prefixes),
      });
    case RDF_XML.mediaType:
      return writeRdfXml(input, prefixes);
    default:
      throw new TypeError(`No writer for ${format.mediaType}`);
  }
}

function dropGraph(q: Quad): Quad {
  return q.graph.termType === 'DefaultGraph'
    ? q
    : DataFactory.quad(q.subject as never, q.predicate as never, q.object as never);
}

function dedupe(quads: readonly Quad[]): Quad[] {
  const seen = new Set<string>();
  return quads.filter((q) => {
    const key = quadKey(q);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Stable grouping by graph, then subject, in first-seen order. */
function groupBySubject(quads: readonly Quad[]): Quad[] {
  return [...groupByGraphAndSubject(quads).values()].flatMap((subjects) => [...subjects.values()].flat());
}
