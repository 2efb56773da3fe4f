// The page of one resource (entity, meeting, quote, statement, ontology term…) rendered from its view
// model (pages/resource-view.ts): every value through escapeHtml, the data block through jsonForScript.

import { escapeHtml, jsonForScript, languageName, renderPage, t, type UiLanguage } from './layout.ts';
import {
  type AlternateView,
  compactIri,
  type FactView,
  type LinkView,
  type PropertyView,
  type ResourceView,
  type ValueView,
} from './resource-view.ts';

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

function renderSources(f: FactView, lang: UiLanguage): string {
  if (f.sources.length === 0) return '';
  const items = f.sources.map((s) =>
    s.kind === 'quote'
      ? `<a class="src quote" href="${escapeHtml(s.href)}" title="${escapeHtml(s.exact)}">¶${s.line}:${s.column}</a>`
      : `<a class="src ref" href="${escapeHtml(s.href)}" rel="nofollow"${s.row ? ` title="${escapeHtml(`supplement row ${s.row}${s.line ? `, line ${s.line}` : ''}`)}"` : ''}>${escapeHtml(s.label)}</a>${s.confidence && s.confidence !== 'Verified' ? ` <span class="confidence">${escapeHtml(s.confidence)}</span>` : ''}`,
  );
  // A named group: `aria-label` names only elements with a role (on a plain <span> it is ignored).
  return ` <span class="sources" role="group" aria-label="${escapeHtml(t('sources', lang))}">${items.join(' ')}</span>`;
}

function renderFact(f: FactView, lang: UiLanguage): string {
  const graphs = f.graphs
    .filter((g) => g !== 'article' && g !== 'provenance' && g !== 'ontology')
    .map((g) => ` <span class="graph">${escapeHtml(g)}</span>`)
    .join('');
  return `<li>${renderValue(f.value)}${graphs}${renderSources(f, lang)}</li>`;
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
          p.conflict
            ? renderConflict(p, v.lang)
            : `<ul class="facts">${p.facts.map((f) => renderFact(f, v.lang)).join('')}</ul>`
        }</td></tr>`,
    )
    .join('\n');
  const inverse = v.inverse
    .map(
      (i) =>
        `<tr><th scope="row">${renderLink(i.predicate)}</th><td><ul class="facts">${i.facts.map((f) => renderFact(f, v.lang)).join('')}</ul></td></tr>`,
    )
    .join('\n');
  const titleLang = v.titleLang && v.titleLang.toLowerCase() !== v.lang.toLowerCase() ? v.titleLang : undefined;
  const title = titleLang ? `<span lang="${escapeHtml(titleLang)}">${escapeHtml(v.title)}</span>` : escapeHtml(v.title);
  const fallbackNote = v.titleFallback
    ? `<p class="fallback-note" role="note">${escapeHtml(t('fallback', v.lang))} <span lang="${escapeHtml(v.titleLang ?? '')}">${escapeHtml(languageName(v.titleLang ?? ''))}</span></p>`
    : '';
  const derivedNote = v.titleDerived
    ? `<p class="derived-note" role="note">${escapeHtml(t('derivedTitle', v.lang))}</p>`
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
    body: `${mementoNote(v)}<h1>${title}</h1>
${fallbackNote}
${derivedNote}
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

/** On a release's copy: which release, since when, and where the current document and the other versions are. */
function mementoNote(v: ResourceView): string {
  const m = v.memento;
  if (!m) return '';
  return `<p class="memento-note" role="note">Release <a href="/releases/${escapeHtml(m.version)}">${escapeHtml(m.version)}</a>, in force from <time datetime="${escapeHtml(m.issued)}">${escapeHtml(m.issued)}</time>: the resource as that release recorded it. <a href="${escapeHtml(m.original)}">Current version</a> · <a href="/timemap${escapeHtml(m.original)}">all versions</a></p>\n`;
}

function renderAlternates(alternates: AlternateView[]): string {
  return `<ul class="formats">${alternates
    .map((a) => `<li><a href="${escapeHtml(a.href)}" type="${escapeHtml(a.mediaType)}">${escapeHtml(a.label)}</a></li>`)
    .join('')}</ul>`;
}
