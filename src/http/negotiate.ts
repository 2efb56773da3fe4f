// Content negotiation: parse Accept / Accept-Language / Accept-Encoding (RFC 9110 §12) and pick a
// representation by q-value, then specificity, then the server's order.

import {
  aliasOffers,
  describeFormats,
  HTML,
  JSON_LD,
  lookupFormat,
  N_QUADS,
  N_TRIPLES,
  RDF_XML,
  TRIG,
  TURTLE,
  type Format,
} from '../rdf/formats.ts';
import type { ServerResponse } from 'node:http';
import { HttpError } from './http-error.ts';

export type { Format } from '../rdf/formats.ts';

/** One media range of an Accept header, e.g. `text/*;q=0.5`. Type and subtype are lower-cased. */
export interface MediaRange {
  type: string;
  subtype: string;
  /** Parameters other than `q` (and accept-extensions after it), names lower-cased, values unquoted. */
  params: Record<string, string>;
  /** 0 to 1. */
  q: number;
}

/** What negotiation chose: a supported media type and the range of the request that matched it. */
export interface Negotiated {
  mediaType: string;
  /** The Accept range that gave the type its quality (absent when the request had no Accept). */
  range?: MediaRange;
  q: number;
}

// RFC 9110 token characters.
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Longest Accept-like header we read; longer ones are refused rather than parsed. */
export const MAX_ACCEPT_LENGTH = 4096;

/**
 * Parse an Accept header. An absent or empty header means `*\/*`. A malformed one throws
 * HttpError 400 naming the bad part (the caller answers in a neutral format, since the client's
 * preference is unknown).
 */
export function parseAccept(header: string | undefined): MediaRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*', subtype: '*', params: {}, q: 1 }];
  if (header.length > MAX_ACCEPT_LENGTH) {
    throw new HttpError(400, `Accept header too long (${header.length} characters, at most ${MAX_ACCEPT_LENGTH})`);
  }
  const ranges: MediaRange[] = [];
  for (const part of splitList(header)) {
    if (part === '') continue; // RFC 9110 §5.6.1: empty list elements are ignored
    const [mediaType, ...paramTexts] = splitParams(part);
    const slash = mediaType.indexOf('/');
    const type = mediaType.slice(0, slash).trim().toLowerCase();
    const subtype = mediaType
      .slice(slash + 1)
      .trim()
      .toLowerCase();
    if (slash < 0 || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) {
      throw new HttpError(400, `Malformed Accept header: "${truncate(part)}" is not a media range (type/subtype)`);
    }
    const range: MediaRange = { type, subtype, params: {}, q: 1 };
    let seenQ = false;
    for (const paramText of paramTexts) {
      const eq = paramText.indexOf('=');
      const name = (eq < 0 ? paramText : paramText.slice(0, eq)).trim().toLowerCase();
      let value = eq < 0 ? '' : paramText.slice(eq + 1).trim();
      if (!TOKEN.test(name))
        throw new HttpError(400, `Malformed Accept header: bad parameter "${truncate(paramText)}"`);
      if (value.startsWith('"')) {
        if (value.length < 2 || !value.endsWith('"')) {
          throw new HttpError(400, `Malformed Accept header: unterminated quoted string in "${truncate(paramText)}"`);
        }
        value = value.slice(1, -1).replace(/\\(.)/g, '$1');
      }
      if (name === 'q') {
        range.q = parseQuality(value, 'Accept');
        seenQ = true;
      } else if (!seenQ) {
        // Parameters after q are accept-extensions, not part of the media range.
        range.params[name] = value;
      }
    }
    ranges.push(range);
  }
  return ranges;
}

/** Parse a q-value (`0`, `0.5`, `1.000`); anything else is a 400. */
export function parseQuality(text: string, header: string): number {
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text)) {
    throw new HttpError(
      400,
      `Malformed ${header} header: q-value "${truncate(text)}" must be a number from 0 to 1 with at most 3 decimals`,
    );
  }
  return Number(text);
}

