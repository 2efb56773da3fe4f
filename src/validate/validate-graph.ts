// SHACL validation of the built dataset (shacl-engine, core constraints); each violation becomes an
// error diagnostic naming focus node, path and message, placed at the article line the fact came from.

import type { Quad, Term } from '@rdfjs/types';
import N3 from 'n3';
import { Validator } from 'shacl-engine';
import type { Diagnostic, Severity, SourceSpan } from '../diagnostics.ts';
import { ANMC, DCTERMS, OA, PROV, RDF, SH } from '../vocab.ts';
import { TURTLE } from '../rdf/formats.ts';

/**
 * RDF/JS factory for shacl-engine: N3's terms and store (rdf-ext, the usual choice, takes over a
 * second to import; N3 is loaded anyway).
 */
const FACTORY = { ...N3.DataFactory, dataset: (quads?: Iterable<Quad>) => new N3.Store(quads ? [...quads] : []) };

export interface ValidationResult {
  conforms: boolean;
  diagnostics: Diagnostic[];
}

/** Validate the union of all graphs of `quads` against the shapes (Turtle). */
export async function validateGraph(quads: readonly Quad[], shapesTurtle: string): Promise<ValidationResult> {
  const shapes = new N3.Store(new N3.Parser({ format: TURTLE.mediaType }).parse(shapesTurtle));
  // Shapes see the union: graph names stripped (a triple in several graphs counts once).
  const data = new N3.Store();
  // addQuad with the terms: no quad object per triple (a million at 1M quads).
  for (const q of quads)
    data.addQuad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object);
  const validator = new Validator(shapes, { factory: FACTORY });
  const report = await validator.validate({ dataset: data });
  // The index behind source positions is built only when there is something to place (a pass over
  // every quad: seconds at a million).
  let finder: ReturnType<typeof spanFinder> | undefined;
  const locate = (focus: Term, predicate?: string) => (finder ??= spanFinder(quads))(focus, predicate);
  const diagnostics: Diagnostic[] = [];
  for (const result of report.results) {
    const focus = result.focusNode?.term as Term | undefined;
    const path = (result.path ?? []).flatMap((step: { predicates: Term[] }) => step.predicates.map((p) => p.value));
    const messages = (result.message ?? []).map((m: Term) => m.value);
    const component = (result.constraintComponent?.value ?? '').replace(SH(''), 'sh:');
    const value = result.value?.term as Term | undefined;
    const span = focus ? locate(focus, path[0]) : undefined;
    diagnostics.push({
      severity: severityOf(result.severity?.value),
      rule: 'validate/shacl',
      message: `${focus ? show(focus) : '?'}${path.length ? ` ${path.map((p: string) => `<${p}>`).join('/')}` : ''}: ${messages.join('; ') || component}${component ? ` (${component})` : ''}`,
      ...(span ? { span } : {}),
      ...(value ? { actual: show(value) } : {}),
    });
  }
  diagnostics.sort((a, b) => (a.span?.line ?? 0) - (b.span?.line ?? 0) || a.message.localeCompare(b.message));
  return { conforms: report.conforms, diagnostics };
}

function severityOf(iri?: string): Severity {
  if (iri === SH('Warning')) return 'warning';
  if (iri === SH('Info')) return 'info';
  return 'error';
}

function show(term: Term): string {
  return term.termType === 'NamedNode'
    ? `<${term.value}>`
    : term.termType === 'Literal'
      ? JSON.stringify(term.value)
      : term.value;
}

/**
 * The source span behind a node: the first quote its statements' references point to (statements with
 * the path's predicate first), or else the line of the first supplement row behind them. Found through
 * the provenance graph only (statement → reference → quote or row).
 */
function spanFinder(quads: readonly Quad[]): (focus: Term, predicate?: string) => SourceSpan | undefined {
  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const list = bySubject.get(q.subject.value) ?? [];
    list.push(q);
    bySubject.set(q.subject.value, list);
  }
  const objects = (s: string, p: string) =>
    (bySubject.get(s) ?? []).filter((q) => q.predicate.value === p).map((q) => q.object);
  const one = (s: string, p: string) => objects(s, p)[0]?.value;
  const statementsAbout = new Map<string, string[]>();
  for (const q of quads) {
    if (q.predicate.value === RDF('subject')) {
      const list = statementsAbout.get(q.object.value) ?? [];
      list.push(q.subject.value);
      statementsAbout.set(q.object.value, list);
    }
  }
  const fileOf = (source?: string) => (source ? one(source, DCTERMS('identifier')) : undefined) ?? '?';
  const spanOfQuote = (iri: string): SourceSpan | undefined => {
    const n = (p: string) => Number(one(iri, ANMC(p)));
    if (!one(iri, ANMC('line')) || !one(iri, OA('exact'))) return undefined;
    return {
      file: fileOf(one(iri, DCTERMS('source'))),
      line: n('line'),
      column: n('column'),
      endLine: n('endLine'),
      endColumn: n('endColumn'),
    };
  };
  const references = (stmt: string) => objects(stmt, PROV('wasDerivedFrom')).map((o) => o.value);
  const selectorOf = (ref: string) => one(ref, OA('hasSelector'));
  /** A reference to a quote: the quote's span. */
  const spanOfQuoteReference = (ref: string): SourceSpan | undefined => {
    const selector = selectorOf(ref);
    return selector ? spanOfQuote(selector) : undefined;
  };
  /** A reference to a supplement row: the row's line in its file. */
  const spanOfRowReference = (ref: string): SourceSpan | undefined => {
    const line = Number(one(ref, ANMC('line')));
    return line && !selectorOf(ref)
      ? { file: fileOf(one(ref, DCTERMS('isPartOf'))), line, column: 1, endLine: line, endColumn: 1 }
      : undefined;
  };
  const first = (spans: (SourceSpan | undefined)[]) =>
    spans.filter((s): s is SourceSpan => !!s).sort((a, b) => a.line - b.line || a.column - b.column)[0];
  const quoteSpanOf = (stmt: string) => first(references(stmt).map(spanOfQuoteReference));
  const rowSpanOf = (stmt: string) => first(references(stmt).map(spanOfRowReference));
  const spanOfStatement = (stmt: string) => quoteSpanOf(stmt) ?? rowSpanOf(stmt);
  return (focus, predicate) => {
    const own =
      spanOfQuote(focus.value) ??
      spanOfQuoteReference(focus.value) ??
      spanOfRowReference(focus.value) ??
      (one(focus.value, RDF('subject')) ? spanOfStatement(focus.value) : undefined);
    if (own) return own;
    // A quote in the article beats a row of the supplements; statements with the path's predicate first.
    const stmts = statementsAbout.get(focus.value) ?? [];
    const preferred = predicate ? stmts.filter((s) => one(s, RDF('predicate')) === predicate) : [];
    for (const find of [quoteSpanOf, rowSpanOf]) {
      for (const s of [...preferred, ...stmts]) {
        const span = find(s);
        if (span) return span;
      }
    }
    return undefined;
  };
}
