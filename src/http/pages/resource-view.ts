// The view model of a resource page: what the description says, grouped by property, each value
// with the graphs asserting it and its sources, labels chosen for the page language, disagreements
// flagged, and the schema.org data block. Plain data out; pages/resource-page.ts renders it.

import type { Quad, Term } from '@rdfjs/types';
import { chooseLabel, type ChosenLabel, DERIVED_TITLE, type LabelCandidate } from '../../rdf/labels.ts';
import { ANMC, DCTERMS, OA, PREFIXES, RDF, SKOS, XSD } from '../../vocab.ts';
import { type Description, LABEL_PROPERTIES } from '../describe.ts';
import { DEFAULT_LANGUAGE, uiLanguage, type UiLanguage } from './layout.ts';
import { termKey } from '../../rdf/terms.ts';
import { indexProvenance, type ProvenanceIndex } from './provenance.ts';
import { schemaOrgJsonLd } from './schema-org.ts';

/** A link to a resource: where it goes (a path on this server, or the IRI itself), and its label. */
export interface LinkView {
  iri: string;
  href: string;
  label: string;
  /** Language of the label, when it has one. */
  labelLang?: string;
  /** The label is not in the page's language (shown anyway, and marked). */
  fallback?: boolean;
}

export type ValueView =
  | { kind: 'link'; link: LinkView }
  | { kind: 'literal'; value: string; lang?: string; datatype?: string }
  | { kind: 'blank'; id: string; properties: PropertyView[] };

/** Where one fact comes from: one per reference (a quoted span of the article, or a supplement row). */
export type SourceView =
  | { kind: 'quote'; href: string; line: number; column: number; exact: string; quote: LinkView; reference: string }
  | {
      kind: 'reference';
      /** The document the row cites. */
      href: string;
      label: string;
      confidence?: string;
      /** IRI of the reference node. */
      reference: string;
      /** The supplement row's id and its line in the supplements file. */
      row?: string;
      line?: number;
    };

/** One value of a property, with the graphs asserting it and its sources. */
export interface FactView {
  value: ValueView;
  /** Local names of the asserting graphs (article, supplements, …). */
  graphs: string[];
  sources: SourceView[];
  statements: LinkView[];
}

export interface PropertyView {
  predicate: LinkView;
  facts: FactView[];
  /** Two or more values asserted by different sources (shown side by side). */
  conflict: boolean;
}

export interface AlternateView {
  label: string;
  href: string;
  mediaType: string;
}

export interface ResourceView {
  iri: string;
  title: string;
  /** Language of the title, when it has one. */
  titleLang?: string;
  /** The title is a fallback (no label in the page language). */
  titleFallback: boolean;
  /** The title is derived from the data (graph/derived, or a provenance record's own data), not a source's name. */
  titleDerived: boolean;
  lang: UiLanguage;
  types: LinkView[];
  properties: PropertyView[];
  inverse: { predicate: LinkView; facts: FactView[] }[];
  inverseTruncated: boolean;
  /** A quote resource: where it is in the article. */
  sourceLink?: string;
  /** schema.org JSON-LD of the resource. */
  jsonLd: Record<string, unknown>;
  alternates: AlternateView[];
  sparqlEndpoint: string;
  /** Path the language links point to. */
  path?: string;
  /** The page is a release's copy of the document (a Memento). */
  memento?: MementoNotice;
}

/** A release's copy of a document (a Memento), as its page says so. */
export interface MementoNotice {
  version: string;
  /** When the release took effect (ISO 8601). */
  issued: string;
  /** Path of the current document (the Original Resource). */
  original: string;
}

export interface ViewContext {
  /** Path on this server for an IRI it serves, or undefined for an outside IRI. */
  pathFor: (iri: string) => string | undefined;
  /** Preferred label language (a UI language or a tag such as `zh-hant`, `en-GB`). */
  lang?: string;
  alternates: AlternateView[];
  sparqlEndpoint: string;
  /** Path of the page itself (for the language links). */
  path?: string;
  memento?: MementoNotice;
}

