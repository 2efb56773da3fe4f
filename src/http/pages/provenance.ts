// The provenance of a resource page: each statement's references (a quoted span of the article, or a
// supplement row and the document it cites), one source each, indexed by the triple they are about.

import type { Quad } from '@rdfjs/types';
import { tripleKey } from '../../rdf/terms.ts';
import { ANMC, DCTERMS, OA, PROV, RDF } from '../../vocab.ts';
import type { Description } from '../describe.ts';
import type { LinkView, SourceView } from './resource-view.ts';

export interface ProvenanceIndex {
  of(q: Quad): { sources: SourceView[]; statements: LinkView[] };
}

/** Index the description's provenance statements by the triple they are about. */
export function indexProvenance(d: Description, link: (iri: string) => LinkView): ProvenanceIndex {
  const bySubject = new Map<string, Quad[]>();
  for (const q of d.provenance) bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q]);
  const byTriple = new Map<string, { sources: SourceView[]; statements: LinkView[] }>();
  for (const [statement, about] of bySubject) {
    const one = (p: string) => about.find((q) => q.predicate.value === p)?.object;
    const s = one(RDF('subject'));
    const p = one(RDF('predicate'));
    const o = one(RDF('object'));
    if (!s || !p || !o) continue;
    const key = tripleKey({ subject: s, predicate: p, object: o });
    const entry = byTriple.get(key) ?? { sources: [], statements: [] };
    entry.statements.push(link(statement));
    // One source per reference: a quote of the article, or a supplement row and the document it cites.
    for (const ref of about.filter((q) => q.predicate.value === PROV('wasDerivedFrom')).map((q) => q.object.value)) {
      const refQuads = bySubject.get(ref) ?? [];
      const refOne = (p: string) => refQuads.find((q) => q.predicate.value === p)?.object;
      const confidence = refOne(ANMC('confidence'))?.value.replace(/^.*[#/]/, '');
      const selector = refOne(OA('hasSelector'))?.value;
      const quote = selector ? bySubject.get(selector) : undefined;
      const exact = quote?.find((q) => q.predicate.value === OA('exact'))?.object.value;
      const line = Number(quote?.find((q) => q.predicate.value === ANMC('line'))?.object.value);
      const column = Number(quote?.find((q) => q.predicate.value === ANMC('column'))?.object.value);
      const key3 = selector && /\/id\/quote\/(\d+-\d+-\d+)$/.exec(selector)?.[1];
      const cited = refOne(DCTERMS('source'))?.value;
      if (selector && exact !== undefined && key3 && Number.isInteger(line)) {
        entry.sources.push({
          kind: 'quote',
          href: `/source?quote=${key3}#L${line}`,
          line,
          column,
          exact,
          quote: link(selector),
          reference: ref,
        });
      } else if (cited) {
        const row = refOne(DCTERMS('identifier'))?.value;
        const rowLine = Number(refOne(ANMC('line'))?.value);
        entry.sources.push({
          kind: 'reference',
          href: cited,
          label: referenceLabel(cited),
          confidence,
          reference: ref,
          ...(row ? { row } : {}),
          ...(Number.isInteger(rowLine) ? { line: rowLine } : {}),
        });
      }
    }
    byTriple.set(key, entry);
  }
  for (const entry of byTriple.values()) {
    entry.sources.sort((a, b) =>
      a.kind === 'quote' && b.kind === 'quote'
        ? a.line - b.line || a.column - b.column
        : a.kind === 'quote'
          ? -1
          : b.kind === 'quote'
            ? 1
            : (a.line ?? 0) - (b.line ?? 0),
    );
    const seen = new Set<string>();
    entry.sources = entry.sources.filter((s) => !seen.has(s.reference) && seen.add(s.reference));
  }
  return { of: (q) => byTriple.get(tripleKey(q)) ?? { sources: [], statements: [] } };
}

function referenceLabel(url: string): string {
  const gh = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/blob\/[0-9a-f]{7,40}\/(.+)$/.exec(url);
  if (gh) return `${gh[1]}: ${gh[2]}`;
  try {
    const u = new URL(url);
    return (
      u.hostname +
      (u.pathname.length > 1 ? decodeURIComponent(u.pathname).slice(0, 40) + (u.pathname.length > 41 ? '…' : '') : '')
    );
  } catch {
    return url;
  }
}
