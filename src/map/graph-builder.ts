// Collects the asserted triples of the article and supplements graphs with what each came from, and
// writes them out with their provenance (one rdf:Statement per triple and graph, see docs/design.md).

import { createHash } from 'node:crypto';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import N3 from 'n3';
import type { Quote } from '../extract/facts.ts';
import type { SupplementFact } from '../extract/supplements.ts';
import { ANMC, DCTERMS, OA, PROV, RDF, SKOS, XSD, type Iris } from '../vocab.ts';
import { termToNT, tripleToNT } from '../rdf/n-triples.ts';

const { namedNode, literal, quad } = N3.DataFactory;

export type AssertedGraph = 'article' | 'supplements';

interface Assertion {
  graph: AssertedGraph;
  subject: NamedNode;
  predicate: NamedNode;
  object: Quad_Object;
  quotes: Map<string, Quote>;
  rows: Map<string, SupplementFact>;
}

/** Where one supplement row's reference points: an IRI for prov:wasDerivedFrom. */
export type SourceIri = (row: SupplementFact) => string;

export class GraphBuilder {
  private readonly assertions = new Map<string, Assertion>();
  private readonly iris: Iris;

  constructor(iris: Iris) {
    this.iris = iris;
  }

  /** Assert `s p o` in the article graph, derived from the given quotes (at least one). */
  article(subject: string, predicate: string, object: Quad_Object, ...quotes: Quote[]): void {
    const a = this.assertion('article', subject, predicate, object);
    for (const q of quotes) a.quotes.set(quoteKey(q), q);
  }

  /** Assert `s p o` in the supplements graph, derived from one row of the supplements file. */
  supplement(subject: string, predicate: string, object: Quad_Object, row: SupplementFact): void {
    this.assertion('supplements', subject, predicate, object).rows.set(row.id, row);
  }

  private assertion(graph: AssertedGraph, s: string, p: string, object: Quad_Object): Assertion {
    const subject = namedNode(s);
    const predicate = namedNode(p);
    const key = `${graph} ${termToNT(subject)} ${termToNT(predicate)} ${termToNT(object)}`;
    let a = this.assertions.get(key);
    if (!a) {
      a = { graph, subject, predicate, object, quotes: new Map(), rows: new Map() };
      this.assertions.set(key, a);
    }
    return a;
  }

  /**
   * The asserted quads in their graphs plus the provenance graph: a statement per assertion, the quote
   * selectors and the source documents. Unsorted; the caller sorts the whole dataset once.
   */
  build(sources: {
    article: string;
    supplements: string;
    articleFile: string;
    supplementsFile: string;
    sourceIri: SourceIri;
  }): Quad[] {
    const out: Quad[] = [];
    const prov = namedNode(this.iris.graph('provenance'));
    const add = (s: string, p: string, o: Quad_Object) => out.push(quad(namedNode(s), namedNode(p), o, prov));
    const quotesSeen = new Map<string, Quote>();
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
      for (const q of a.quotes.values()) {
        const iri = this.quoteIri(q);
        add(stmt, PROV('wasDerivedFrom'), namedNode(iri));
        quotesSeen.set(iri, q);
      }
      if (a.rows.size > 0) {
        const rows = [...a.rows.values()];
        // A triple several rows support is as certain as its best-checked row.
        const verified = rows.some((r) => r.confidence === 'verified');
        add(stmt, ANMC('confidence'), namedNode(verified ? ANMC('Verified') : ANMC('Probable')));
        add(stmt, DCTERMS('source'), namedNode(sources.supplements));
        for (const row of rows) {
          const src = sources.sourceIri(row);
          add(stmt, PROV('wasDerivedFrom'), namedNode(src));
          externalSources.add(src);
          add(stmt, DCTERMS('identifier'), literal(row.id));
          add(stmt, ANMC('line'), integer(row.span.line));
          if (row.note) add(stmt, SKOS('note'), literal(row.note));
        }
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
    for (const src of externalSources) add(src, RDF('type'), namedNode(PROV('Entity')));
    return out;
  }

  /** `id/quote/{line}-{col}-{endCol}`, or `{line}-{col}-{endLine}-{endCol}` for a quote across lines. */
  quoteIri(q: Quote): string {
    return this.iris.id('quote', quoteKey(q));
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