/** Build the view of a resource page from its description. */
export function buildResourceView(d: Description, ctx: ViewContext): ResourceView {
  const lang = uiLanguage(ctx.lang) ?? DEFAULT_LANGUAGE;
  const all = [...d.forward, ...d.inverse, ...d.provenance, ...d.labels];
  const labelOf = labeller(all, lang);
  const link = (iri: string): LinkView => {
    const label = labelOf(iri);
    return label
      ? {
          iri,
          href: ctx.pathFor(iri) ?? iri,
          label: label.value,
          labelLang: label.lang || undefined,
          fallback: label.fallback,
        }
      : { iri, href: ctx.pathFor(iri) ?? iri, label: ctx.pathFor(iri)?.slice(1) ?? compactIri(iri) };
  };
  const provenance = indexProvenance(d, link);
  const value = (term: Term, depth = 0): ValueView => {
    if (term.termType === 'NamedNode') return { kind: 'link', link: link(term.value) };
    if (term.termType === 'BlankNode') {
      const props =
        depth < 4
          ? groupFacts(
              d.forward.filter((q) => q.subject.equals(term)),
              (o) => value(o, depth + 1),
              link,
              provenance,
            )
          : [];
      return { kind: 'blank', id: term.value, properties: props };
    }
    if (term.termType === 'Literal') {
      const datatype = term.datatype.value;
      return {
        kind: 'literal',
        value: term.value,
        lang: term.language || undefined,
        datatype: term.language || datatype === XSD('string') ? undefined : datatype,
      };
    }
    return { kind: 'literal', value: term.value };
  };
  const own = d.forward.filter((q) => q.subject.value === d.iri && q.subject.termType === 'NamedNode');
  const typeIris = [...new Set(own.filter((q) => q.predicate.value === RDF('type')).map((q) => q.object.value))];
  const properties = groupFacts(
    own.filter((q) => q.predicate.value !== RDF('type')),
    (o) => value(o),
    link,
    provenance,
  );

  const inverseMap = new Map<string, Map<string, Quad[]>>();
  for (const q of d.inverse) {
    const bySubject = inverseMap.get(q.predicate.value) ?? new Map<string, Quad[]>();
    bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q]);
    inverseMap.set(q.predicate.value, bySubject);
  }
  const inverse = [...inverseMap].map(([p, bySubject]) => ({
    predicate: link(p),
    facts: [...bySubject].map(([, quads]) => ({
      value: value(quads[0].subject),
      graphs: graphNames(quads),
      ...provenance.of(quads[0]),
    })),
  }));

  const title = labelOf(d.iri);
  const record = title ? undefined : recordTitle(d.iri, own, link, lang);
  const quoteKey = /\/id\/quote\/(\d+)-(\d+)-(\d+)$/.exec(d.iri);
  return {
    iri: d.iri,
    title: title?.value ?? record ?? ctx.pathFor(d.iri)?.slice(1) ?? compactIri(d.iri),
    titleLang: title?.lang || undefined,
    titleFallback: title?.fallback ?? false,
    titleDerived: title ? title.derived : record !== undefined,
    lang,
    types: typeIris.map(link),
    properties,
    inverse,
    inverseTruncated: d.inverseTruncated,
    sourceLink: quoteKey ? `/source?quote=${quoteKey[1]}-${quoteKey[2]}-${quoteKey[3]}#L${quoteKey[1]}` : undefined,
    jsonLd: schemaOrgJsonLd(d.iri, own, typeIris, all),
    alternates: ctx.alternates,
    sparqlEndpoint: ctx.sparqlEndpoint,
    path: ctx.path,
    ...(ctx.memento ? { memento: ctx.memento } : {}),
  };
}

