// The one table of formats (after Oxigraph's RdfFormat / QueryResultsFormat): every media type, file
// extension, `format=` name, label and W3C format IRI the project writes, and which query forms each fits.
//
// Name rules, the same on every route and query form (docs/sparql.md, docs/publishing.md):
// - a format is named by its extension, its media type, one of its `names`, or one of its `aliases`
//   (other media types clients send for it); case-insensitive, media-type parameters ignored;
// - `xml` and `json` are families: a name of any member of a family picks the member that fits the
//   answer (RDF/XML or JSON-LD for a graph, SPARQL results XML or JSON for SELECT/ASK), as SPARQLWrapper,
//   Fuseki and Virtuoso use them; a client asking a CONSTRUCT for `application/sparql-results+xml`
//   (roqet) gets RDF/XML;
// - a name of a format that cannot carry the answer (csv for a graph, ttl for a SELECT) is a 406;
//   a name of no format is a 400.

import { FORMATS } from '../vocab.ts';

/** The SPARQL query forms. */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

interface FormatFacts {
  /** The media type written in Content-Type. */
  readonly mediaType: string;
  /** File extension without the dot (`/id/city/tokyo.ttl`, `dist/anmc21.ttl`). */
  readonly extension: string;
  /** Short names accepted by `format=` besides the extension and the media type. */
  readonly names: readonly string[];
  /** Other media types that mean this format (`text/n3` for Turtle); served under `mediaType`. */
  readonly aliases: readonly string[];
  /** Human name, for listings and links. */
  readonly label: string;
  /** The format's IRI under http://www.w3.org/ns/formats/ (Service Description `sd:resultFormat`). */
  readonly iri?: string;
  /** `xml` / `json`: see the name rules above. */
  readonly family?: 'xml' | 'json';
}

/** An RDF syntax. */
export interface RdfFormat extends FormatFacts {
  readonly kind: 'rdf';
  /** Carries named graphs (N-Quads, TriG); the others merge the graphs of what they write. */
  readonly dataset: boolean;
}

/** A SPARQL query results syntax. */
export interface ResultsFormat extends FormatFacts {
  readonly kind: 'results';
  /** Has a boolean form (ASK); CSV and TSV define none. */
  readonly boolean: boolean;
}

/** A page for people. */
export interface PageFormat extends FormatFacts {
  readonly kind: 'page';
}

/** A changeset syntax: the changes between two versions of a dataset. */
export interface PatchFormat extends FormatFacts {
  readonly kind: 'patch';
}

export type Format = RdfFormat | ResultsFormat | PageFormat | PatchFormat;

type Table<F extends Format> = Omit<F, 'kind' | 'aliases' | 'names'> & Partial<Pick<F, 'aliases' | 'names'>>;
const rdf = <const F extends Table<RdfFormat>>(f: F) =>
  ({ kind: 'rdf', names: [], aliases: [], ...f }) as const satisfies RdfFormat;
const results = <const F extends Table<ResultsFormat>>(f: F) =>
  ({ kind: 'results', names: [], aliases: [], ...f }) as const satisfies ResultsFormat;

export const TURTLE = rdf({
  mediaType: 'text/turtle',
  extension: 'ttl',
  names: ['turtle', 'n3'],
  // N3 is a superset of Turtle: an N3 client reads Turtle.
  aliases: ['text/n3', 'application/x-turtle'],
  label: 'Turtle',
  iri: FORMATS('Turtle'),
  dataset: false,
});
export const N_TRIPLES = rdf({
  mediaType: 'application/n-triples',
  extension: 'nt',
  names: ['ntriples', 'n-triples'],
  aliases: ['text/plain'],
  label: 'N-Triples',
  iri: FORMATS('N-Triples'),
  dataset: false,
});
export const JSON_LD = rdf({
  mediaType: 'application/ld+json',
  extension: 'jsonld',
  names: ['json-ld'],
  aliases: ['application/json'],
  label: 'JSON-LD',
  iri: FORMATS('JSON-LD'),
  family: 'json',
  dataset: true,
});
export const RDF_XML = rdf({
  mediaType: 'application/rdf+xml',
  extension: 'rdf',
  names: ['rdfxml', 'rdf-xml', 'rdf+xml', 'owl'],
  aliases: ['application/xml', 'text/xml'],
  label: 'RDF/XML',
  iri: FORMATS('RDF_XML'),
  family: 'xml',
  dataset: false,
});
export const N_QUADS = rdf({
  mediaType: 'application/n-quads',
  extension: 'nq',
  names: ['nquads', 'n-quads'],
  label: 'N-Quads',
  iri: FORMATS('N-Quads'),
  dataset: true,
});
export const TRIG = rdf({
  mediaType: 'application/trig',
  extension: 'trig',
  label: 'TriG',
  iri: FORMATS('TriG'),
  dataset: true,
});

