// JSON-LD, the one writer. Compacted (the default profile) is written directly from the quads with a
// context of prefixes and simple terms: jsonld.js's fromRDF + compact take seconds on the dataset, and
// for such a context compaction is a plain grouping (checked against jsonld.js by the read-back tests).
// The expanded and flattened profiles, and contexts with other features, go through jsonld.js.

import { readFile } from 'node:fs/promises';
import type { Quad, Term } from '@rdfjs/types';
import { RDF, WRITER_PREFIXES, XSD } from '../vocab.ts';
import { termToNT, writeNQuads } from './n-triples.ts';
import { groupByGraphAndSubject } from './terms.ts';
import { N_QUADS } from './formats.ts';

export const JSONLD_PROFILES = {
  expanded: 'http://www.w3.org/ns/json-ld#expanded',
  compacted: 'http://www.w3.org/ns/json-ld#compacted',
  flattened: 'http://www.w3.org/ns/json-ld#flattened',
} as const;
export type JsonLdProfile = keyof typeof JSONLD_PROFILES;

/** A JSON-LD context: the value of `@context` (prefixes and term definitions). */
export type JsonLdContext = Record<string, unknown>;

export interface JsonLdOptions {
  /** Default compacted. */
  profile?: JsonLdProfile;
  /** The context of compacted and flattened documents; default: none (every IRI written whole). */
  context?: JsonLdContext;
  /** Spaces of indentation; default 2. */
  indent?: number;
}

/** Read the JSON-LD profile from an Accept parameter (`profile="…#expanded"`, a space-separated list allowed). */
export function jsonLdProfileFrom(profileParam: string | undefined): JsonLdProfile {
  for (const uri of (profileParam ?? '').split(/\s+/)) {
    for (const [name, iri] of Object.entries(JSONLD_PROFILES)) if (uri === iri) return name as JsonLdProfile;
  }
  return 'compacted';
}

/** A context of prefixes only (served and used when no context document exists). */
export function defaultContext(): JsonLdContext {
  return { ...WRITER_PREFIXES };
}

/** Read `@context` from a context document (ontology/context.jsonld); undefined when the file does not exist. */
export async function loadContext(path: string): Promise<JsonLdContext | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const doc = JSON.parse(text) as { '@context'?: JsonLdContext };
  if (!doc || typeof doc['@context'] !== 'object') throw new Error(`${path}: no "@context" object`);
  return doc['@context'];
}

/** JSON-LD of the quads in a profile; named graphs are kept as `@graph` members. */
export async function writeJsonLd(quads: readonly Quad[], options: JsonLdOptions = {}): Promise<string> {
  const { profile = 'compacted', context = {}, indent = 2 } = options;
  let doc: unknown;
  if (profile === 'compacted' && isSimpleContext(context)) doc = compactJsonLd(quads, context);
  else {
    // jsonld.js is large: loaded on first use (a query worker that never writes JSON-LD never pays for it).
    const { default: jsonld } = await import('jsonld');
    // useNativeTypes stays off so every literal round-trips with its exact lexical form and datatype.
    const expanded = await jsonld.fromRDF(writeNQuads(quads), {
      format: N_QUADS.mediaType,
      useNativeTypes: false,
      useRdfType: false,
    });
    if (profile === 'expanded') doc = expanded;
    else if (profile === 'flattened') doc = await jsonld.flatten(expanded, context as never);
    else doc = await jsonld.compact(expanded, context as never);
  }
  return JSON.stringify(doc, null, indent) + '\n';
}

/** Whether the context holds only prefixes and `{"@id", "@type"}` term definitions (no `@vocab`, `@language`, containers …). */
export function isSimpleContext(context: JsonLdContext): boolean {
  return Object.entries(context).every(([name, def]) => {
    if (name.startsWith('@')) return false;
    if (typeof def === 'string') return true;
    if (!def || typeof def !== 'object') return false;
    const keys = Object.keys(def);
    const d = def as Record<string, unknown>;
    return (
      typeof d['@id'] === 'string' &&
      keys.every((k) => k === '@id' || k === '@type') &&
      (d['@type'] === undefined ||
        (typeof d['@type'] === 'string' && (d['@type'] === '@id' || !d['@type'].startsWith('@'))))
    );
  });
}

type JsonValue = string | { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string };
type NodeObject = Record<string, unknown>;

interface TermDef {
  name: string;
  /** `@id` for IRI values, a datatype IRI for typed literals, undefined for no coercion. */
  type?: string;
}

