// Collects the asserted triples of the article and supplements graphs with what each came from, and
// writes them out with their provenance: one statement per triple and graph, one reference per quote
// or supplement row behind it (the Wikidata statement/reference model; see docs/design.md).

import { createHash } from 'node:crypto';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import N3 from 'n3';
import type { Quote } from '../extract/facts.ts';
import type { SupplementFact } from '../extract/supplements.ts';
import { ANMC, DCTERMS, OA, PAV, PROV, RDF, SCHEMA, SKOS, XSD, type Iris } from '../vocab.ts';
import { termToNT, tripleToNT } from '../rdf/n-triples.ts';

const { namedNode, literal, quad } = N3.DataFactory;

export type AssertedGraph = 'article' | 'supplements';

/** What one reference stands for: a quote of the article, or a row of the supplements file. */
type ReferenceSource = { kind: 'quote'; quote: Quote } | { kind: 'row'; row: SupplementFact };

interface Assertion {
  graph: AssertedGraph;
  subject: NamedNode;
  predicate: NamedNode;
  object: Quad_Object;
  /** By the key of the reference (quote position or row id), in the order they were added. */
  references: Map<string, ReferenceSource>;
}

/** Where one supplement row's reference points: the IRI of the document it cites. */
export type SourceIri = (row: SupplementFact) => string;

/** The source documents the references point into. */
export interface ProvenanceSources {
  /** IRI of the article (`id/source/article`) and its file path. */
  article: string;
  articleFile: string;
  /** IRI of the supplements file (`id/source/supplements`) and its path. */
  supplements: string;
  supplementsFile: string;
  sourceIri: SourceIri;
}

/** Confidence of a supplement row, as the ontology names it; article quotes are `Quoted`. */
const CONFIDENCE = { verified: ANMC('Verified'), probable: ANMC('Probable') } as const;

export class GraphBuilder {
  private readonly assertions = new Map<string, Assertion>();
  private readonly iris: Iris;

  constructor(iris: Iris) {
    this.iris = iris;
  }

  /** Assert `s p o` in the article graph, derived from the given quotes (at least one). */
  article(subject: string, predicate: string, object: Quad_Object, ...quotes: Quote[]): void {
    const a = this.assertion('article', subject, predicate, object);
    for (const q of quotes) a.references.set(`quote ${quoteKey(q)}`, { kind: 'quote', quote: q });
  }

  /** Assert `s p o` in the supplements graph, derived from one row of the supplements file. */
  supplement(subject: string, predicate: string, object: Quad_Object, row: SupplementFact): void {
    this.assertion('supplements', subject, predicate, object).references.set(`row ${row.id}`, { kind: 'row', row });
  }

  private assertion(graph: AssertedGraph, s: string, p: string, object: Quad_Object): Assertion {
    const subject = namedNode(s);
    const predicate = namedNode(p);
    const key = `${graph} ${termToNT(subject)} ${termToNT(predicate)} ${termToNT(object)}`;
    let a = this.assertions.get(key);
    if (!a) {
      a = { graph, subject, predicate, object, references: new Map() };
      this.assertions.set(key, a);
    }
    return a;
  }

  /** Every asserted triple so far, with its graph (for derivations that read the asserted data). */
  asserted(): Quad[] {
    return [...this.assertions.values()].map((a) =>
      quad(a.subject, a.predicate, a.object, namedNode(this.iris.graph(a.graph))),
    );
  }