export const RESULTS_JSON = results({
  mediaType: 'application/sparql-results+json',
  extension: 'srj',
  aliases: ['application/json'],
  label: 'SPARQL Results JSON',
  iri: FORMATS('SPARQL_Results_JSON'),
  family: 'json',
  boolean: true,
});
export const RESULTS_XML = results({
  mediaType: 'application/sparql-results+xml',
  extension: 'srx',
  aliases: ['application/xml', 'text/xml'],
  label: 'SPARQL Results XML',
  iri: FORMATS('SPARQL_Results_XML'),
  family: 'xml',
  boolean: true,
});
export const RESULTS_CSV = results({
  mediaType: 'text/csv',
  extension: 'csv',
  label: 'CSV',
  iri: FORMATS('SPARQL_Results_CSV'),
  boolean: false,
});
export const RESULTS_TSV = results({
  mediaType: 'text/tab-separated-values',
  extension: 'tsv',
  label: 'TSV',
  iri: FORMATS('SPARQL_Results_TSV'),
  boolean: false,
});

export const HTML = {
  kind: 'page',
  mediaType: 'text/html',
  extension: 'html',
  names: ['htm'],
  aliases: [],
  label: 'HTML',
} as const satisfies PageFormat;

/** RDF Patch (https://afs.github.io/rdf-patch/): the changesets between releases (docs/releases.md). */
export const RDF_PATCH = {
  kind: 'patch',
  mediaType: 'application/rdf-patch',
  extension: 'rdfp',
  names: ['patch', 'rdf-patch'],
  aliases: [],
  label: 'RDF Patch',
} as const satisfies PatchFormat;

/** Every RDF syntax, in the order graph results prefer them (the first answers `*\/*`). */
export const RDF_FORMATS = [TURTLE, N_TRIPLES, JSON_LD, RDF_XML, N_QUADS, TRIG] as const;
/** Every results syntax, in the order SELECT prefers them. */
export const RESULTS_FORMATS = [RESULTS_JSON, RESULTS_XML, RESULTS_CSV, RESULTS_TSV] as const;

export type RdfMediaType = (typeof RDF_FORMATS)[number]['mediaType'];
export type ResultsMediaType = (typeof RESULTS_FORMATS)[number]['mediaType'];

/** The formats that can carry the answer of a query form, in the server's order of preference. */
export function formatsForQuery(form: QueryForm): readonly (RdfFormat | ResultsFormat)[] {
  if (form === 'SELECT') return RESULTS_FORMATS;
  if (form === 'ASK') return RESULTS_FORMATS.filter((f) => f.boolean);
  return RDF_FORMATS;
}

/** Whether a query form answers with a graph (CONSTRUCT, DESCRIBE) rather than solutions or a boolean. */
export function isGraphForm(form: QueryForm): boolean {
  return form === 'CONSTRUCT' || form === 'DESCRIBE';
}

/** The RDF syntax whose own media type this is (aliases are for negotiation, see chooseFormat), if any. */
export function rdfFormatOf(mediaType: string): RdfFormat | undefined {
  const type = bareMediaType(mediaType);
  const formats: readonly RdfFormat[] = RDF_FORMATS;
  return formats.find((f) => f.mediaType === type);
}

/** The results syntax whose own media type this is, if any. */
export function resultsFormatOf(mediaType: string): ResultsFormat | undefined {
  const type = bareMediaType(mediaType);
  const formats: readonly ResultsFormat[] = RESULTS_FORMATS;
  return formats.find((f) => f.mediaType === type);
}

