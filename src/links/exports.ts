// Exports for Wikidata-side tools, generated from the graph (never uploaded): a Mix'n'match catalog
// (CSV and TSV) and a QuickStatements (v1) batch that would add the verified facts it knows.

import type { Term } from '@rdfjs/types';
import { selectRows } from '../store/select-rows.ts';
import type { Store } from '../store/store.ts';
import { ANMC, DCTERMS, FOAF, ORG, OWL, PROV, RDF, TIME, WD, WIKIDATA_ITEMS, XSD } from '../vocab.ts';
import { buildEntityIndex, EntityIndex, entityTitle, ownNames } from './entity-index.ts';
import { MEDIA_TYPES } from '../rdf/formats.ts';

export const MIXNMATCH_COLUMNS = ['id', 'name', 'desc', 'url', 'type', 'q'] as const;

/** The Wikidata class of an entity by its types (the first with one), e.g. Q515 for a schema:City; '' where none. */
export function wikidataClass(types: readonly { id: string }[]): string {
  for (const t of types) if (WIKIDATA_ITEMS.classOfType[t.id]) return WIKIDATA_ITEMS.classOfType[t.id];
  return '';
}

/**
 * One row per reconcilable entity: `id` (our ID, e.g. city/tokyo), `name` (English where known, else by the one
 * fallback order of rdf/labels.ts), `desc` (the other names and the type), `url` (the entity's IRI), `type` (the
 * Wikidata class of its type, e.g. Q515, which Mix'n'match's importer reads; empty where none is known), `q`
 * (the verified Wikidata item, empty where none is verified).
 */
export function mixnmatchRows(index: EntityIndex): Record<(typeof MIXNMATCH_COLUMNS)[number], string>[] {
  return [...index.entities]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => {
      const name = (entityTitle(e.names, 'en') ?? e.names[0]).value;
      // Other names a source gives (a derived title is no name of the entity's, a search name another place's).
      const others = [...new Set(ownNames(e.names).map((n) => n.value))].filter((v) => v !== name);
      const qid = e.values.wikidata?.find((v) => 'str' in v);
      return {
        id: e.id,
        name,
        desc: [e.types.map((t) => t.name).join(', '), others.join(' / ')].filter(Boolean).join('; '),
        url: e.iri,
        type: wikidataClass(e.types),
        q: qid && 'str' in qid ? qid.str : '',
      };
    });
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV with a header row. */
export function toCsv(rows: Record<string, string>[], columns: readonly string[]): string {
  return (
    [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? '')).join(','))].join('\r\n') + '\r\n'
  );
}

/** TSV with a header row; tabs and line breaks inside values become spaces (TSV has no quoting). */
export function toTsv(rows: Record<string, string>[], columns: readonly string[]): string {
  const clean = (v: string) => v.replace(/[\t\r\n]+/g, ' ');
  return [columns.join('\t'), ...rows.map((r) => columns.map((c) => clean(r[c] ?? '')).join('\t'))].join('\n') + '\n';
}

const qsString = (s: string) => `"${s.replace(/"/g, "'")}"`;
const qsDay = (date: string) => `+${date}T00:00:00Z/11`;

/**
 * One reference as QuickStatements source columns. A fact read from the zh Wikipedia article is
 * "imported from Wikimedia project" (S143) Chinese Wikipedia with its "Wikimedia import URL" (S4656), as
 * Wikidata's convention is for claims taken from a Wikipedia; any other document is a reference URL (S854).
 */
function qsReference(document: string, articleUrl: string): string {
  return document === articleUrl
    ? `\tS143\t${WIKIDATA_ITEMS.chineseWikipedia}\tS4656\t${qsString(articleUrl)}`
    : `\tS854\t${qsString(document)}`;
}

/** A statement once per reference: a line's source columns make one reference, so a second one needs a second line. */
function withReferences(statement: string, documents: readonly string[], articleUrl: string): string[] {
  return [...new Set(documents)].map((d) => statement + qsReference(d, articleUrl));
}

export interface QuickStatementsOptions {
  base: string;
  /** Reference URL for facts the article states (the zh.wikipedia article). */
  articleUrl: string;
}

/**
 * A QuickStatements v1 batch: CREATE the network's item (no verified Wikidata item exists for it) with
 * its labels, its class (P31, from its schema.org type), inception and website, then `P463 member of` it
 * for every member city with a verified QID, with start (P580) / end (P582) qualifiers where a verified
 * day-precision date exists. Every statement carries the references of the fact in the graph: the
 * article's as S143/S4656, another document's as S854 (see `qsReference`), one line per reference.
 */