/** How specifically `range` matches `mediaType` (-1: no match; 0: `*\/*`; 1: `type/*`; 2: exact; 3: exact with matching parameters). */
function specificity(range: MediaRange, mediaType: string, params: Record<string, string>): number {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  if (range.type === '*') return 0;
  if (range.type !== type) return -1;
  if (range.subtype === '*') return 1;
  if (range.subtype !== subtype) return -1;
  const names = Object.keys(range.params).filter((n) => n !== 'charset' && n !== 'profile');
  if (names.length === 0) return 2;
  // A range with parameters the type does not carry does not match it (RFC 9110 §12.5.1).
  return names.every((n) => params[n] !== undefined && params[n].toLowerCase() === range.params[n].toLowerCase())
    ? 3
    : -1;
}

/** An offer of the server: a media type, optional parameters it always carries, and a server-side quality (default 1). */
export interface Offer {
  mediaType: string;
  params?: Record<string, string>;
  /** Server-side quality multiplier (like Apache's qs), 0 to 1. */
  qs?: number;
}

/**
 * Choose among `offers` (in the server's order of preference) for the given ranges. Each offer
 * takes the q of the most specific range matching it; the highest q×qs wins; ties go to the offer
 * listed first. Offers whose q is 0 are never chosen. Undefined when nothing is acceptable.
 */
export function negotiateMediaType(
  ranges: readonly MediaRange[],
  offers: readonly (Offer | string)[],
): Negotiated | undefined {
  let best: Negotiated | undefined;
  let bestScore = 0;
  for (const raw of offers) {
    const offer: Offer = typeof raw === 'string' ? { mediaType: raw } : raw;
    let match: MediaRange | undefined;
    let matchSpecificity = -1;
    for (const range of ranges) {
      const s = specificity(range, offer.mediaType, offer.params ?? {});
      // Among equally specific ranges (a client repeating a type), the higher q counts.
      if (s > matchSpecificity || (s === matchSpecificity && s >= 0 && match !== undefined && range.q > match.q)) {
        match = range;
        matchSpecificity = s;
      }
    }
    if (!match || matchSpecificity < 0) continue;
    const score = match.q * (offer.qs ?? 1);
    if (score > bestScore) {
      best = { mediaType: offer.mediaType, range: match, q: match.q };
      bestScore = score;
    }
  }
  return best;
}

/** Parse the Accept header of a request and negotiate, or throw 406 listing what is available. */
export function negotiateOrThrow(accept: string | undefined, offers: readonly (Offer | string)[]): Negotiated {
  const chosen = negotiateMediaType(parseAccept(accept), offers);
  if (!chosen) throw notAcceptable(offers);
  return chosen;
}

/** The 406 error for a set of offers: its message lists every supported type. */
export function notAcceptable(offers: readonly (Offer | string)[]): HttpError {
  const types = offers.map((o) => (typeof o === 'string' ? o : o.mediaType));
  return new HttpError(406, `None of the requested media types is available. Supported: ${types.join(', ')}`, {
    details: { supported: types },
  });
}

/** One entry of Accept-Language or Accept-Encoding: a token (lower-cased) and its q. */
export interface WeightedToken {
  value: string;
  q: number;
}