/** `text/turtle; charset=utf-8` → `text/turtle`. */
export function bareMediaType(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** Every format the project knows, for "is this a known name at all". */
const ALL_FORMATS: readonly Format[] = [...RDF_FORMATS, ...RESULTS_FORMATS, HTML, RDF_PATCH];

function namedBy(format: Format, token: string): boolean {
  return (
    format.extension === token ||
    format.mediaType === token ||
    format.names.includes(token) ||
    format.aliases.includes(token)
  );
}

/** What a `format=` value names among a route's candidates. */
export type FormatLookup<F extends Format> =
  | { found: F }
  /** A known format that cannot carry this answer (406). */
  | { unfit: Format }
  /** No format (400). */
  | { unknown: true };

/**
 * Resolve a `format=` value (or an extension) among `candidates`, by the name rules at the top of
 * this file: the candidate it names, else the candidate of the same family, else the known format it
 * names (unfit here), else unknown.
 */
export function lookupFormat<F extends Format>(candidates: readonly F[], value: string): FormatLookup<F> {
  const token = value.includes('/') ? bareMediaType(value) : value.trim().toLowerCase();
  const direct = candidates.find((f) => namedBy(f, token));
  if (direct) return { found: direct };
  const known = ALL_FORMATS.find((f) => namedBy(f, token)) ?? familyOf(token);
  if (known?.family) {
    const sibling = candidates.find((f) => f.family === known.family);
    if (sibling) return { found: sibling };
  }
  return known ? { unfit: known } : { unknown: true };
}

/** The bare family names: `xml`, `json`. */
function familyOf(token: string): Format | undefined {
  return token === 'xml' ? RDF_XML : token === 'json' ? JSON_LD : undefined;
}

/**
 * Media types a client may send for the candidates besides their own (aliases, and the other members
 * of their families), each with the candidate it stands for. Offered at a lower server quality, so a
 * format's own media type always wins a tie.
 */
export function aliasOffers<F extends Format>(candidates: readonly F[]): { mediaType: string; format: F }[] {
  const own = new Set(candidates.map((f) => f.mediaType));
  const out = new Map<string, F>();
  for (const format of candidates) {
    const members = format.family ? ALL_FORMATS.filter((f) => f.family === format.family) : [format];
    for (const type of [...format.aliases, ...members.flatMap((f) => [f.mediaType, ...f.aliases])]) {
      if (!own.has(type) && !out.has(type)) out.set(type, format);
    }
  }
  return [...out].map(([mediaType, format]) => ({ mediaType, format }));
}

/** The `format=` names a list of formats takes, for messages and docs: `ttl (text/turtle)`, … */
export function describeFormats(formats: readonly Format[]): string {
  return formats.map((f) => `${f.extension} (${f.mediaType})`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Media types that are not RDF or results syntaxes.

export const MEDIA_TYPES = {
  html: HTML.mediaType,
  json: 'application/json',
  problemJson: 'application/problem+json',
  text: 'text/plain',
  csv: RESULTS_CSV.mediaType,
  tsv: RESULTS_TSV.mediaType,
  gzip: 'application/gzip',
  octetStream: 'application/octet-stream',
  css: 'text/css',
  javascript: 'text/javascript',
  /** RFC 6690 link format: Memento TimeMaps (RFC 7089 §5). */
  linkFormat: 'application/link-format',
  /** SPARQL Protocol request bodies. */
  formUrlEncoded: 'application/x-www-form-urlencoded',
  sparqlQuery: 'application/sparql-query',
  sparqlUpdate: 'application/sparql-update',
} as const;

/** Media types by file extension, for files served from disk (dist/, assets). */
const FILE_TYPES: Record<string, string> = {
  ...Object.fromEntries(RDF_FORMATS.map((f) => [f.extension, f.mediaType])),
  json: MEDIA_TYPES.json,
  gz: MEDIA_TYPES.gzip,
  csv: MEDIA_TYPES.csv,
  tsv: MEDIA_TYPES.tsv,
  txt: MEDIA_TYPES.text,
  html: MEDIA_TYPES.html,
  css: MEDIA_TYPES.css,
  js: MEDIA_TYPES.javascript,
  [RDF_PATCH.extension]: RDF_PATCH.mediaType,
};

/** The media type of a file by its extension; `application/octet-stream` when unknown. */
export function mediaTypeOfFile(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot < 0 ? undefined : FILE_TYPES[name.slice(dot + 1).toLowerCase()]) ?? MEDIA_TYPES.octetStream;
}

/** The RDF syntax of a file by its extension (`anmc21.ttl`), if any. */
export function rdfFormatOfFile(name: string): RdfFormat | undefined {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  return RDF_FORMATS.find((f) => f.extension === ext);
}

/** Content-Type for a media type: text formats (all RDF and results syntaxes, JSON, HTML) say UTF-8. */
export function contentType(mediaType: string): string {
  const textual =
    mediaType.startsWith('text/') ||
    mediaType === MEDIA_TYPES.json ||
    mediaType === MEDIA_TYPES.problemJson ||
    ALL_FORMATS.some((f) => f.mediaType === mediaType);
  return textual ? `${mediaType}; charset=utf-8` : mediaType;
}
