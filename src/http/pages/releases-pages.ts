// The pages of the releases: the list of releases, a changeset between two (by entity and fact, with the
// evidence on each side), and a resource's TimeMap. Every value through escapeHtml.

import type { Term } from '@rdfjs/types';
import type { ChangeSummary, Evidence, FactChange } from '../../release/fact-changes.ts';
import { evidenceText, iriShortener, KIND_MARKS, termText } from '../../release/render-changes.ts';
import type { ReleaseManifest } from '../../release/releases.ts';
import { httpDate, type MementoLinks } from '../memento.ts';
import type { ReleaseListing } from '../routes/releases.ts';
import { MEDIA_TYPES } from '../../rdf/formats.ts';
import { escapeHtml, renderPage } from './layout.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** `/releases/`: every release, newest first, with its changelog line, files and the changeset from the one before. */
export function renderReleasesPage(releases: ReleaseListing): string {
  const rows = [...releases]
    .reverse()
    .map((r) => {
      const files = r.files
        .map(
          (f) =>
            `<li><a href="${escapeHtml(f.url)}">${escapeHtml(f.name)}</a> ${kb(f.size)} <code class="sha">${escapeHtml(f.sha256)}</code></li>`,
        )
        .join('');
      return `<section class="release" aria-labelledby="r-${escapeHtml(r.version)}">
<h2 id="r-${escapeHtml(r.version)}"><a href="${escapeHtml(r.url)}">${escapeHtml(r.version)}</a></h2>
<p>${escapeHtml(r.changes)}</p>
<p class="muted">Issued <time datetime="${escapeHtml(r.issued)}">${escapeHtml(r.issued)}</time> · ${r.quads} quads · dataset version <code>${escapeHtml(r.datasetVersion)}</code> · code <code>${escapeHtml(r.code.slice(0, 12))}</code>${r.diff ? ` · <a href="${escapeHtml(r.diff)}">changes since ${escapeHtml(r.previousVersion!)}</a>` : ''}</p>
<ul class="files">${files}</ul>
</section>`;
    })
    .join('\n');
  return renderPage({
    title: 'Releases',
    lang: 'en',
    body: `<h1>Releases</h1>
<p>Every published version of the dataset, kept unchanged so that it stays citable. Each entity's document in a release is at <code>/releases/{version}/id/…</code>; <code>Accept-Datetime</code> on an entity's IRI finds the release in force at that time, and <code>/timemap/id/…</code> lists them (Memento, RFC 7089). SPARQL queries take <code>release={version}</code>.</p>
${rows || '<p>No release yet.</p>'}`,
  });
}

export interface DiffPageInput {
  from: ReleaseManifest;
  to: ReleaseManifest;
  summary: ChangeSummary;
  base: string;
  /** Path of the changeset, for its other formats. */
  path: string;
  /** The releases after the older one up to the newer, for their changelog lines. */
  between: ReleaseManifest[];
}

