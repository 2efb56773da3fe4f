// Test helpers: parse a response body in any RDF format with independent parsers (N3.js, jsonld.js,
// rdfxml-streaming-parser) and compare graphs by URDNA2015 canonical form (blank nodes renamed).

import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Parser, Writer } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';

export async function parseRdf(text: string, mediaType: string, baseIRI = 'http://127.0.0.1/'): Promise<Quad[]> {
  switch (mediaType) {
    case 'text/turtle':
    case 'application/trig':
    case 'application/n-triples':
    case 'application/n-quads':
      return new Parser({ format: mediaType, baseIRI }).parse(text);
    case 'application/ld+json': {
      const nquads = (await jsonld.toRDF(JSON.parse(text), { format: 'application/n-quads' })) as unknown as string;
      return new Parser({ format: 'application/n-quads' }).parse(nquads);
    }
    case 'application/rdf+xml':
      return new Promise((resolve, reject) => {
        const quads: Quad[] = [];
        const parser = new RdfXmlParser({ baseIRI });
        parser.on('data', (q: Quad) => quads.push(q));
        parser.on('error', reject);
        parser.on('end', () => resolve(quads));
        parser.write(text);
        parser.end();
      });
    default:
      throw new Error(`No parser for ${mediaType}`);
  }
}

/** Drop graph names (for triple formats). */
export function triplesOf(quads: readonly Quad[]): Quad[] {
  return quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
}

/** Canonical N-Quads (URDNA2015), duplicates removed: equal strings mean isomorphic datasets. */
export async function canonical(quads: readonly Quad[]): Promise<string> {
  const nquads = await new Promise<string>((resolve, reject) => {
    const writer = new Writer({ format: 'N-Quads' });
    writer.addQuads(quads as Quad[]);
    writer.end((err: Error | null, out: string) => (err ? reject(err) : resolve(out)));
  });
  const canonize = jsonld.canonize as unknown as (input: string, options: object) => Promise<string>;
  const canon = await canonize(nquads, { algorithm: 'URDNA2015', inputFormat: 'application/n-quads' });
  return [...new Set(canon.split('\n').filter(Boolean))].sort().join('\n');
}