export function graphNames(quads: readonly Quad[]): string[] {
  return [...new Set(quads.map((q) => q.graph.value.replace(/^.*\//, '')).filter(Boolean))];
}

/** Group triples by predicate, values by term (one value asserted in two graphs is one fact), and flag disagreements. */
function groupFacts(
  quads: Quad[],
  value: (t: Term) => ValueView,
  link: (iri: string) => LinkView,
  provenance: ProvenanceIndex,
): PropertyView[] {
  const byPredicate = new Map<string, Map<string, Quad[]>>();
  for (const q of quads) {
    const byValue = byPredicate.get(q.predicate.value) ?? new Map<string, Quad[]>();
    byValue.set(termKey(q.object), [...(byValue.get(termKey(q.object)) ?? []), q]);
    byPredicate.set(q.predicate.value, byValue);
  }
  return [...byPredicate].map(([p, byValue]) => {
    const facts = [...byValue.values()].map((qs) => ({
      value: value(qs[0].object),
      graphs: graphNames(qs),
      ...provenance.of(qs[0]),
    }));
    // Labels in different languages are not a disagreement; values from different graphs otherwise are.
    const comparable = [...byValue.values()].filter(
      (qs) => !(qs[0].object.termType === 'Literal' && qs[0].object.language),
    );
    const graphs = new Set(comparable.flatMap((qs) => graphNames(qs)));
    return {
      predicate: link(p),
      facts,
      conflict: comparable.length > 1 && graphs.size > 1 && !LABEL_PROPERTIES.includes(p),
    };
  });
}

/**
 * Label lookup for a page language by the one fallback order (rdf/labels.ts); label properties rank
 * in LABEL_PROPERTIES order; an alternative name (skos:altLabel) is never the name; a title derived
 * from the data (graph/derived) comes after a source's name in the same language, and is marked.
 */
function labeller(quads: Quad[], lang: UiLanguage): (iri: string) => ChosenLabel | undefined {
  const byIri = new Map<string, LabelCandidate[]>();
  for (const q of quads) {
    const rank = LABEL_PROPERTIES.indexOf(q.predicate.value);
    if (rank < 0 || q.object.termType !== 'Literal' || q.subject.termType !== 'NamedNode') continue;
    if (q.predicate.value === SKOS('altLabel')) continue; // an alternative name is not the name
    const list = byIri.get(q.subject.value) ?? [];
    list.push({ value: q.object.value, lang: q.object.language, rank, derived: q.predicate.value === DERIVED_TITLE });
    byIri.set(q.subject.value, list);
  }
  return (iri) => {
    const list = byIri.get(iri);
    return list && chooseLabel(list, lang);
  };
}

/** `prefix:local` for IRIs in a known namespace, else the IRI itself (decoded for reading). */
export function compactIri(iri: string): string {
  let best: [string, string] | undefined;
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) best = [prefix, ns];
  }
  if (best && /^[\w.-]*$/.test(iri.slice(best[1].length))) return `${best[0]}:${iri.slice(best[1].length)}`;
  try {
    return decodeURI(iri);
  } catch {
    return iri;
  }
}

const RECORD_WORDS = {
  statement: { 'zh-Hant': '陳述', en: 'Statement', ja: '言明' },
  reference: { 'zh-Hant': '出處', en: 'Reference', ja: '出典' },
  quote: { 'zh-Hant': '引文', en: 'Quote', ja: '引用' },
  row: { 'zh-Hant': '補充資料列', en: 'supplement row', ja: '補足データ行' },
  line: { 'zh-Hant': '行', en: 'line', ja: '行' },
} as const;

/**
 * The title of a provenance record's page (a statement, a reference, a quote), which no source names
 * and graph/derived does not cover: what it is and what it points at, from its own data. Display only.
 */
function recordTitle(
  iri: string,
  own: readonly Quad[],
  link: (iri: string) => LinkView,
  lang: UiLanguage,
): string | undefined {
  const kind = /\/id\/(statement|reference|quote)\/([^/]+)$/.exec(iri);
  if (!kind) return undefined;
  const one = (p: string) => own.find((q) => q.predicate.value === p)?.object;
  const words = (k: keyof typeof RECORD_WORDS) => RECORD_WORDS[k][lang];
  const colon = lang === 'en' ? ': ' : '：';
  const text = (t: Term | undefined) =>
    !t ? '?' : t.termType === 'NamedNode' ? link(t.value).label : t.termType === 'Literal' ? t.value : '…';
  if (kind[1] === 'statement') {
    const [s, p, o] = [one(RDF('subject')), one(RDF('predicate')), one(RDF('object'))];
    return s && p ? `${words('statement')}${colon}${text(s)} · ${text(p)} · ${text(o)}` : undefined;
  }
  const line = (l: string | undefined) => (lang === 'en' ? `${words('line')} ${l}` : `第${l}${words('line')}`);
  if (kind[1] === 'quote') {
    const exact = one(OA('exact'))?.value;
    const at = /^(\d+)-/.exec(kind[2])?.[1];
    const shown = exact && (Array.from(exact).length > 30 ? Array.from(exact).slice(0, 30).join('') + '…' : exact);
    return `${words('quote')}${colon}${at ? `${line(at)} ` : ''}${shown ? `“${shown}”` : ''}`.trim();
  }
  const row = one(DCTERMS('identifier'))?.value;
  const rowLine = one(ANMC('line'))?.value;
  const selector = one(OA('hasSelector'))?.value;
  if (row) return `${words('reference')}${colon}${words('row')} ${row}${rowLine ? ` (${line(rowLine)})` : ''}`;
  const at = selector && /\/id\/quote\/(\d+)-(\d+)-/.exec(selector);
  if (at) return `${words('reference')}${colon}${words('quote')} ${at[1]}:${at[2]}`;
  return undefined;
}
