// JSON-LD in compacted form, written directly from the quads with our context (ontology/context.jsonld).
// jsonld.js's fromRDF + compact take seconds on this dataset; without blank nodes and with a flat
// context the compacted form is a plain grouping, checked against jsonld.js by the read-back tests.

import type { Quad, Term } from '@rdfjs/types';
import { RDF, XSD } from '../vocab.ts';
import { termToNT } from '../map/n-triples.ts';

type JsonValue = string | { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string };
type NodeObject = Record<string, unknown>;

interface TermDef {
  name: string;
  iri: string;
  /** `@id` for IRI values, a datatype IRI for typed literals, undefined for no coercion. */
  type?: string;
}

export interface JsonLdContext {
  '@context': Record<string, string | { '@id': string; '@type'?: string }>;
}

/** Prefixes that may be used in compact IRIs (their IRI ends in a gen-delim, as JSON-LD 1.1 requires). */
function contextTables(context: JsonLdContext) {
  const prefixes: Array<[string, string]> = [];
  const raw = context['@context'];
  const expand = (value: string) => {
    const colon = value.indexOf(':');
    const prefix = colon > 0 ? raw[value.slice(0, colon)] : undefined;
    return typeof prefix === 'string' ? prefix + value.slice(colon + 1) : value;
  };
  const terms = new Map<string, TermDef[]>();
  for (const [name, def] of Object.entries(raw)) {
    if (typeof def === 'string') {
      if (/[/#:?[\]@]$/.test(def)) prefixes.push([name, def]);
      continue;
    }
    const iri = expand(def['@id']);
    const type = def['@type'] === undefined ? undefined : def['@type'] === '@id' ? '@id' : expand(def['@type']);
    const list = terms.get(iri) ?? [];
    list.push({ name, iri, type });
    terms.set(iri, list);
  }
  // Longest namespace first, so the most specific prefix wins.
  prefixes.sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  return { prefixes, terms };
}

/** The compacted JSON-LD document (named graphs as `@graph` entries), deterministic for sorted input. */
export function toCompactJsonLd(
  quads: readonly Quad[],
  context: JsonLdContext,
): { '@context': unknown; '@graph': NodeObject[] } {
  const { prefixes, terms } = contextTables(context);
  const compactIri = (iri: string): string => {
    for (const [name, ns] of prefixes) {
      if (iri.startsWith(ns) && iri.length > ns.length && !iri.slice(ns.length).startsWith('//'))
        return `${name}:${iri.slice(ns.length)}`;
    }
    return iri;
  };
  const valueOf = (term: Term, def?: TermDef): JsonValue => {
    if (term.termType === 'NamedNode')
      return def?.type === '@id' ? compactIri(term.value) : { '@id': compactIri(term.value) };
    if (term.termType !== 'Literal')
      throw new Error(`JSON-LD dump: unexpected ${term.termType} (the dataset has no blank nodes)`);
    if (def?.type) return term.value;
    if (term.language) return { '@value': term.value, '@language': term.language };
    if (term.datatype.value === XSD('string')) return term.value;
    return { '@value': term.value, '@type': compactIri(term.datatype.value) };
  };
  const keyFor = (predicate: string, object: Term): [string, TermDef | undefined] => {
    for (const def of terms.get(predicate) ?? []) {
      if (
        def.type === '@id'
          ? object.termType === 'NamedNode'
          : def.type
            ? object.termType === 'Literal' && !object.language && object.datatype.value === def.type
            : true
      )
        return [def.name, def];
    }
    return [compactIri(predicate), undefined];
  };

  const graphs = new Map<string, Map<string, Quad[]>>();
  for (const q of quads) {
    if (q.graph.termType !== 'NamedNode') throw new Error('JSON-LD dump: every quad must be in a named graph');
    const subjects = graphs.get(q.graph.value) ?? new Map<string, Quad[]>();
    const list = subjects.get(q.subject.value) ?? [];
    list.push(q);
    subjects.set(q.subject.value, list);
    graphs.set(q.graph.value, subjects);
  }
  const out: NodeObject[] = [];
  for (const graph of [...graphs.keys()].sort()) {
    const nodes: NodeObject[] = [];
    const subjects = graphs.get(graph)!;
    for (const subject of [...subjects.keys()].sort()) {
      const node: NodeObject = { '@id': compactIri(subject) };
      const props = new Map<string, Array<[string, JsonValue]>>();
      const types: string[] = [];
      for (const q of subjects.get(subject)!) {
        if (q.predicate.value === RDF('type') && q.object.termType === 'NamedNode') {
          types.push(compactIri(q.object.value));
          continue;
        }
        const [key, def] = keyFor(q.predicate.value, q.object);
        const list = props.get(key) ?? [];
        list.push([termToNT(q.object), valueOf(q.object, def)]);
        props.set(key, list);
      }
      if (types.length) node['@type'] = types.length === 1 ? types[0] : types.sort();
      for (const key of [...props.keys()].sort()) {
        const values = props
          .get(key)!
          .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
          .map((v) => v[1]);
        node[key] = values.length === 1 ? values[0] : values;
      }
      nodes.push(node);
    }
    out.push({ '@id': compactIri(graph), '@graph': nodes });
  }
  return { '@context': context['@context'], '@graph': out };
}