/** `/releases/{A}/diff/{B}` for people. */
export function renderDiffPage(o: DiffPageInput): string {
  const short = iriShortener(o.base);
  const { summary } = o;
  const counts = (Object.keys(KIND_MARKS) as (keyof typeof KIND_MARKS)[])
    .map((k) => `${summary.counts[k]} ${KIND_MARKS[k].name}`)
    .join(', ');
  const graphs = summary.graphs.length
    ? `<table><tr><th scope="col">Graph</th><th scope="col">Added</th><th scope="col">Removed</th><th scope="col">Subjects</th></tr>${summary.graphs
        .map(
          (g) =>
            `<tr><td>${escapeHtml(short(g.graph))}</td><td>${g.added}</td><td>${g.removed}</td><td>${g.subjects}</td></tr>`,
        )
        .join('')}</table>`
    : '<p>No quad changed.</p>';
  const entities = summary.entities
    .map(
      (e) => `<section class="entity"><h3>${
        e.subject.startsWith(o.base)
          ? `<a href="/releases/${escapeHtml(o.to.version)}/${escapeHtml(e.subject.slice(o.base.length))}">${escapeHtml(short(e.subject))}</a>`
          : escapeHtml(short(e.subject))
      }${e.label ? ` ${escapeHtml(e.label)}` : ''}</h3>
<ul class="facts">${e.facts.map((f) => `<li>${renderFact(f, short)}</li>`).join('')}</ul></section>`,
    )
    .join('\n');
  const why = o.between
    .map(
      (m) =>
        `<li><a href="/releases/${escapeHtml(m.version)}">${escapeHtml(m.version)}</a>: ${escapeHtml(m.changes)}</li>`,
    )
    .join('');
  const formats = ['ttl', 'jsonld', 'nq', 'trig', 'nt', 'rdf', 'rdfp']
    .map((ext) => `<a href="${escapeHtml(o.path)}.${ext}">${ext === 'rdfp' ? 'RDF Patch' : ext}</a>`)
    .join(' · ');
  return renderPage({
    title: `Changes from ${o.from.version} to ${o.to.version}`,
    lang: 'en',
    body: `<h1>Changes from release <a href="/releases/${escapeHtml(o.from.version)}">${escapeHtml(o.from.version)}</a> to <a href="/releases/${escapeHtml(o.to.version)}">${escapeHtml(o.to.version)}</a></h1>
${why ? `<ul class="why">${why}</ul>` : ''}
<p>Facts: ${escapeHtml(counts)}.</p>
${graphs}
<p class="muted">Machine-readable: ${formats}.</p>
${entities || '<p>No fact changed.</p>'}`,
  });
}

function renderFact(f: FactChange, short: (iri: string) => string): string {
  const { mark, name } = KIND_MARKS[f.kind];
  const head = `<span class="mark" title="${escapeHtml(name)}">${escapeHtml(mark)}</span> ${escapeHtml(short(f.predicate))} <span class="graph">${escapeHtml(short(f.graph))}</span>`;
  const value = (term: Term) => `<span class="value">${escapeHtml(termText(term, short))}</span>`;
  const evidence = (list: readonly Evidence[]) =>
    list.length
      ? `<ul class="evidence">${list.map((e) => `<li>${escapeHtml(evidenceText(e))}</li>`).join('')}</ul>`
      : '';
  if (f.kind === 'moved' || f.kind === 'resourced') {
    return `${head} ${value(f.after[0]!.object)}<div class="sides"><div><strong>before</strong>${evidence(f.before[0]!.evidence)}</div><div><strong>after</strong>${evidence(f.after[0]!.evidence)}</div></div>`;
  }
  const side = (sign: string, values: FactChange['before']) =>
    values.map((v) => `<div>${escapeHtml(sign)} ${value(v.object)}${evidence(v.evidence)}</div>`).join('');
  return `${head}<div class="sides">${side('−', f.before)}${side('+', f.after)}</div>`;
}

/** A TimeMap for people: the original, and each memento with its date and the release's changelog line. */
export function renderTimeMapPage(o: { iri: string; links: MementoLinks; releases: ReleaseManifest[] }): string {
  const items = o.links.mementos
    .map((m, i) => {
      const r = o.releases[i]!;
      const prev = o.releases[i - 1];
      return `<li><a href="${escapeHtml(m.url)}">${escapeHtml(r.version)}</a> <time datetime="${escapeHtml(r.issued)}">${escapeHtml(httpDate(m.datetime))}</time>: ${escapeHtml(r.changes)}${prev ? ` <a href="/releases/${escapeHtml(prev.version)}/diff/${escapeHtml(r.version)}">(changes)</a>` : ''}</li>`;
    })
    .join('\n');
  return renderPage({
    title: `Versions of ${o.iri}`,
    lang: 'en',
    body: `<h1>Versions</h1>
<p class="iri"><code>${escapeHtml(o.iri)}</code> · <a href="${escapeHtml(o.links.original)}">current</a> · <a href="${escapeHtml(o.links.timemap)}" type="${MEDIA_TYPES.linkFormat}">TimeMap</a></p>
<ol class="mementos">
${items}
</ol>`,
  });
}
