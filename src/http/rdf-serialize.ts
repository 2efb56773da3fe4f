// Serialise quads in every RDF format the publisher offers: Turtle, TriG, N-Triples, N-Quads (N3.js),
// JSON-LD (jsonld.js, compacted with our context unless another profile is asked for) and RDF/XML.

import { readFile } from 'node:fs/promises';
import type { Quad, Term } from '@rdfjs/types';
import jsonld from 'jsonld';
import { DataFactory, Writer } from 'n3';
import { writeTrig, writeTurtle } from '../rdf/turtle.ts';
import { FOAF, GEO, PREFIXES, RDF, SD, SPDX, VANN } from '../vocab.ts';

/** Prefixes offered to writers: vocab.ts PREFIXES plus the ones dataset descriptions use. */
export const SERIALIZE_PREFIXES: Record<string, string> = {
  ...PREFIXES,
  spdx: SPDX.iri,
  sd: SD.iri,
  foaf: FOAF.iri,
  geo: GEO.iri,
  vann: VANN.iri,
};

/** Media types this module writes. Triple formats merge the graphs; N-Quads and TriG keep them. */
export type SerializableMediaType =
  | 'text/turtle'
  | 'application/trig'
  | 'application/n-triples'
  | 'application/n-quads'
  | 'application/ld+json'
  | 'application/rdf+xml';

export const JSONLD_PROFILES = {
  expanded: 'http://www.w3.org/ns/json-ld#expanded',
  compacted: 'http://www.w3.org/ns/json-ld#compacted',
  flattened: 'http://www.w3.org/ns/json-ld#flattened',
} as const;
export type JsonLdProfile = keyof typeof JSONLD_PROFILES;

/** A JSON-LD context: the value of `@context`. */
export type JsonLdContext = Record<string, unknown>;

export interface SerializeOptions {
  /** Prefixes offered to Turtle/TriG/RDF/XML; only those used are written. Default: vocab.ts PREFIXES. */
  prefixes?: Record<string, string>;
  /** Context for compacted/flattened JSON-LD. Default: {@link defaultContext} of the prefixes. */
  context?: JsonLdContext;
  /** JSON-LD form; default compacted. */
  profile?: JsonLdProfile;
}

/** Whether a media type keeps named graphs. */
export function isDatasetFormat(mediaType: SerializableMediaType): boolean {
  return mediaType === 'application/n-quads' || mediaType === 'application/trig';
}

/** Read the JSON-LD profile from an Accept parameter (`profile="…#expanded"`, space-separated list allowed). */
export function jsonLdProfileFrom(profileParam: string | undefined): JsonLdProfile {
  for (const uri of (profileParam ?? '').split(/\s+/)) {
    for (const [name, iri] of Object.entries(JSONLD_PROFILES)) if (uri === iri) return name as JsonLdProfile;
  }
  return 'compacted';
}

/** A JSON-LD context made of prefixes (used when ontology/context.jsonld does not exist). */
export function defaultContext(prefixes: Record<string, string> = SERIALIZE_PREFIXES): JsonLdContext {
  return { ...prefixes };
}

/** Load `@context` from a context document (ontology/context.jsonld); undefined when the file does not exist. */
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

/** Serialise quads. Triple formats drop graph names (duplicates merge); dataset formats keep them. */
export async function serializeQuads(
  quads: readonly Quad[],
  mediaType: SerializableMediaType,
  options: SerializeOptions = {},
): Promise<string> {
  const prefixes = options.prefixes ?? SERIALIZE_PREFIXES;
  const input = groupBySubject(isDatasetFormat(mediaType) ? dedupe(quads) : dedupe(quads.map(toTriple)));
  switch (mediaType) {
    // The one Turtle/TriG writer (rdf/turtle.ts): rdf:type first, then names, each subject in one block.
    case 'text/turtle':
      return writeTurtle(input, prefixes);
    case 'application/trig':
      return writeTrig(input, prefixes);
    case 'application/n-triples':
      return writeN3(input, 'N-Triples', {});
    case 'application/n-quads':
      return writeN3(input, 'N-Quads', {});
    case 'application/ld+json':
      return writeJsonLd(input, options.profile ?? 'compacted', options.context ?? defaultContext(prefixes));
    case 'application/rdf+xml':
      return writeRdfXml(input, prefixes);
  }
}

/** Stable grouping by graph, then subject, in first-seen order (so the described resource stays first and writers do not repeat blocks). */
function groupBySubject(quads: readonly Quad[]): Quad[] {
  const groups = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = `${termKey(q.graph)} ${termKey(q.subject)}`;
    const list = groups.get(key);
    if (list) list.push(q);
    else groups.set(key, [q]);
  }
  const byGraph = new Map<string, Quad[]>();
  for (const list of groups.values()) {
    const g = termKey(list[0].graph);
    byGraph.set(g, [...(byGraph.get(g) ?? []), ...list]);
  }
  return [...byGraph.values()].flat();
}

