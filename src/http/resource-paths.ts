// Where resources answer: every IRI under the base at the same path on this server (`BASE + p` at
// `/p`), the ontology namespace at `/ontology…`; a format extension (`.ttl`) names a document.

import type { Request } from 'express';
import { ANMC, type Iris, ONTOLOGY_IRI } from '../vocab.ts';
import { DOCUMENT_FORMATS, type Format } from './negotiate.ts';

/** A request path split into the resource path and a format extension (`/id/city/tokyo.ttl`). */
export interface ResourcePath {
  /** Decoded path without the extension, e.g. `/id/city/tokyo`. */
  path: string;
  /** The known format the extension names. */
  extension?: Format;
  /** An extension that names no format (kept in `path`; mentioned if the resource is not found). */
  unknownExtension?: string;
}

/** Split a decoded path into resource path and known format extension. */
export function splitExtension(decodedPath: string): ResourcePath {
  const m = /^(.*\/[^/]+)\.([A-Za-z0-9]+)$/.exec(decodedPath);
  if (!m) return { path: decodedPath };
  const format = DOCUMENT_FORMATS.find((f) => f.extension === m[2].toLowerCase());
  return format ? { path: m[1], extension: format } : { path: decodedPath, unknownExtension: m[2] };
}

/** The request's resource path: its decoded path split at a format extension. */
export function resourcePathOf(req: Request): ResourcePath {
  return splitExtension(decodeURIComponent(req.path));
}

/** The IRI a server path stands for: the ontology namespace at /ontology, everything else under the base. */
export function iriForPath(path: string, iris: Iris): string {
  if (path === '/ontology') return ONTOLOGY_IRI;
  if (path.startsWith('/ontology/')) return ANMC(path.slice('/ontology/'.length));
  return iris.base + path.slice(1);
}

/** The path on this server of an IRI it serves, or undefined for an IRI outside the base and ontology. */
export function pathForIri(iri: string, iris: Iris): string | undefined {
  if (iri === ONTOLOGY_IRI) return '/ontology';
  if (iri.startsWith(ANMC.iri)) return '/ontology/' + encodePath(iri.slice(ANMC.iri.length));
  if (iri.startsWith(iris.base)) return '/' + encodePath(iri.slice(iris.base.length));
  return undefined;
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