  /**
   * The asserted quads in their graphs plus the provenance graph: a statement per assertion, a
   * reference per quote or row (shared by every statement it supports), the quote selectors and the
   * source documents. Unsorted; the caller sorts the whole dataset once.
   */
  build(sources: ProvenanceSources): Quad[] {
    const out: Quad[] = [];
    const prov = namedNode(this.iris.graph('provenance'));
    const add = (s: string, p: string, o: Quad_Object) => out.push(quad(namedNode(s), namedNode(p), o, prov));
    const references = new Map<string, ReferenceSource>();
    const externalSources = new Set<string>();

    for (const a of this.assertions.values()) {
      const graphIri = this.iris.graph(a.graph);
      out.push(quad(a.subject, a.predicate, a.object, namedNode(graphIri)));
      const stmt = this.iris.id('statement', statementHash(graphIri, quad(a.subject, a.predicate, a.object)));
      add(stmt, RDF('type'), namedNode(RDF('Statement')));
      add(stmt, RDF('type'), namedNode(a.graph === 'article' ? ANMC('ArticleStatement') : ANMC('SupplementStatement')));
      add(stmt, RDF('subject'), a.subject);
      add(stmt, RDF('predicate'), a.predicate);
      add(stmt, RDF('object'), a.object);
      add(stmt, DCTERMS('isPartOf'), namedNode(graphIri));
      for (const ref of a.references.values()) {
        const iri = this.referenceIri(ref, sources);
        add(stmt, PROV('wasDerivedFrom'), namedNode(iri));
        references.set(iri, ref);
      }
    }

    const quotesSeen = new Map<string, Quote>();
    for (const [iri, ref] of references) {
      add(iri, RDF('type'), namedNode(ANMC('Reference')));
      if (ref.kind === 'quote') {
        const selector = this.quoteIri(ref.quote);
        add(iri, DCTERMS('source'), namedNode(sources.article));
        add(iri, OA('hasSelector'), namedNode(selector));
        add(iri, ANMC('confidence'), namedNode(ANMC('Quoted')));
        quotesSeen.set(selector, ref.quote);
      } else {
        const { row } = ref;
        const cited = sources.sourceIri(row);
        externalSources.add(cited);
        add(iri, DCTERMS('source'), namedNode(cited));
        add(iri, DCTERMS('isPartOf'), namedNode(sources.supplements));
        add(iri, DCTERMS('identifier'), literal(row.id));
        add(iri, ANMC('line'), integer(row.span.line));
        add(iri, ANMC('confidence'), namedNode(CONFIDENCE[row.confidence]));
        if (row.retrieved) add(iri, PAV('retrievedOn'), literal(row.retrieved, namedNode(XSD('date'))));
        if (row.note) add(iri, SKOS('note'), literal(row.note));
      }
    }

    for (const [iri, q] of quotesSeen) {
      add(iri, RDF('type'), namedNode(OA('TextQuoteSelector')));
      add(iri, RDF('type'), namedNode(OA('TextPositionSelector')));
      add(iri, OA('exact'), literal(q.text));
      add(iri, OA('start'), integer(q.offset));
      add(iri, OA('end'), integer(q.endOffset));
      add(iri, ANMC('line'), integer(q.span.line));
      add(iri, ANMC('column'), integer(q.span.column));
      add(iri, ANMC('endLine'), integer(q.span.endLine));
      add(iri, ANMC('endColumn'), integer(q.span.endColumn));
      add(iri, DCTERMS('source'), namedNode(sources.article));
    }
    for (const [iri, file] of [
      [sources.article, sources.articleFile],
      [sources.supplements, sources.supplementsFile],
    ]) {
      add(iri, RDF('type'), namedNode(PROV('Entity')));
      add(iri, DCTERMS('identifier'), literal(file));
    }
    add(sources.supplements, RDF('type'), namedNode(SCHEMA('Dataset')));
    for (const src of externalSources) add(src, RDF('type'), namedNode(PROV('Entity')));
    return out;
  }

  /** `id/quote/{line}-{col}-{endCol}`, or `{line}-{col}-{endLine}-{endCol}` for a quote across lines. */
  quoteIri(q: Quote): string {
    return this.iris.id('quote', quoteKey(q));
  }

  /**
   * `id/reference/{hash}`: the same quote, or the same row citing the same document, is one reference
   * however many statements it supports (as Wikidata shares a reference node by its content hash).
   */
  private referenceIri(ref: ReferenceSource, sources: ProvenanceSources): string {
    const content =
      ref.kind === 'quote'
        ? `quote <${sources.article}> <${this.quoteIri(ref.quote)}>`
        : `row <${sources.supplements}> ${JSON.stringify(ref.row.id)} <${sources.sourceIri(ref.row)}>`;
    return this.iris.id('reference', createHash('sha256').update(content).digest('hex').slice(0, 16));
  }
}

function quoteKey(q: Quote): string {
  const { line, column, endLine, endColumn } = q.span;
  return endLine === line ? `${line}-${column}-${endColumn}` : `${line}-${column}-${endLine}-${endColumn}`;
}

/** First 16 hex digits of SHA-256 over `<graph> S P O .` (the graph IRI, a space, the triple's N-Triples line). */
export function statementHash(graphIri: string, triple: Quad): string {
  return createHash('sha256')
    .update(`<${graphIri}> ${tripleToNT(triple)}`)
    .digest('hex')
    .slice(0, 16);
}

export function integer(n: number) {
  return literal(String(n), namedNode(XSD('integer')));
}
