// Minimal server-rendered HTML: one function per page, plain view models in, escaped strings out.
// Every piece of data goes through escapeHtml/attr; the pages need no script (CSP forbids it).

import { createHash } from 'node:crypto';
import type { Quad, Term } from '@rdfjs/types';
import type { Description } from './describe.ts';
import { LABEL_PROPERTIES } from './describe.ts';
import type { DistInfo } from './dumps.ts';
import type { HttpError } from './http-error.ts';
import { ANMC, DCTERMS, OA, PROV, RDF } from '../vocab.ts';

/** Escape text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
a{color:#0645ad}code,.iri{font-family:ui-monospace,monospace;font-size:.9em;word-break:break-all}
table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid #ddd}
th{width:14rem;font-weight:600}blockquote{margin:.2rem 0;padding:.2rem .6rem;border-left:3px solid #aaa;background:#f6f6f6}
nav.formats a{margin-right:.6rem}.muted{color:#666}`;

/** Content-Security-Policy of every HTML page: no scripts, no remote anything; the one inline style is allowed by hash. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`;

/** A link to a resource: where it goes (a path on this server, or the IRI itself), and its label. */
export interface LinkView {
  iri: string;
  href: string;
  label: string;
}

export type ValueView =
  | { kind: 'link'; link: LinkView }
  | { kind: 'literal'; value: string; lang?: string; datatype?: string }
  | { kind: 'blank'; id: string; properties: PropertyView[] };

export interface PropertyView {
  predicate: LinkView;
  values: ValueView[];
}

export interface ProvenanceView {
  statement: LinkView;
  subject: ValueView;
  predicate: LinkView;
  object: ValueView;
  /** Graph that asserts the triple (article, supplements). */
  assertedIn?: LinkView;
  derivedFrom: LinkView[];
  quote?: { exact: string; line?: string; column?: string };
  confidence?: LinkView;
}

export interface AlternateView {
  label: string;
  href: string;
  mediaType: string;
}

export interface ResourceView {
  iri: string;
  title: string;
  /** Language of the title and labels, when one was chosen. */
  lang?: string;
  types: LinkView[];
  properties: PropertyView[];
  inverse: { predicate: LinkView; subjects: LinkView[] }[];
  inverseTruncated: boolean;
  provenance: ProvenanceView[];
  alternates: AlternateView[];
  sparqlEndpoint: string;
}

export interface ViewContext {
  /** Path on this server for an IRI it serves, or undefined for an outside IRI. */
  pathFor: (iri: string) => string | undefined;
  /** Preferred label language (from Accept-Language), compared case-insensitively. */
  lang?: string;
  alternates: AlternateView[];
  sparqlEndpoint: string;
}

/** Build the view of a resource page from its description. */
export function buildResourceView(d: Description, ctx: ViewContext): ResourceView {
  const all = [...d.forward, ...d.inverse, ...d.provenance, ...d.labels];
  const labelOf = labeller(all, ctx);
  const link = (iri: string): LinkView => ({ iri, href: ctx.pathFor(iri) ?? iri, label: labelOf(iri) ?? iri });
  const value = (t: Term, depth = 0): ValueView => {
    if (t.termType === 'NamedNode') return { kind: 'link', link: link(t.value) };
    if (t.termType === 'BlankNode') {
      const props = depth < 4 ? groupProperties(d.forward.filter((q) => q.subject.equals(t)), (o) => value(o, depth + 1), link) : [];
      return { kind: 'blank', id: t.value, properties: props };
    }
    if (t.termType === 'Literal') {
      const datatype = t.datatype.value;
      return { kind: 'literal', value: t.value, lang: t.language || undefined, datatype: t.language || datatype.endsWith('#string') ? undefined : datatype };
    }
    return { kind: 'literal', value: t.value };
  };
  const own = d.forward.filter((q) => q.subject.value === d.iri && q.subject.termType === 'NamedNode');
  const types = own.filter((q) => q.predicate.value === RDF('type')).map((q) => link(q.object.value));
  const properties = groupProperties(own.filter((q) => q.predicate.value !== RDF('type')), (o) => value(o), link);

  const inverseMap = new Map<string, LinkView[]>();
  for (const q of d.inverse) {
    const list = inverseMap.get(q.predicate.value) ?? [];
    if (!list.some((l) => l.iri === q.subject.value)) list.push(link(q.subject.value));
    inverseMap.set(q.predicate.value, list);
  }

  const provenance: ProvenanceView[] = [];
  const statements = new Set(d.provenance.filter((q) => q.predicate.value === RDF('subject')).map((q) => q.subject.value));
  for (const st of statements) {
    const about = d.provenance.filter((q) => q.subject.value === st);
    const one = (p: string) => about.find((q) => q.predicate.value === p)?.object;
    const subject = one(RDF('subject'));
    const predicate = one(RDF('predicate'));
    const object = one(RDF('object'));
    if (!subject || !predicate || !object) continue;
    const derivedFrom = about.filter((q) => q.predicate.value === PROV('wasDerivedFrom')).map((q) => q.object.value);
    const quoteIri = derivedFrom.find((iri) => d.provenance.some((q) => q.subject.value === iri && q.predicate.value === OA('exact')));
    const quoteValue = (p: string) => d.provenance.find((q) => q.subject.value === quoteIri && q.predicate.value === p)?.object.value;
    const assertedIn = one(DCTERMS('isPartOf'));
    const confidence = one(ANMC('confidence'));
    provenance.push({
      statement: link(st),
      subject: value(subject),
      predicate: link(predicate.value),
      object: value(object),
      assertedIn: assertedIn ? link(assertedIn.value) : undefined,
      derivedFrom: derivedFrom.map(link),
      quote: quoteIri ? { exact: quoteValue(OA('exact')) ?? '', line: quoteValue(ANMC('line')), column: quoteValue(ANMC('column')) } : undefined,
      confidence: confidence ? link(confidence.value) : undefined,
    });
  }

  return {
    iri: d.iri,
    title: labelOf(d.iri) ?? d.iri,
    lang: ctx.lang,
    types,
    properties,
    inverse: [...inverseMap].map(([p, subjects]) => ({ predicate: link(p), subjects })),
    inverseTruncated: d.inverseTruncated,
    provenance,
    alternates: ctx.alternates,
    sparqlEndpoint: ctx.sparqlEndpoint,
  };
}

