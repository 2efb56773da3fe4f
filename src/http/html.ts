// Server-rendered HTML for resources (entity pages), the dumps listing and errors: plain view models
// in, escaped strings out. Every value goes through escapeHtml; data blocks through jsonForScript.
// The landing page, source view and query editor live in ./pages/.

import type { Quad, Term } from '@rdfjs/types';
import type { Description } from './describe.ts';
import { LABEL_PROPERTIES } from './describe.ts';
import type { DistInfo } from './dumps.ts';
import type { HttpError } from './http-error.ts';
import { ANMC, DCTERMS, OA, ORG, OWL, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, WGS84, XSD } from '../vocab.ts';
import {
  DEFAULT_LANGUAGE,
  escapeHtml,
  jsonForScript,
  languageName,
  renderPage,
  t,
  uiLanguage,
  type UiLanguage,
} from './pages/layout.ts';

export { CONTENT_SECURITY_POLICY, escapeHtml } from './pages/layout.ts';
export { renderLandingPage, type LandingView } from './pages/landing.ts';

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

/** Where one fact comes from: a quoted span of the article, or a supplement's reference. */
export type SourceView =
  | { kind: 'quote'; href: string; line: number; column: number; exact: string; quote: LinkView }
  | { kind: 'reference'; href: string; label: string; confidence?: string };

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
  const quoteKey = /\/id\/quote\/(\d+)-(\d+)-(\d+)$/.exec(d.iri);
  return {
    iri: d.iri,
    title: title?.value ?? derivedTitle(own, typeIris, link) ?? ctx.pathFor(d.iri)?.slice(1) ?? compactIri(d.iri),
    titleLang: title?.lang || undefined,
    titleFallback: title?.fallback ?? false,
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
  };
}

interface ProvenanceIndex {
  of(q: Quad): { sources: SourceView[]; statements: LinkView[] };
}

