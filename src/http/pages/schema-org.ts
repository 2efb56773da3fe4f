// The schema.org data block of a resource page (JSON-LD in a <script>), for search engines.

import type { Quad, Term } from '@rdfjs/types';
import { DERIVED_TITLE } from '../../rdf/labels.ts';
import { DCTERMS, OA, OWL, RDFS, SCHEMA, SKOS, WGS84, XSD } from '../../vocab.ts';

/**
 * schema.org types for classes of resources that carry none in the data: entities carry theirs
 * (src/map/types.ts); of the provenance records, a quote is a schema:Quotation.
 */
const PRESENTATION_TYPES: Record<string, string> = {
  [OA('TextQuoteSelector')]: 'Quotation',
};

/**
 * The resource in schema.org terms, for search engines: the schema.org types the data asserts (or
 * one for a provenance record, else Thing), source names as `name`, a title derived from the data
 * (graph/derived) as `description` (it is not a name a source gives), `owl:sameAs`/`schema:sameAs`
 * as `sameAs`, WGS84 coordinates as `geo`, a quote's text as `text`, and every schema.org statement
 * as it is. The context is inline (`@vocab`), so no processor has to fetch one. A unit test checks
 * every page against the schema.org vocabulary (types exist; each property's domain admits a type).
 */
export function schemaOrgJsonLd(iri: string, own: Quad[], typeIris: string[], all: Quad[]): Record<string, unknown> {
  const doc: Record<string, unknown[] | unknown> = { '@context': { '@vocab': SCHEMA.iri, xsd: XSD.iri }, '@id': iri };
  const types = [
    ...new Set(
      typeIris
        .map((t) => (t.startsWith(SCHEMA.iri) ? t.slice(SCHEMA.iri.length) : PRESENTATION_TYPES[t]))
        .filter((t): t is string => Boolean(t)),
    ),
  ].sort();
  doc['@type'] = types.length ? types : ['Thing'];
  const add = (key: string, v: unknown) => {
    const list = (doc[key] as unknown[] | undefined) ?? [];
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
    doc[key] = list;
  };
  const literal = (t: Term) =>
    t.termType !== 'Literal'
      ? { '@id': t.value }
      : t.language
        ? { '@value': t.value, '@language': t.language }
        : t.datatype.value === XSD('string')
          ? t.value
          : { '@value': t.value, '@type': t.datatype.value };
  const nameOf = (target: string) =>
    all.find((q) => q.subject.value === target && q.predicate.value === RDFS('label'))?.object;
  const quotation = types.includes('Quotation');
  let lat: string | undefined;
  let long: string | undefined;
  for (const q of own) {
    const p = q.predicate.value;
    if (p === RDFS('label') || p === SKOS('prefLabel') || p === SCHEMA('name')) add('name', literal(q.object));
    else if (p === SKOS('altLabel')) add('alternateName', literal(q.object));
    else if (p === RDFS('comment') || p === DCTERMS('description') || p === DERIVED_TITLE)
      add('description', literal(q.object));
    else if (p === OWL('sameAs') || p === SCHEMA('sameAs')) add('sameAs', { '@id': q.object.value });
    else if (p === WGS84('lat')) lat = q.object.value;
    else if (p === WGS84('long')) long = q.object.value;
    else if (quotation && p === OA('exact')) add('text', literal(q.object));
    else if (quotation && p === DCTERMS('source')) add('isPartOf', { '@id': q.object.value });
    else if (p.startsWith(SCHEMA.iri) && q.object.termType !== 'BlankNode') {
      const name = q.object.termType === 'NamedNode' ? nameOf(q.object.value) : undefined;
      add(
        p.slice(SCHEMA.iri.length),
        q.object.termType === 'NamedNode'
          ? { '@id': q.object.value, ...(name ? { name: literal(name) } : {}) }
          : literal(q.object),
      );
    }
  }
  if (lat !== undefined && long !== undefined)
    doc.geo = { '@type': 'GeoCoordinates', latitude: Number(lat), longitude: Number(long) };
  return doc as Record<string, unknown>;
}