function groupProperties(quads: Quad[], value: (t: Term) => ValueView, link: (iri: string) => LinkView): PropertyView[] {
  const map = new Map<string, ValueView[]>();
  for (const q of quads) map.set(q.predicate.value, [...(map.get(q.predicate.value) ?? []), value(q.object)]);
  return [...map].map(([p, values]) => ({ predicate: link(p), values }));
}

/** Label lookup: a label in the preferred language, else an untagged one, else any (sorted, so the choice is stable). */
function labeller(quads: Quad[], ctx: ViewContext): (iri: string) => string | undefined {
  const byIri = new Map<string, { value: string; lang: string; rank: number }[]>();
  for (const q of quads) {
    const rank = LABEL_PROPERTIES.indexOf(q.predicate.value);
    if (rank < 0 || q.object.termType !== 'Literal' || q.subject.termType !== 'NamedNode') continue;
    const list = byIri.get(q.subject.value) ?? [];
    list.push({ value: q.object.value, lang: q.object.language.toLowerCase(), rank });
    byIri.set(q.subject.value, list);
  }
  const want = ctx.lang?.toLowerCase();
  return (iri) => {
    const list = byIri.get(iri);
    if (!list) return undefined;
    const score = (l: { lang: string; rank: number }) =>
      (want && (l.lang === want || l.lang.startsWith(want + '-')) ? 0 : l.lang === '' ? 100 : l.lang === 'en' ? 200 : 300) + l.rank;
    return [...list].sort((a, b) => score(a) - score(b) || a.value.localeCompare(b.value))[0].value;
  };
}

