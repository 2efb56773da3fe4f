// What is measured: each stored query as SPARQL JSON and CSV, a DESCRIBE and a CONSTRUCT in Turtle,
// entity dereference in three formats, the dump download; and how each peer is asked for it.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { checkQuery } from '../src/store/check-query.ts';
import type { QueryForm } from '../src/rdf/formats.ts';
import { GRAPH_NAMES, iris } from '../src/vocab.ts';
import type { HttpRequestSpec } from './load.ts';
import type { PeerName } from './peers.ts';

export type WorkGroup = 'sparql' | 'deref' | 'dump';

export interface Work {
  /** Stable id, e.g. `q:members:json` (repeated) or `q:members:json:distinct`. */
  id: string;
  group: WorkGroup;
  label: string;
  /** SPARQL text (group sparql). */
  query?: string;
  /** Media type asked for. */
  accept: string;
  /** Entity path (group deref), e.g. `/id/city/tokyo`. */
  path?: string;
  /** Part of the stored-query mix the targets speak of. */
  stored?: boolean;
  /**
   * `repeated`: the same text every request (a result cache answers all but the first); `distinct`:
   * every request a different text of the same shape, cost and result (`distinctVariant`), so no
   * cache can answer. Absent for work that is not a query.
   */
  mode?: QueryMode;
  /** The stored query's name (both modes of one query share it). */
  name?: string;
}

export type QueryMode = 'repeated' | 'distinct';

/**
 * The n-th distinct text of a query: a filter on a constant, true for every solution, added as the
 * last element of the WHERE group (before ORDER BY, GROUP BY, LIMIT …). The results and the plan are
 * those of the original; only the text differs, so neither our result cache nor a peer's can answer.
 * Throws when the query has no WHERE group to put it in, or the variant does not check as the same form.
 */
export function distinctVariant(text: string, n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`variant number must be a positive integer, got ${n}`);
  const close = lastGroupClose(text);
  if (close === -1) throw new Error('the query has no WHERE group ({ … }) to add a distinct filter to');
  return `${text.slice(0, close)}  FILTER(${n} > 0)\n${text.slice(close)}`;
}

/** Offset of the last `}` outside comments, strings and IRIs, or -1. */
function lastGroupClose(text: string): number {
  let last = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '<' && /^<[^\s<>"{}|^`\\]*>/.test(text.slice(i, i + 2048))) {
      i = text.indexOf('>', i);
    } else if (c === '}') last = i;
  }
  return last;
}

export interface DatasetTargets {
  /** IRI DESCRIBE and CONSTRUCT start from (the network). */
  network: string;
  /** Path of an entity to dereference. */
  entityPath: string;
}

const FORMATS = { json: 'application/sparql-results+json', csv: 'text/csv', ttl: 'text/turtle' } as const;

/** The stored queries: `queries/*.rq` of the project, or the bench's own set when that folder is empty. */
export function storedQueries(root: string): { name: string; text: string; source: string }[] {
  for (const dir of ['queries', 'bench/queries']) {
    let files: string[];
    try {
      files = readdirSync(path.join(root, dir))
        .filter((f) => f.endsWith('.rq'))
        .sort();
    } catch {
      continue;
    }
    if (files.length > 0)
      return files.map((f) => ({
        name: f.slice(0, -3),
        text: readFileSync(path.join(root, dir, f), 'utf8'),
        source: dir,
      }));
  }
  return [];
}

/** The query form, as the project's own query check reads it. */
export function queryForm(text: string): QueryForm {
  return checkQuery(text).form;
}

/** A distinct variant must check as the same form (so a bad insertion fails before any peer runs it). */
function checkVariant(name: string, text: string, form: QueryForm): void {
  const variant = distinctVariant(text, 1);
  const checked = checkQuery(variant);
  if (checked.form !== form) throw new Error(`${name}: the distinct variant is a ${checked.form}, not a ${form}`);
}

