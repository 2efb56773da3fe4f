// Memento (RFC 7089), the protocol side: Accept-Datetime read strictly, HTTP dates written, the Link
// relations between an Original Resource, its TimeGate, its TimeMap and its Mementos, and the TimeMap in
// application/link-format (RFC 6690). Which release answers is release/archive.ts's decision.
//
// The pattern (RFC 7089 §4.1.1, Pattern 1.1): every IRI under id/ and graph/ is an Original Resource that
// is its own TimeGate, with 302-style negotiation: a request with Accept-Datetime is redirected to the
// Memento at /releases/{version}/… . docs/releases.md says why.

import { MEDIA_TYPES } from '../rdf/formats.ts';
import { HttpError } from './http-error.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const RFC1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/**
 * Accept-Datetime (RFC 7089 §2.1.1): an rfc1123-date such as `Sun, 06 Nov 1994 08:49:37 GMT`, nothing
 * else. Undefined when absent; a malformed value (other date formats, an impossible date, a weekday that
 * is not the date's) is a 400, as RFC 7089 requires of a TimeGate.
 */
export function readAcceptDatetime(header: string | undefined): Date | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  const m = RFC1123.exec(text);
  const fail = (why: string) =>
    new HttpError(
      400,
      `Malformed Accept-Datetime ${JSON.stringify(text.slice(0, 64))}: ${why}. RFC 7089 takes an RFC 1123 date such as "Sun, 06 Nov 1994 08:49:37 GMT"`,
      { headers: { Vary: 'Accept-Datetime' } },
    );
  if (!m) throw fail('not an RFC 1123 date in GMT');
  const [, day, dd, mon, yyyy, hh, mi, ss] = m;
  const date = new Date(Date.UTC(Number(yyyy), MONTHS.indexOf(mon!), Number(dd), Number(hh), Number(mi), Number(ss)));
  if (
    date.getUTCDate() !== Number(dd) ||
    date.getUTCHours() !== Number(hh) ||
    date.getUTCMinutes() !== Number(mi) ||
    date.getUTCSeconds() !== Number(ss)
  )
    throw fail('no such date or time');
  if (DAYS[date.getUTCDay()] !== day) throw fail(`${dd} ${mon} ${yyyy} is a ${DAYS[date.getUTCDay()]}, not a ${day}`);
  return date;
}

/** An HTTP date (IMF-fixdate, RFC 9110 §5.6.7): Memento-Datetime and the `datetime` link attribute. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** One memento as the links name it. */
export interface MementoRef {
  url: string;
  datetime: Date;
}

/** What a Link header or TimeMap says about one Original Resource. */
export interface MementoLinks {
  original: string;
  /** The TimeGate: the Original Resource itself (Pattern 1.1). */
  timegate: string;
  timemap: string;
  /** Every memento, oldest first (at least one). */
  mementos: readonly MementoRef[];
}

/**
 * Link header entries for a response about one Original Resource: `original timegate`, `timemap`, and
 * the first and last mementos, plus for a memento itself its `prev` and `next` (RFC 7089 §2.2). A URL
 * that plays several roles is written once with all its relation types (`rel="first last memento"`).
 */
export function mementoLinkValues(links: MementoLinks, current?: MementoRef): string[] {
  const out = [
    `<${links.original}>; rel="original timegate"`,
    `<${links.timemap}>; rel="timemap"; type="${MEDIA_TYPES.linkFormat}"`,
  ];
  const roles = new Map<string, { datetime: Date; rels: string[] }>();
  const role = (m: MementoRef | undefined, rel: string) => {
    if (!m) return;
    const entry = roles.get(m.url) ?? { datetime: m.datetime, rels: [] };
    entry.rels.push(rel);
    roles.set(m.url, entry);
  };
  const { mementos } = links;
  role(mementos[0], 'first');
  role(mementos.at(-1), 'last');
  if (current) {
    const i = mementos.findIndex((m) => m.url === current.url);
    role(mementos[i - 1], 'prev');
    role(mementos[i + 1], 'next');
  }
  for (const [url, { datetime, rels }] of roles) {
    out.push(`<${url}>; rel="${[...new Set(rels)].join(' ')} memento"; datetime="${httpDate(datetime)}"`);
  }
  return out;
}

/** The TimeMap (RFC 7089 §5) in application/link-format: original, self (with its span), timegate, every memento. */
export function writeLinkFormatTimeMap(links: MementoLinks): string {
  const { mementos } = links;
  const first = mementos[0]!;
  const last = mementos.at(-1)!;
  const rows = [
    `<${links.original}>; rel="original"`,
    `<${links.timemap}>; rel="self"; type="${MEDIA_TYPES.linkFormat}"; from="${httpDate(first.datetime)}"; until="${httpDate(last.datetime)}"`,
    `<${links.timegate}>; rel="timegate"`,
    ...mementos.map((m, i) => {
      const rel = [i === 0 ? 'first' : '', i === mementos.length - 1 ? 'last' : '', 'memento']
        .filter(Boolean)
        .join(' ');
      return `<${m.url}>; rel="${rel}"; datetime="${httpDate(m.datetime)}"`;
    }),
  ];
  return rows.join(',\n') + '\n';
}