/** Parse Accept-Language / Accept-Encoding style lists (`en-GB, en;q=0.8, *;q=0.1`). Malformed entries give 400. */
export function parseWeightedList(header: string | undefined, headerName: string): WeightedToken[] {
  if (header === undefined || header.trim() === '') return [];
  if (header.length > MAX_ACCEPT_LENGTH) throw new HttpError(400, `${headerName} header too long`);
  const out: WeightedToken[] = [];
  for (const part of splitList(header)) {
    if (part === '') continue;
    const [valueText, ...params] = splitParams(part);
    const value = valueText.trim().toLowerCase();
    if (!/^(?:\*|[a-z0-9]+(?:-[a-z0-9]+)*|[!#$%&'*+.^_`|~0-9a-z-]+)$/.test(value)) {
      throw new HttpError(400, `Malformed ${headerName} header: "${truncate(part)}"`);
    }
    let q = 1;
    for (const p of params) {
      const [name, v] = p.split('=').map((s) => s.trim());
      if (name.toLowerCase() === 'q') q = parseQuality(v ?? '', headerName);
    }
    out.push({ value, q });
  }
  return out;
}

/**
 * Pick a language among `available` (BCP 47 tags, as in the data, e.g. `zh-Hant`, `en`, `ja`) by
 * Accept-Language basic filtering (RFC 4647 §3.3.1): a range matches a tag equal to it or starting
 * with it and `-`. Returns the available tag, or undefined when nothing is acceptable.
 */
export function negotiateLanguage(
  acceptLanguage: string | undefined,
  available: readonly string[],
): string | undefined {
  const ranges = parseWeightedList(acceptLanguage, 'Accept-Language').filter((r) => r.q > 0);
  ranges.sort((a, b) => b.q - a.q); // stable: header order breaks ties
  for (const range of ranges) {
    for (const tag of available) {
      const t = tag.toLowerCase();
      if (range.value === '*' || t === range.value || t.startsWith(range.value + '-')) return tag;
    }
    // A request for `zh-TW` may still take `zh-Hant`: fall back to the primary subtag.
    const primary = range.value.split('-')[0];
    for (const tag of available) {
      if (tag.toLowerCase().split('-')[0] === primary) return tag;
    }
  }
  return undefined;
}

/** Whether the request accepts an encoding (`gzip`) per Accept-Encoding; `identity` is always acceptable unless refused. */
export function acceptsEncoding(acceptEncoding: string | undefined, encoding: string): boolean {
  const entries = parseWeightedList(acceptEncoding, 'Accept-Encoding');
  const exact = entries.find((e) => e.value === encoding);
  if (exact) return exact.q > 0;
  const star = entries.find((e) => e.value === '*');
  return star ? star.q > 0 : false;
}

/** Split a comma-separated header, keeping commas inside quoted strings. */
function splitList(header: string): string[] {
  return splitOutsideQuotes(header, ',').map((s) => s.trim());
}

function splitParams(part: string): string[] {
  return splitOutsideQuotes(part, ';');
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === separator && !quoted) {
      out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current);
  return out;
}

function truncate(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** The representations of a resource's document, in the server's order of preference (the order breaks q ties). */
export const DOCUMENT_FORMATS: readonly Format[] = [TURTLE, HTML, JSON_LD, N_TRIPLES, RDF_XML, N_QUADS, TRIG];

/** The outcome of choosing a format: the format, and the Accept range that chose it (for parameters such as a JSON-LD profile). */
export interface ChosenFormat<F extends Format = Format> {
  format: F;
  range?: MediaRange;
  /** How it was chosen: an explicit extension or `?format=` overrides Accept. */
  by: 'extension' | 'parameter' | 'accept';
}

export interface FormatRequest<F extends Format> {
  accept?: string;
  /** `?format=`: one value, or several (SPARQLWrapper sends `format=tsv&format=text/tab-separated-values`). */
  formatParam?: unknown;
  extension?: F;
}

export interface ChooseOptions {
  /** What is being answered, for messages: `a CONSTRUCT result`, `this document`. */
  answer?: string;
  /**
   * Formats of the other kind (results for a graph, RDF for solutions): an Accept that names only such
   * formats gets the first of `formats` instead of a 406 (roqet asks every query for SPARQL results XML).
   */
  otherKind?: readonly Format[];
}

/**
 * Choose a format: a file extension wins, then `?format=`, then Accept (with the aliases and families
 * of rdf/formats.ts, at a lower server quality than the formats' own media types). A `format=` value
 * that names no format is a 400 listing the known names, one that names a format that cannot carry the
 * answer a 406; nothing acceptable is a 406 listing the media types.
 */
export function chooseFormat<F extends Format>(
  formats: readonly F[],
  request: FormatRequest<F>,
  options: ChooseOptions = {},
): ChosenFormat<F> {
  if (request.extension) return { format: request.extension, by: 'extension' };
  const values = (Array.isArray(request.formatParam) ? request.formatParam : [request.formatParam]).filter(
    (v) => v !== undefined && v !== '',
  );
  if (values.length > 0) return { format: formatFromParam(formats, values, options), by: 'parameter' };
  const ranges = parseAccept(request.accept);
  // An alias never brings back a type the client refused outright (`text/turtle;q=0, text/n3`).
  const aliases = aliasOffers(formats).filter((a) => !refused(ranges, a.format.mediaType));
  const offers: Offer[] = [
    ...formats.map((f) => ({ mediaType: f.mediaType })),
    ...aliases.map((a) => ({ mediaType: a.mediaType, qs: ALIAS_QUALITY })),
  ];
  const chosen = negotiateMediaType(ranges, offers);
  if (chosen) {
    const format =
      formats.find((f) => f.mediaType === chosen.mediaType) ??
      aliases.find((a) => a.mediaType === chosen.mediaType)!.format;
    return { format, range: chosen.range, by: 'accept' };
  }
  if (options.otherKind && namesOnly(ranges, options.otherKind)) return { format: formats[0]!, by: 'accept' };
  throw notAcceptable(formats.map((f) => f.mediaType));
}

/** Server quality of an alias offer: the format's own media type wins a tie. */
const ALIAS_QUALITY = 0.9;

function formatFromParam<F extends Format>(formats: readonly F[], values: unknown[], options: ChooseOptions): F {
  const found = new Set<F>();
  for (const value of values) {
    if (typeof value !== 'string') throw new HttpError(400, 'The format parameter must be a string');
    const lookup = lookupFormat(formats, value);
    if ('found' in lookup) found.add(lookup.found);
    else if ('unfit' in lookup) {
      throw new HttpError(
        406,
        `format=${truncate(value)} (${lookup.unfit.mediaType}) cannot carry ${options.answer ?? 'this answer'}. Supported: ${describeFormats(formats)}`,
        { details: { supported: formats.map((f) => f.mediaType) } },
      );
    } else {
      throw new HttpError(400, `Unknown format "${truncate(value)}". Known: ${describeFormats(formats)}`);
    }
  }
  if (found.size > 1) {
    throw new HttpError(
      400,
      `The format parameter names ${found.size} different formats (${[...found].map((f) => f.extension).join(', ')}); give one`,
    );
  }
  return [...found][0]!;
}

/** Whether an Accept range of the client refuses this exact media type (q=0). */
function refused(ranges: readonly MediaRange[], mediaType: string): boolean {
  const [type, subtype] = mediaType.split('/');
  return ranges.some((r) => r.q === 0 && r.type === type && r.subtype === subtype);
}

/** Whether every range the client accepts (q > 0) names one of `formats` (by media type or alias), and there is one. */
function namesOnly(ranges: readonly MediaRange[], formats: readonly Format[]): boolean {
  const types = new Set(formats.flatMap((f) => [f.mediaType, ...f.aliases]));
  const wanted = ranges.filter((r) => r.q > 0);
  return wanted.length > 0 && wanted.every((r) => types.has(`${r.type}/${r.subtype}`));
}

/**
 * Add a request header to the response's Vary (once; `*` covers all), as Express's `res.vary` does, for
 * responses that may be answered before Express.
 */
export function varyOn(res: ServerResponse, field: string): void {
  const current = res.getHeader('Vary');
  if (current === undefined || current === '') {
    res.setHeader('Vary', field);
    return;
  }
  const fields = String(current)
    .split(',')
    .map((f) => f.trim().toLowerCase());
  if (!fields.includes('*') && !fields.includes(field.toLowerCase()))
    res.setHeader('Vary', `${String(current)}, ${field}`);
}