function toTriple(q: Quad): Quad {
  return q.graph.termType === 'DefaultGraph'
    ? q
    : DataFactory.quad(q.subject as never, q.predicate as never, q.object as never);
}

function dedupe(quads: readonly Quad[]): Quad[] {
  const seen = new Set<string>();
  const out: Quad[] = [];
  for (const q of quads) {
    const key = `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(q);
    }
  }
  return out;
}

function termKey(t: Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language}^^${t.datatype.value}`;
  return `${t.termType[0]}${t.value}`;
}

function writeN3(quads: readonly Quad[], format: string, prefixes: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ format, prefixes });
    writer.addQuads(quads as Quad[]);
    writer.end((err: Error | null, result: string) => (err ? reject(err) : resolve(result)));
  });
}

async function writeJsonLd(quads: readonly Quad[], profile: JsonLdProfile, context: JsonLdContext): Promise<string> {
  const nquads = await writeN3(quads, 'N-Quads', {});
  // useNativeTypes stays off so every literal round-trips with its exact lexical form and datatype.
  const expanded = await jsonld.fromRDF(nquads, {
    format: 'application/n-quads',
    useNativeTypes: false,
    useRdfType: false,
  });
  let doc: unknown;
  if (profile === 'expanded') doc = expanded;
  else if (profile === 'flattened') doc = await jsonld.flatten(expanded, context as never);
  else doc = await jsonld.compact(expanded, context as never);
  return JSON.stringify(doc, null, 2) + '\n';
}

// --- RDF/XML -------------------------------------------------------------------------------

const NCNAME_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NCNAME_TAIL = new RegExp(`[${NCNAME_START}][${NCNAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`);
// XML 1.0 cannot carry these characters at all, even escaped.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/**
 * RDF/XML (striped syntax, one rdf:Description per subject). Named graphs are not representable
 * and were already merged. A predicate IRI that cannot be split into namespace + NCName, or a
 * literal with characters XML forbids, makes the document unwritable: that throws.
 */
export function writeRdfXml(quads: readonly Quad[], prefixes: Record<string, string> = SERIALIZE_PREFIXES): string {
  const namespaces = new Map<string, string>([[RDF.iri, 'rdf']]);
  for (const [name, ns] of Object.entries(prefixes)) if (!namespaces.has(ns)) namespaces.set(ns, name);
  const used = new Set<string>([RDF.iri]);
  let generated = 0;
  const qname = (iri: string): string => {
    const m = NCNAME_TAIL.exec(iri);
    if (!m || m.index === 0) throw new Error(`RDF/XML cannot write predicate <${iri}>: it does not end in an XML name`);
    const ns = iri.slice(0, m.index);
    let prefix = namespaces.get(ns);
    if (prefix === undefined) {
      prefix = `ns${++generated}`;
      namespaces.set(ns, prefix);
    }
    used.add(ns);
    return `${prefix}:${m[0]}`;
  };
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const key = termKey(q.subject);
    const list = bySubject.get(key);
    if (list) list.push(q);
    else bySubject.set(key, [q]);
  }
  const body: string[] = [];
  for (const group of bySubject.values()) {
    const s = group[0].subject;
    const about =
      s.termType === 'BlankNode' ? `rdf:nodeID="${xmlAttr(nodeId(s.value))}"` : `rdf:about="${xmlAttr(s.value)}"`;
    body.push(`  <rdf:Description ${about}>`);
    for (const q of group) {
      const p = qname(q.predicate.value);
      const o = q.object;
      if (o.termType === 'NamedNode') body.push(`    <${p} rdf:resource="${xmlAttr(o.value)}"/>`);
      else if (o.termType === 'BlankNode') body.push(`    <${p} rdf:nodeID="${xmlAttr(nodeId(o.value))}"/>`);
      else if (o.termType === 'Literal') {
        if (XML_FORBIDDEN.test(o.value))
          throw new Error(`RDF/XML cannot write a literal containing characters XML 1.0 forbids`);
        const attrs = o.language
          ? ` xml:lang="${xmlAttr(o.language)}"`
          : o.datatype.value === 'http://www.w3.org/2001/XMLSchema#string'
            ? ''
            : ` rdf:datatype="${xmlAttr(o.datatype.value)}"`;
        body.push(`    <${p}${attrs}>${xmlText(o.value)}</${p}>`);
      } else throw new Error(`RDF/XML cannot write a ${o.termType} object`);
    }
    body.push('  </rdf:Description>');
  }
  const xmlns = [...namespaces]
    .filter(([ns]) => used.has(ns))
    .map(([ns, prefix]) => `\n    xmlns:${prefix}="${xmlAttr(ns)}"`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${xmlns.join('')}>\n${body.join('\n')}${body.length ? '\n' : ''}</rdf:RDF>\n`;
}

/** rdf:nodeID must be an NCName; blank node labels from stores may not be. */
function nodeId(label: string): string {
  return 'b' + label.replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`);
}

function xmlText(text: string): string {
  // `\r` would be normalised away by XML parsers; `>` after `]]` must be escaped.
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

function xmlAttr(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => `&#${c.charCodeAt(0)};`);
}