/** The work list for one dataset. */
export function workList(root: string, targets: DatasetTargets, options: { only?: RegExp } = {}): Work[] {
  const list: Work[] = [];
  for (const q of storedQueries(root)) {
    const form = queryForm(q.text);
    const formats =
      form === 'SELECT' ? (['json', 'csv'] as const) : form === 'ASK' ? (['json'] as const) : (['ttl'] as const);
    for (const f of formats) {
      for (const mode of ['repeated', 'distinct'] as const) {
        if (mode === 'distinct') checkVariant(q.name, q.text, form);
        list.push({
          id: `q:${q.name}:${f}${mode === 'distinct' ? ':distinct' : ''}`,
          group: 'sparql',
          label: `${q.name} (${f.toUpperCase()}, ${mode})`,
          query: q.text,
          accept: FORMATS[f],
          stored: true,
          mode,
          name: q.name,
        });
      }
    }
  }
  list.push({
    id: 'describe:ttl',
    group: 'sparql',
    label: 'DESCRIBE network (Turtle)',
    query: `DESCRIBE <${targets.network}>`,
    accept: FORMATS.ttl,
  });
  list.push({
    id: 'construct:ttl',
    group: 'sparql',
    label: 'CONSTRUCT members (Turtle)',
    accept: FORMATS.ttl,
    query: `PREFIX org: <http://www.w3.org/ns/org#>\nCONSTRUCT { ?city org:memberOf <${targets.network}> ; ?p ?o } WHERE { ?city org:memberOf <${targets.network}> ; ?p ?o }`,
  });
  for (const [f, accept] of [
    ['ttl', 'text/turtle'],
    ['jsonld', 'application/ld+json'],
    ['html', 'text/html'],
  ] as const) {
    list.push({
      id: `deref:${f}`,
      group: 'deref',
      label: `dereference entity (${f})`,
      path: targets.entityPath,
      accept,
    });
  }
  list.push({ id: 'dump:nq', group: 'dump', label: 'dump download (N-Quads)', accept: 'application/n-quads' });
  return options.only ? list.filter((w) => options.only!.test(w.id)) : list;
}

/** Which peers take part in a work item (the first is the baseline of its ratios). */
export function peersFor(work: Work): PeerName[] {
  switch (work.group) {
    case 'sparql':
      return ['oxigraph', 'ours', 'comunica', 'virtuoso'];
    case 'deref':
    case 'dump':
      return ['bare', 'ours'];
  }
}

/** The graphs of our dataset, named to Virtuoso so it leaves out its own system graphs. */
export function datasetGraphs(base?: string): string[] {
  const ids = iris(base);
  return GRAPH_NAMES.map((g) => ids.graph(g));
}

/** Variant numbers are never reused within a bench process, so no slice meets a text an earlier one sent. */
let nextVariant = 1;

/** The query text of the next request: the same every time (repeated), or a fresh variant (distinct). */
export function nextQuery(work: Work): string {
  if (work.query === undefined) throw new Error(`${work.id} is not a query`);
  return work.mode === 'distinct' ? distinctVariant(work.query, nextVariant++) : work.query;
}

/**
 * What a peer is sent for a work item: one request (repeated queries, dereference, dumps) or, for
 * distinct queries, a function making each request with a fresh variant.
 */
export function requestsFor(peer: PeerName, work: Work, base?: string): HttpRequestSpec | (() => HttpRequestSpec) {
  if (work.mode !== 'distinct') return requestFor(peer, work, base);
  return () => requestFor(peer, { ...work, query: nextQuery(work), mode: 'repeated' }, base);
}

/** The HTTP request a peer gets for a work item (a distinct query's own text as it stands). */
export function requestFor(peer: PeerName, work: Work, base?: string): HttpRequestSpec {
  const headers = { Accept: work.accept };
  // The bare server answers /document with the bytes our server sent for this request (run.ts puts them there).
  if (work.group === 'deref') return { method: 'GET', path: peer === 'bare' ? '/document' : work.path!, headers };
  if (work.group === 'dump')
    return {
      method: 'GET',
      path: peer === 'bare' ? '/dump' : '/dumps/anmc21.nq',
      headers: { ...headers, 'Accept-Encoding': 'identity' },
    };
  const params = new URLSearchParams({ query: work.query! });
  if (peer === 'virtuoso') {
    // Union of our graphs as the default graph and the same graphs as named graphs, as ours does.
    for (const g of datasetGraphs(base)) params.append('default-graph-uri', g);
    for (const g of datasetGraphs(base)) params.append('named-graph-uri', g);
  }
  return { method: 'GET', path: `/sparql?${params}`, headers };
}