export async function quickStatements(store: Store, options: QuickStatementsOptions): Promise<string> {
  const network = `${options.base}id/network/anmc21`;
  const g = (name: string) => `<${options.base}graph/${name}>`;
  /** A verified reference's cited document (statement → reference → dcterms:source), outside our own IRIs. */
  const cited = (ref: string, src: string) =>
    `${ref} <${ANMC('confidence')}> <${ANMC('Verified')}> ; <${DCTERMS('source')}> ${src} . FILTER(!STRSTARTS(STR(${src}), "${options.base}"))`;
  /** The reference of a triple: its supplement source, or the article for article facts. */
  const sourceOf = `OPTIONAL { GRAPH ${g('provenance')} { ?st <${RDF('subject')}> ?s ; <${RDF('predicate')}> ?p ; <${RDF('object')}> ?o ; <${PROV('wasDerivedFrom')}> ?ref . ${cited('?ref', '?src')} } }`;
  const lines: string[] = ['CREATE'];
  const labels = await selectRows(
    store,
    `SELECT DISTINCT ?label WHERE { <${network}> <http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?label`,
  );
  for (const { label } of labels) {
    const lang = (label as Term & { language?: string }).language;
    if (lang) lines.push(`LAST\tL${lang.toLowerCase()}\t${qsString(label.value)}`);
  }
  const abbreviation = await selectRows(
    store,
    `SELECT ?a WHERE { GRAPH ${g('supplements')} { <${network}> <${ANMC('abbreviation')}> ?a } }`,
  );
  for (const { a } of abbreviation) lines.push(`LAST\tAen\t${qsString(a.value)}`);
  const facts = await selectRows(
    store,
    `SELECT ?p ?o ?src WHERE { VALUES ?p { <${ANMC('establishedDate')}> <${FOAF('homepage')}> } BIND(<${network}> AS ?s) GRAPH ${g('supplements')} { ?s ?p ?o } ${sourceOf} } ORDER BY ?p`,
  );
  // Its class: the Wikidata class of its schema.org type, referenced as the graph references the type.
  const types = await selectRows(
    store,
    `SELECT ?type ?graph ?src WHERE { BIND(<${network}> AS ?s) BIND(<${RDF('type')}> AS ?p) GRAPH ?graph { ?s ?p ?type } FILTER(?graph IN (${g('article')}, ${g('supplements')})) BIND(?type AS ?o) ${sourceOf} } ORDER BY ?type ?src`,
  );
  const classes = new Map<string, string[]>();
  for (const { type, graph, src } of types) {
    const qid = WIKIDATA_ITEMS.classOfType[type.value];
    if (!qid) continue;
    const document = graph.value.endsWith('/graph/article') ? options.articleUrl : src?.value;
    if (document) classes.set(qid, [...(classes.get(qid) ?? []), document]);
  }
  // The article, the primary source, when it states the type; else the rows that do.
  for (const [qid, documents] of classes) {
    const primary = documents.includes(options.articleUrl) ? [options.articleUrl] : documents;
    lines.push(...withReferences(`LAST\tP31\t${qid}`, primary, options.articleUrl));
  }
  for (const { p, o, src } of facts) {
    const statement =
      p.value === ANMC('establishedDate') ? `LAST\tP571\t${qsDay(o.value)}` : `LAST\tP856\t${qsString(o.value)}`;
    lines.push(...withReferences(statement, [src?.value ?? options.articleUrl], options.articleUrl));
  }
  const members = await selectRows(
    store,
    `SELECT ?wd ?memberGraph ?memberSrc ?start ?startSrc ?end ?endSrc WHERE {
       GRAPH ?memberGraph { ?m <${ORG('member')}> ?city ; } ?m <${ORG('organization')}> <${network}> .
       ?city <${OWL('sameAs')}> ?wd FILTER(STRSTARTS(STR(?wd), "${WD.iri}"))
       OPTIONAL { GRAPH ${g('provenance')} { ?st1 <${RDF('subject')}> ?m ; <${RDF('predicate')}> <${ORG('member')}> ; <${PROV('wasDerivedFrom')}> ?ref1 . ${cited('?ref1', '?memberSrc')} } }
       OPTIONAL { ?m <${ORG('memberDuring')}>/<${TIME('hasBeginning')}> ?instant . ?instant <${TIME('inXSDDate')}> ?start .
                  OPTIONAL { GRAPH ${g('provenance')} { ?st2 <${RDF('subject')}> ?instant ; <${RDF('predicate')}> <${TIME('inXSDDate')}> ; <${PROV('wasDerivedFrom')}> ?ref2 . ${cited('?ref2', '?startSrc')} } } }
       OPTIONAL { ?m <${ANMC('withdrawalDate')}> ?end FILTER(DATATYPE(?end) = <${XSD('date')}>)
                  OPTIONAL { GRAPH ${g('provenance')} { ?st3 <${RDF('subject')}> ?m ; <${RDF('predicate')}> <${ANMC('withdrawalDate')}> ; <${RDF('object')}> ?end ; <${PROV('wasDerivedFrom')}> ?ref3 . ${cited('?ref3', '?endSrc')} } } }
     } ORDER BY ?wd`,
  );
  const seen = new Set<string>();
  for (const row of members) {
    const qid = row.wd.value.slice(WD.iri.length);
    if (seen.has(qid)) continue;
    seen.add(qid);
    const memberRef = row.memberGraph.value.endsWith('/graph/article')
      ? options.articleUrl
      : (row.memberSrc?.value ?? options.articleUrl);
    let statement = `${qid}\tP463\tLAST`;
    if (row.start) statement += `\tP580\t${qsDay(row.start.value)}`;
    if (row.end) statement += `\tP582\t${qsDay(row.end.value)}`;
    const documents = [memberRef, row.startSrc?.value, row.endSrc?.value].filter((d): d is string => !!d);
    lines.push(...withReferences(statement, documents, options.articleUrl));
  }
  return lines.join('\n') + '\n';
}

/** The export files that ship in dist/ beside the dumps, from the built graph held in `store`. */
export async function exportFiles(
  store: Store,
  base: string,
  articleUrl: string,
): Promise<{ path: string; mediaType: string; body: string }[]> {
  const index = await buildEntityIndex(store, base);
  const rows = mixnmatchRows(index);
  return [
    { path: 'mixnmatch.csv', mediaType: MEDIA_TYPES.csv, body: toCsv(rows, MIXNMATCH_COLUMNS) },
    { path: 'mixnmatch.tsv', mediaType: MEDIA_TYPES.tsv, body: toTsv(rows, MIXNMATCH_COLUMNS) },
    {
      path: 'quickstatements.txt',
      mediaType: MEDIA_TYPES.text,
      body: await quickStatements(store, { base, articleUrl }),
    },
  ];
}