function page(title: string, lang: string | undefined, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ANMC21</title>
<style>${STYLE}</style>
</head>
<body>
<header><a href="/">ANMC21 linked data</a> · <a href="/dumps/">Dumps</a> · <a href="/sparql">SPARQL</a> · <a href="/ontology">Ontology</a></header>
${body}
</body>
</html>
`;
}

function renderLink(l: LinkView): string {
  return `<a href="${escapeHtml(l.href)}" title="${escapeHtml(l.iri)}">${escapeHtml(l.label)}</a>`;
}

function renderValue(v: ValueView): string {
  switch (v.kind) {
    case 'link':
      return renderLink(v.link);
    case 'literal': {
      const lang = v.lang ? ` lang="${escapeHtml(v.lang)}"` : '';
      const type = v.datatype ? ` <span class="muted">(${escapeHtml(v.datatype.replace(/^.*[#/]/, ''))})</span>` : '';
      return `<span${lang}>${escapeHtml(v.value)}</span>${type}`;
    }
    case 'blank':
      return `<ul>${v.properties.map((p) => `<li>${renderLink(p.predicate)}: ${p.values.map(renderValue).join(', ')}</li>`).join('')}</ul>`;
  }
}

function renderAlternates(alternates: AlternateView[]): string {
  return `<nav class="formats" aria-label="Other formats">${alternates
    .map((a) => `<a href="${escapeHtml(a.href)}" type="${escapeHtml(a.mediaType)}">${escapeHtml(a.label)}</a>`)
    .join('')}</nav>`;
}

/** The page of one resource (entity, meeting, quote, statement, ontology term…). */
export function renderResourcePage(v: ResourceView): string {
  const rows = v.properties
    .map((p) => `<tr><th scope="row">${renderLink(p.predicate)}</th><td>${p.values.map(renderValue).join('<br>')}</td></tr>`)
    .join('\n');
  const inverse = v.inverse
    .map((i) => `<tr><th scope="row">is ${renderLink(i.predicate)} of</th><td>${i.subjects.map(renderLink).join('<br>')}</td></tr>`)
    .join('\n');
  const provenance = v.provenance
    .map(
      (p) => `<li>${renderValue(p.subject)} ${renderLink(p.predicate)} ${renderValue(p.object)}
  ${p.assertedIn ? ` <span class="muted">in ${renderLink(p.assertedIn)}</span>` : ''}${p.confidence ? ` <span class="muted">(${renderLink(p.confidence)})</span>` : ''}
  ${p.quote ? `<blockquote>${escapeHtml(p.quote.exact)}</blockquote><span class="muted">line ${escapeHtml(p.quote.line ?? '?')}, column ${escapeHtml(p.quote.column ?? '?')}</span> · ` : ''}
  source: ${p.derivedFrom.map(renderLink).join(', ')} · statement ${renderLink(p.statement)}</li>`,
    )
    .join('\n');
  return page(
    v.title,
    v.lang,
    `<main>
<h1>${escapeHtml(v.title)}</h1>
<p class="iri">${escapeHtml(v.iri)}</p>
${v.types.length ? `<p>Type: ${v.types.map(renderLink).join(', ')}</p>` : ''}
${renderAlternates(v.alternates)}
<h2>Statements</h2>
<table>
${rows || '<tr><td>No statements with this resource as subject.</td></tr>'}
</table>
${inverse ? `<h2>Linked from</h2>\n<table>\n${inverse}\n</table>${v.inverseTruncated ? '<p class="muted">Only the first links are shown; query the SPARQL endpoint for all.</p>' : ''}` : ''}
${provenance ? `<h2>Provenance</h2>\n<ul>\n${provenance}\n</ul>` : ''}
<p class="muted">Query this data at <a href="${escapeHtml(v.sparqlEndpoint)}">the SPARQL endpoint</a>.</p>
</main>`,
  );
}

export interface LandingView {
  title: string;
  description?: string;
  version: string;
  triples: number;
  /** Example resources to start browsing from. */
  examples: LinkView[];
  dumps: { name: string; href: string; size: number }[];
  alternates: AlternateView[];
}

/** The landing page `/`. */
export function renderLandingPage(v: LandingView): string {
  return page(
    v.title,
    'en',
    `<main>
<h1>${escapeHtml(v.title)}</h1>
${v.description ? `<p>${escapeHtml(v.description)}</p>` : ''}
<p>Dataset version <code>${escapeHtml(v.version)}</code>, ${v.triples} quads.</p>
${renderAlternates(v.alternates)}
<h2>Start browsing</h2>
<ul>${v.examples.map((e) => `<li>${renderLink(e)}</li>`).join('\n')}</ul>
<h2>Downloads</h2>
<ul>${v.dumps.map((d) => `<li><a href="${escapeHtml(d.href)}">${escapeHtml(d.name)}</a> <span class="muted">(${d.size} bytes)</span></li>`).join('\n')}</ul>
<h2>Services</h2>
<ul><li><a href="/sparql">SPARQL endpoint</a></li><li><a href="/.well-known/void">Dataset description (VoID)</a></li><li><a href="/ontology">Ontology</a></li><li><a href="/context.jsonld">JSON-LD context</a></li></ul>
</main>`,
  );
}

/** The `/dumps/` listing. */
export function renderDumpsPage(dist: DistInfo): string {
  const rows = dist.files
    .map((f) => `<tr><td><a href="/dumps/${escapeHtml(encodeURIComponent(f.name))}">${escapeHtml(f.name)}</a></td><td>${escapeHtml(f.mediaType)}</td><td>${f.size}</td><td><code>${escapeHtml(f.sha256)}</code></td></tr>`)
    .join('\n');
  return page(
    'Dumps',
    'en',
    `<main>
<h1>Dumps</h1>
<p>Dataset version <code>${escapeHtml(dist.version)}</code>, built ${escapeHtml(dist.modified.toISOString())}. Files are also served gzip-compressed to clients that accept it.</p>
<table>
<tr><th>File</th><th>Type</th><th>Bytes</th><th>SHA-256</th></tr>
${rows}
</table>
</main>`,
  );
}

/** The page of an error (4xx/5xx). */
export function renderErrorPage(error: HttpError): string {
  return page(`${error.status} ${error.title}`, 'en', `<main>\n<h1>${error.status} ${escapeHtml(error.title)}</h1>\n<p>${escapeHtml(error.message)}</p>\n</main>`);
}
