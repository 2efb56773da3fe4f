// One dump file and its gzip twin: rendered by the one writer of its syntax, written, measured and
// hashed. Shared by the build's main thread (N-Quads, N-Triples, and everything for small datasets)
// and the render workers (render-worker.ts), so both write the same bytes.

import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { DUMP_NAME } from '../dataset.ts';
import { JSON_LD, RDF_XML, TRIG, TURTLE, type RdfFormat } from '../rdf/formats.ts';
import { writeJsonLd, type JsonLdContext } from '../rdf/jsonld.ts';
import { writeRdfXml } from '../rdf/rdfxml.ts';
import { writeTrig, writeTurtle } from '../rdf/turtle.ts';
import type { DumpFile } from './describe-dataset.ts';

const { quad, defaultGraph } = N3.DataFactory;

/** What a writer renders from: the sorted quads (TriG, JSON-LD) or the union's grouped triples (Turtle, RDF/XML). */
export interface RenderInput {
  quads: readonly Quad[];
  prefixes: Record<string, string>;
  context: JsonLdContext;
}

/** The syntaxes whose text comes from a writer (N-Quads and N-Triples are the sort's own lines), and their input. */
export const WRITTEN: Record<
  string,
  { input: 'quads' | 'triples'; render: (input: RenderInput) => string | Promise<string> }
> = {
  [TURTLE.mediaType]: { input: 'triples', render: ({ quads, prefixes }) => writeTurtle(quads, prefixes) },
  [TRIG.mediaType]: { input: 'quads', render: ({ quads, prefixes }) => writeTrig(quads, prefixes) },
  // Indent 1: the file is large and read by programs.
  [JSON_LD.mediaType]: {
    input: 'quads',
    render: ({ quads, context }) => writeJsonLd(quads, { context, indent: 1 }),
  },
  [RDF_XML.mediaType]: { input: 'triples', render: ({ quads, prefixes }) => writeRdfXml(quads, prefixes) },
};

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

const gzipAsync = promisify(gzipCallback);

/**
 * Deterministic gzip: Node writes no file name and a zero mtime; the level is fixed. Asynchronous, so
 * on the main thread it runs in libuv's thread pool while the next file is rendered.
 */
export const gzip = (data: Buffer): Promise<Buffer> => gzipAsync(data, { level: 6 });

/** Write one file of dist/ into `dir`; its manifest entry. */
export async function putFile(
  dir: string,
  name: string,
  mediaType: string,
  body: Buffer,
  encoding?: 'gzip',
): Promise<DumpFile> {
  await writeFile(path.join(dir, name), body);
  return { path: name, mediaType, ...(encoding ? { encoding } : {}), bytes: body.length, sha256: sha256(body) };
}

/** Write the dump of `format` with `body` as its text, and its gzipped twin: their manifest entries. */
export async function putDump(dir: string, format: RdfFormat, body: Buffer): Promise<DumpFile[]> {
  const name = `${DUMP_NAME}.${format.extension}`;
  const zipped = gzip(body);
  const plain = await putFile(dir, name, format.mediaType, body);
  return [plain, await putFile(dir, `${name}.gz`, format.mediaType, await zipped, 'gzip')];
}

/** Render the dump of `format` (a WRITTEN syntax) and write it with its gzipped twin. */
export async function renderDump(dir: string, format: RdfFormat, input: RenderInput): Promise<DumpFile[]> {
  const writer = WRITTEN[format.mediaType];
  if (!writer) throw new Error(`No dump writer for ${format.mediaType}`);
  return putDump(dir, format, Buffer.from(await writer.render(input), 'utf8'));
}

/** Separates the term ids in {@link packQuads}' text; a dataset with an id containing it is sent as a list. */
const SEPARATOR = '\u0000';

/**
 * Quads as N3 term ids (`width` per quad: subject, predicate, object[, graph]), the compact form a render
 * worker receives: one string joined by NUL when no id contains one (a string is copied to a worker in
 * one piece; a list of millions of strings costs seconds to clone), else the list itself.
 */
export function packQuads(quads: readonly Quad[], width: 3 | 4): string | string[] {
  const ids = new Array<string>(quads.length * width);
  let i = 0;
  let clean = true;
  for (const q of quads) {
    const o = N3.termToId(q.object as N3.Term);
    if (o.includes(SEPARATOR)) clean = false;
    ids[i++] = N3.termToId(q.subject as N3.Term);
    ids[i++] = N3.termToId(q.predicate as N3.Term);
    ids[i++] = o;
    if (width === 4) ids[i++] = N3.termToId(q.graph as N3.Term);
  }
  // IRIs cannot hold NUL (IRIREF excludes control characters); literals can.
  return clean ? ids.join(SEPARATOR) : ids;
}

/** The quads back from {@link packQuads}. */
export function unpackQuads(packed: string | readonly string[], width: 3 | 4): Quad[] {
  const ids = typeof packed === 'string' ? (packed === '' ? [] : packed.split(SEPARATOR)) : packed;
  if (ids.length % width !== 0) throw new Error(`Packed quads: ${ids.length} ids is not a multiple of ${width}`);
  const out = new Array<Quad>(ids.length / width);
  for (let i = 0, j = 0; i < ids.length; i += width, j++) {
    out[j] = quad(
      N3.termFromId(ids[i]!) as N3.Quad_Subject,
      N3.termFromId(ids[i + 1]!) as N3.Quad_Predicate,
      N3.termFromId(ids[i + 2]!) as N3.Quad_Object,
      width === 4 ? (N3.termFromId(ids[i + 3]!) as N3.Quad_Graph) : defaultGraph(),
    );
  }
  return out;
}

/**
 * UTF-8 of the lines, each followed by a newline: encoded in slices and then concatenated (one joined
 * string of hundreds of megabytes is slower to build and to encode, and a large transient).
 */
export function encodeLines(list: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  const SLICE = 8192;
  for (let i = 0; i < list.length; i += SLICE)
    parts.push(Buffer.from(list.slice(i, i + SLICE).join('\n') + '\n', 'utf8'));
  return Buffer.concat(parts);
}
