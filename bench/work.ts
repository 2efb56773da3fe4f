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
  /** Stable id, e.g. `q:members:json`. */
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

/** The work list for one dataset. */
export function workList(root: string, targets: DatasetTargets, options: { only?: RegExp } = {}): Work[] {
  const list: Work[] = [];
  for (const q of storedQueries(root)) {
    const form = queryForm(q.text);
    const formats =
      form === 'SELECT' ? (['json', 'csv'] as const) : form === 'ASK' ? (['json'] as const) : (['ttl'] as const);
    for (const f of formats)
      list.push({
        id: `q:${q.name}:${f}`,
        group: 'sparql',
        label: `${q.name} (${f.toUpperCase()})`,
        query: q.text,
        accept: FORMATS[f],
        stored: true,
      });
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

/** The HTTP request a peer gets for a work item. */
export function requestFor(peer: PeerName, work: Work, base?: string): HttpRequestSpec {
  const headers = { Accept: work.accept };
  if (work.group === 'deref') return { method: 'GET', path: peer === 'bare' ? '/' : work.path!, headers };
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