/** Prefixes usable in compact IRIs (their IRI ends in a gen-delim, as JSON-LD 1.1 requires) and terms by IRI. */
function contextTables(context: JsonLdContext) {
  const prefixes: Array<[string, string]> = [];
  const expand = (value: string) => {
    const colon = value.indexOf(':');
    const prefix = colon > 0 ? context[value.slice(0, colon)] : undefined;
    return typeof prefix === 'string' ? prefix + value.slice(colon + 1) : value;
  };
  const terms = new Map<string, TermDef[]>();
  for (const [name, def] of Object.entries(context)) {
    if (typeof def === 'string') {
      if (/[/#:?[\]@]$/.test(def)) prefixes.push([name, def]);
      continue;
    }
    const d = def as { '@id': string; '@type'?: string };
    const iri = expand(d['@id']);
    const type = d['@type'] === undefined ? undefined : d['@type'] === '@id' ? '@id' : expand(d['@type']);
    const list = terms.get(iri) ?? [];
    list.push({ name, type });
    terms.set(iri, list);
  }
  // Longest namespace first, so the most specific prefix wins.
  prefixes.sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  return { prefixes, terms };
}

/**
 * The compacted document: `{"@context", "@graph": [...]}` with default-graph nodes and one
 * `{"@id": graph, "@graph": [...]}` per named graph; graphs, nodes, properties and values sorted, so
 * the same quads give the same bytes.
 */
export function compactJsonLd(
  quads: readonly Quad[],
  context: JsonLdContext,
): { '@context': unknown; '@graph': NodeObject[] } {
  const { prefixes, terms } = contextTables(context);
  const compactIri = (iri: string): string => {
    for (const [name, ns] of prefixes) {
      if (iri.startsWith(ns) && iri.length > ns.length && !iri.startsWith('//', ns.length))
        return `${name}:${iri.slice(ns.length)}`;
    }
    return iri;
  };
  const idOf = (term: Term): string => (term.termType === 'BlankNode' ? `_:${term.value}` : compactIri(term.value));
  const valueOf = (term: Term, def?: TermDef): JsonValue => {
    if (term.termType === 'NamedNode' || term.termType === 'BlankNode')
      return def?.type === '@id' ? idOf(term) : { '@id': idOf(term) };
    if (term.termType !== 'Literal') throw new Error(`JSON-LD cannot write a ${term.termType} object`);
    if (def?.type) return term.value;
    if (term.language) return { '@value': term.value, '@language': term.language };
    if (term.datatype.value === XSD('string')) return term.value;
    return { '@value': term.value, '@type': compactIri(term.datatype.value) };
  };
  const keyFor = (predicate: string, object: Term): [string, TermDef | undefined] => {
    for (const def of terms.get(predicate) ?? []) {
      const fits =
        def.type === '@id'
          ? object.termType === 'NamedNode' || object.termType === 'BlankNode'
          : def.type
            ? object.termType === 'Literal' && !object.language && object.datatype.value === def.type
            : true;
      if (fits) return [def.name, def];
    }
    return [compactIri(predicate), undefined];
  };

  // graph id ('' for the default graph) → subject id → quads
  const graphs = groupByGraphAndSubject(quads, (t) => (t.termType === 'DefaultGraph' ? '' : idOf(t)));
  const nodesOf = (subjects: Map<string, Quad[]>): Map<string, NodeObject> => {
    const nodes = new Map<string, NodeObject>();
    for (const [id, list] of subjects) {
      const node: NodeObject = { '@id': id };
      const props = new Map<string, Array<[string, JsonValue]>>();
      const types: string[] = [];
      for (const q of list) {
        if (q.predicate.value === RDF('type') && q.object.termType !== 'Literal') {
          types.push(idOf(q.object));
          continue;
        }
        const [key, def] = keyFor(q.predicate.value, q.object);
        const values = props.get(key);
        const entry: [string, JsonValue] = [termToNT(q.object), valueOf(q.object, def)];
        if (values) values.push(entry);
        else props.set(key, [entry]);
      }
      if (types.length) node['@type'] = types.length === 1 ? types[0] : [...new Set(types)].sort();
      for (const key of [...props.keys()].sort()) {
        const values = props.get(key)!.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        node[key] = values.length === 1 ? values[0][1] : values.map((v) => v[1]);
      }
      nodes.set(id, node);
    }
    return nodes;
  };
  // Top level: the default graph's nodes, and each named graph as a node holding its own `@graph`.
  const top = nodesOf(graphs.get('') ?? new Map());
  for (const [g, subjects] of graphs) {
    if (g === '') continue;
    const node = top.get(g) ?? { '@id': g };
    node['@graph'] = sortById([...nodesOf(subjects).values()]);
    top.set(g, node);
  }
  return { '@context': context, '@graph': sortById([...top.values()]) };
}

function sortById(nodes: NodeObject[]): NodeObject[] {
  return nodes.sort((a, b) =>
    (a['@id'] as string) < (b['@id'] as string) ? -1 : (a['@id'] as string) > (b['@id'] as string) ? 1 : 0,
  );
}