/** Index the description's provenance statements by the triple they are about. */
function indexProvenance(d: Description, link: (iri: string) => LinkView): ProvenanceIndex {
  const bySubject = new Map<string, Quad[]>();
  for (const q of d.provenance) bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q]);
  const byTriple = new Map<string, { sources: SourceView[]; statements: LinkView[] }>();
  for (const [statement, about] of bySubject) {
    const one = (p: string) => about.find((q) => q.predicate.value === p)?.object;
    const s = one(RDF('subject'));
    const p = one(RDF('predicate'));
    const o = one(RDF('object'));
    if (!s || !p || !o) continue;
    const key = tripleKey(s, p, o);
    const entry = byTriple.get(key) ?? { sources: [], statements: [] };
    entry.statements.push(link(statement));
    const confidence = one(ANMC('confidence'))?.value.replace(/^.*[#/]/, '');
    for (const from of about.filter((q) => q.predicate.value === PROV('wasDerivedFrom')).map((q) => q.object.value)) {
      const quote = bySubject.get(from);
      const exact = quote?.find((q) => q.predicate.value === OA('exact'))?.object.value;
      const line = Number(quote?.find((q) => q.predicate.value === ANMC('line'))?.object.value);
      const column = Number(quote?.find((q) => q.predicate.value === ANMC('column'))?.object.value);
      const key3 = /\/id\/quote\/(\d+-\d+-\d+)$/.exec(from)?.[1];
      if (exact !== undefined && key3 && Number.isInteger(line)) {
        entry.sources.push({
          kind: 'quote',
          href: `/source?quote=${key3}#L${line}`,
          line,
          column,
          exact,
          quote: link(from),
        });
      } else {
        entry.sources.push({ kind: 'reference', href: from, label: referenceLabel(from), confidence });
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
            : 0,
    );
    const seen = new Set<string>();
    entry.sources = entry.sources.filter((s) => !seen.has(s.href) && seen.add(s.href));
  }
  return { of: (q) => byTriple.get(tripleKey(q.subject, q.predicate, q.object)) ?? { sources: [], statements: [] } };
}

function tripleKey(s: Term, p: Term, o: Term): string {
  return `${termKey(s)} ${termKey(p)} ${termKey(o)}`;
}

function termKey(t: Term): string {
  return t.termType === 'Literal'
    ? `"${t.value}"@${t.language.toLowerCase()}^^${t.datatype.value}`
    : `${t.termType[0]}${t.value}`;
}

function graphNames(quads: readonly Quad[]): string[] {
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

interface Label {
  value: string;
  lang: string;
  fallback: boolean;
}

/**
 * Label lookup for a page language: a label in that language, else (marked as a fallback) one in
 * zh-Hant (the article's language), English, Japanese, any other; untagged labels are never fallbacks.
 */
function labeller(quads: Quad[], lang: UiLanguage): (iri: string) => Label | undefined {
  const byIri = new Map<string, { value: string; lang: string; rank: number }[]>();
  for (const q of quads) {
    const rank = LABEL_PROPERTIES.indexOf(q.predicate.value);
    if (rank < 0 || q.object.termType !== 'Literal' || q.subject.termType !== 'NamedNode') continue;
    if (q.predicate.value === SKOS('altLabel')) continue; // an alternative name is not the name
    const list = byIri.get(q.subject.value) ?? [];
    list.push({ value: q.object.value, lang: q.object.language, rank });
    byIri.set(q.subject.value, list);
  }
  const want = lang.toLowerCase();
  const order = ['zh-hant', 'en', 'ja'];
  const score = (l: { lang: string; rank: number }) => {
    const tag = l.lang.toLowerCase();
    if (tag === want || tag.startsWith(want + '-')) return l.rank;
    if (tag === '') return 100 + l.rank;
    const i = order.findIndex((o) => tag === o || tag.startsWith(o + '-'));
    return (i < 0 ? 500 : 200 + 100 * i) + l.rank;
  };
  return (iri) => {
    const list = byIri.get(iri);
    if (!list) return undefined;
    const best = [...list].sort((a, b) => score(a) - score(b) || a.value.localeCompare(b.value))[0];
    return { value: best.value, lang: best.lang, fallback: score(best) >= 200 };
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

const SCHEMA_TYPES: Record<string, string> = {
  [SCHEMA('City')]: 'City',
  [SCHEMA('Place')]: 'Place',
  [SCHEMA('Person')]: 'Person',
  [SCHEMA('Organization')]: 'Organization',
  [SCHEMA('Article')]: 'Article',
  ['http://www.w3.org/ns/org#Organization']: 'Organization',
  ['http://www.w3.org/ns/org#Membership']: 'OrganizationRole',
  [ANMC('PlenaryMeeting')]: 'Event',
  [ANMC('ExtraordinaryMeeting')]: 'Event',
  [ANMC('Meeting')]: 'Event',
  [ANMC('City')]: 'City',
  [ANMC('Declaration')]: 'CreativeWork',
  [SKOS('Concept')]: 'DefinedTerm',
};

/**
 * The resource in schema.org terms, for search engines: types mapped to schema.org, labels as `name`,
 * `owl:sameAs`/`schema:sameAs` as `sameAs`, WGS84 coordinates as `geo`, and every schema.org
 * statement as it is. The context is inline (`@vocab`), so no processor has to fetch one.
 */
function schemaOrgJsonLd(iri: string, own: Quad[], typeIris: string[], all: Quad[]): Record<string, unknown> {
  const doc: Record<string, unknown[] | unknown> = { '@context': { '@vocab': SCHEMA.iri, xsd: XSD.iri }, '@id': iri };
  const types = [...new Set(typeIris.map((t) => SCHEMA_TYPES[t]).filter(Boolean))];
  doc['@type'] = types.length ? types : ['Thing'];
  const add = (key: string, v: unknown) => {
    const list = (doc[key] as unknown[] | undefined) ?? [];
    if (!list.some((x) => JSON.stringify(x) === JSON.stringify(v))) list.push(v);
    doc[key] = list;
  };
  const literal = (t: Term) =>
    t.termType !== 'Literal'
      ? { '@id': t.value }
      : t.language
        ? { '@value': t.value, '@language': t.language }
        : t.datatype.value === XSD('string')
          ? t.value
          : { '@value': t.value, '@type': t.datatype.value };
  const nameOf = (target: string) =>
    all.find((q) => q.subject.value === target && q.predicate.value === RDFS('label'))?.object;
  let lat: string | undefined;
  let long: string | undefined;
  for (const q of own) {
    const p = q.predicate.value;
    if (p === RDFS('label') || p === SKOS('prefLabel') || p === SCHEMA('name')) add('name', literal(q.object));
    else if (p === SKOS('altLabel')) add('alternateName', literal(q.object));
    else if (p === RDFS('comment') || p === DCTERMS('description')) add('description', literal(q.object));
    else if (p === OWL('sameAs') || p === SCHEMA('sameAs')) add('sameAs', { '@id': q.object.value });
    else if (p === WGS84('lat')) lat = q.object.value;
    else if (p === WGS84('long')) long = q.object.value;
    else if (p.startsWith(SCHEMA.iri) && q.object.termType !== 'BlankNode') {
      const name = q.object.termType === 'NamedNode' ? nameOf(q.object.value) : undefined;
      add(
        p.slice(SCHEMA.iri.length),
        q.object.termType === 'NamedNode'
          ? { '@id': q.object.value, ...(name ? { name: literal(name) } : {}) }
          : literal(q.object),
      );
    }
  }
  if (lat !== undefined && long !== undefined)
    doc.geo = { '@type': 'GeoCoordinates', latitude: Number(lat), longitude: Number(long) };
  return doc as Record<string, unknown>;
}

function renderLink(l: LinkView): string {
  const lang = l.labelLang ? ` lang="${escapeHtml(l.labelLang)}"` : '';
  const mark = l.fallback
    ? ` <span class="fallback" title="${escapeHtml(l.labelLang ?? '')}">${escapeHtml(l.labelLang ?? '')}</span>`
    : '';
  return `<a href="${escapeHtml(l.href)}" title="${escapeHtml(l.iri)}"${lang}>${escapeHtml(l.label)}</a>${mark}`;
}

function renderValue(v: ValueView): string {
  switch (v.kind) {
    case 'link':
      return renderLink(v.link);
    case 'literal': {
      const lang = v.lang ? ` lang="${escapeHtml(v.lang)}"` : '';
      const type = v.datatype ? ` <span class="muted datatype">${escapeHtml(compactIri(v.datatype))}</span>` : '';
      const tag = v.lang ? ` <span class="muted tag">@${escapeHtml(v.lang)}</span>` : '';
      return `<span class="literal"${lang}>${escapeHtml(v.value)}</span>${tag}${type}`;
    }
    case 'blank':
      return `<ul class="blank">${v.properties.map((p) => `<li>${renderLink(p.predicate)}: ${p.facts.map((f) => renderValue(f.value)).join(', ')}</li>`).join('')}</ul>`;
  }
}

function renderSources(f: FactView): string {
  if (f.sources.length === 0) return '';
  const items = f.sources.map((s) =>
    s.kind === 'quote'
      ? `<a class="src quote" href="${escapeHtml(s.href)}" title="${escapeHtml(s.exact)}">¶${s.line}:${s.column}</a>`
      : `<a class="src ref" href="${escapeHtml(s.href)}" rel="nofollow">${escapeHtml(s.label)}</a>${s.confidence && s.confidence !== 'Verified' ? ` <span class="confidence">${escapeHtml(s.confidence)}</span>` : ''}`,
  );
  return ` <span class="sources" aria-label="sources">${items.join(' ')}</span>`;
}

function renderFact(f: FactView): string {
  const graphs = f.graphs
    .filter((g) => g !== 'article' && g !== 'provenance' && g !== 'ontology')
    .map((g) => ` <span class="graph">${escapeHtml(g)}</span>`)
    .join('');
  return `<li>${renderValue(f.value)}${graphs}${renderSources(f)}</li>`;
}

function renderConflict(p: PropertyView, lang: UiLanguage): string {
  const cards = p.facts
    .map((f) => {
      const quotes = f.sources.filter((s) => s.kind === 'quote');
      const refs = f.sources.filter((s) => s.kind === 'reference');
      return `<div class="claim" role="listitem"><p class="claim-value">${renderValue(f.value)}</p>
<p class="claim-graph">${escapeHtml(f.graphs.join(', '))}</p>
${quotes.map((s) => `<blockquote lang="zh-Hant"><a href="${escapeHtml(s.href)}">${escapeHtml(s.exact)}</a></blockquote><p class="muted">line ${s.line}, column ${s.column}</p>`).join('')}
${refs.map((s) => `<p><a href="${escapeHtml(s.href)}" rel="nofollow">${escapeHtml(s.label)}</a>${s.kind === 'reference' && s.confidence ? ` <span class="confidence">${escapeHtml(s.confidence)}</span>` : ''}</p>`).join('')}
</div>`;
    })
    .join('\n');
  return `<div class="conflict"><p class="conflict-note"><strong>${escapeHtml(t('conflicts', lang))}</strong></p><div class="claims" role="list">${cards}</div></div>`;
}

/** The page of one resource (entity, meeting, quote, statement, ontology term…). */
export function renderResourcePage(v: ResourceView): string {
  const rows = v.properties
    .map(
      (p) =>
        `<tr${p.conflict ? ' class="has-conflict"' : ''}><th scope="row">${renderLink(p.predicate)}</th><td>${
          p.conflict ? renderConflict(p, v.lang) : `<ul class="facts">${p.facts.map(renderFact).join('')}</ul>`
        }</td></tr>`,
    )
    .join('\n');
  const inverse = v.inverse
    .map(
      (i) =>
        `<tr><th scope="row">${renderLink(i.predicate)}</th><td><ul class="facts">${i.facts.map(renderFact).join('')}</ul></td></tr>`,
    )
    .join('\n');
  const titleLang = v.titleLang && v.titleLang.toLowerCase() !== v.lang.toLowerCase() ? v.titleLang : undefined;
  const title = titleLang ? `<span lang="${escapeHtml(titleLang)}">${escapeHtml(v.title)}</span>` : escapeHtml(v.title);
  const fallbackNote = v.titleFallback
    ? `<p class="fallback-note" role="note">${escapeHtml(t('fallback', v.lang))} <span lang="${escapeHtml(v.titleLang ?? '')}">${escapeHtml(languageName(v.titleLang ?? ''))}</span></p>`
    : '';
  const head = [
    ...v.alternates.map((a) => `<link rel="alternate" type="${escapeHtml(a.mediaType)}" href="${escapeHtml(a.href)}">`),
    `<script type="application/ld+json">${jsonForScript(v.jsonLd)}</script>`,
  ].join('\n');
  return renderPage({
    title: v.title,
    lang: v.lang,
    switchPath: v.path,
    head,
    body: `<h1>${title}</h1>
${fallbackNote}
<p class="iri"><code>${escapeHtml(v.iri)}</code></p>
${v.types.length ? `<p class="types">${escapeHtml(t('type', v.lang))}: ${v.types.map(renderLink).join(', ')}</p>` : ''}
${v.sourceLink ? `<p><a class="show-source" href="${escapeHtml(v.sourceLink)}">${escapeHtml(t('source', v.lang))} →</a></p>` : ''}
<section aria-labelledby="statements"><h2 id="statements">${escapeHtml(t('statements', v.lang))}</h2>
<table class="statements">
${rows || '<tr><td>—</td></tr>'}
</table></section>
${inverse ? `<section aria-labelledby="linked-from"><h2 id="linked-from">${escapeHtml(t('linkedFrom', v.lang))}</h2>\n<table class="statements">\n${inverse}\n</table>${v.inverseTruncated ? '<p class="muted">Only the first links are shown; query the SPARQL endpoint for all.</p>' : ''}</section>` : ''}
<section aria-labelledby="formats"><h2 id="formats">${escapeHtml(t('formats', v.lang))}</h2>
${renderAlternates(v.alternates)}
<p class="muted">¶ = a quote in the <a href="/source">source article</a> (line:column). <a href="${escapeHtml(v.sparqlEndpoint)}">SPARQL</a>.</p></section>`,
  });
}

function renderAlternates(alternates: AlternateView[]): string {
  return `<ul class="formats">${alternates
    .map((a) => `<li><a href="${escapeHtml(a.href)}" type="${escapeHtml(a.mediaType)}">${escapeHtml(a.label)}</a></li>`)
    .join('')}</ul>`;
}

/** The `/dumps/` listing. */
export function renderDumpsPage(dist: DistInfo): string {
  const rows = dist.files
    .map(
      (f) =>
        `<tr><td><a href="/dumps/${escapeHtml(encodeURIComponent(f.name))}">${escapeHtml(f.name)}</a></td><td>${escapeHtml(f.mediaType)}</td><td>${f.size}</td><td><code>${escapeHtml(f.sha256)}</code></td></tr>`,
    )
    .join('\n');
  return renderPage({
    title: 'Dumps',
    lang: 'en',
    body: `<h1>Dumps</h1>
<p>Dataset version <code>${escapeHtml(dist.version)}</code>, built ${escapeHtml(dist.modified.toISOString())}. Files are also served gzip-compressed to clients that accept it.</p>
<table>
<tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Bytes</th><th scope="col">SHA-256</th></tr>
${rows}
</table>`,
  });
}

/** The page of an error (4xx/5xx). */
export function renderErrorPage(error: HttpError): string {
  return renderPage({
    title: `${error.status} ${error.title}`,
    lang: 'en',
    body: `<h1>${error.status} ${escapeHtml(error.title)}</h1>\n<p>${escapeHtml(error.message)}</p>`,
  });
}

/** Properties whose (labelled) value names what an unlabelled resource is about: memberships, votes, actions. */
const TITLE_PROPERTIES = [
  ORG('member'),
  SCHEMA('agent'),
  ANMC('candidate'),
  ANMC('hostCity'),
  ANMC('leader'),
  SCHEMA('location'),
];

/**
 * A title for a resource the data gives no label (a membership, an event): its type and the label of
 * what it is about, e.g. "Membership · Beijing". Presentation only; nothing is added to the data.
 */
function derivedTitle(
  own: readonly Quad[],
  typeIris: readonly string[],
  link: (iri: string) => LinkView,
): string | undefined {
  if (typeIris.length === 0) return undefined;
  // A type without a label shows as a CURIE (org:Membership) or a path: keep the local name only.
  const typeLabel = link(typeIris[0]).label;
  const typeName = typeLabel.includes('/') ? undefined : typeLabel.replace(/^[a-z]+:/, '');
  for (const p of TITLE_PROPERTIES) {
    const values = own.filter((x) => x.predicate.value === p && x.object.termType === 'NamedNode');
    if (values.length !== 1) continue; // none, or several (two candidates): not what the resource is about
    const q = values[0];
    const about = link(q.object.value);
    if (!about.label.includes('/')) return typeName ? `${typeName} · ${about.label}` : about.label;
  }
  return undefined;
}
