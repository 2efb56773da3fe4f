// The reconciliation service's documentation page (/reconcile/docs, the manifest's `documentation`):
// what OpenRefine users need to match against ANMC21, written from the same tables the service uses
// (the properties, the match rule and the name penalties), so the page cannot drift from the code.

import { PROPERTIES } from '../../links/entity-index.ts';
import { MATCH_MARGIN, MATCH_THRESHOLD, NAME_KIND_PENALTY } from '../../links/reconcile.ts';
import { escapeHtml, renderPage } from './layout.ts';

export function renderReconcileDocs(serviceUrl: string): string {
  const properties = PROPERTIES.map(
    (p) =>
      `<tr><td><code>${escapeHtml(p.id)}</code></td><td>${escapeHtml(p.name)}</td><td>${escapeHtml(p.kinds.join(', '))}</td><td>${escapeHtml(p.value === 'qid' ? 'str (a QID)' : p.value)}</td></tr>`,
  ).join('\n');
  const url = escapeHtml(serviceUrl);
  return renderPage({
    title: 'Reconciliation service',
    lang: 'en',
    body: `<h1>Reconciliation service</h1>
<p>A W3C Reconciliation API v0.2 service over the ANMC21 entities (cities, the network, people, places, meetings,
declarations). In OpenRefine: <em>Reconcile → Start reconciling → Add standard service</em>, with the URL
<code>${url}</code>. Ids are paths under <code>https://w3id.org/anmc21/id/</code>, e.g. <code>city/tokyo</code>;
the suggest service also finds an entity by its id.</p>
<h2>Names and scores</h2>
<p>A query is compared with every name the sources give an entity, in every language (Traditional and Simplified
Chinese, English, Japanese, Korean, Russian, Mongolian, Vietnamese, Thai, Indonesian, Malay, Burmese, Hindi),
ignoring case, diacritics, spacing and the Traditional/Simplified difference. An exact name scores 100, the same
name in another script 98, a name differing by an administrative unit (台北市, Taipei City) 90, one typo per four
letters 85 (15 less per further typo). A name the entity goes by besides its own costs ${NAME_KIND_PENALTY.alternate}
point, so the entity whose own name it is ranks first; a name people type that properly names a related place
(New Delhi for the NCT of Delhi) costs ${NAME_KIND_PENALTY.search}, so it alone is never an automatic match. Each
matching property constraint adds 5, each mismatching one takes 10. A candidate is a <em>match</em> when it scores
at least ${MATCH_THRESHOLD} and leads the next by at least ${MATCH_MARGIN}. Every candidate's <code>features</code>
say which rule gave its score.</p>
<h2>Properties</h2>
<p>For constraints (<code>properties: [{pid, v}]</code>) and data extension (<em>Edit column → Add columns from
reconciled values</em>):</p>
<table>
<tr><th scope="col">Id</th><th scope="col">Name</th><th scope="col">For</th><th scope="col">Value</th></tr>
${properties}
</table>
<p>Dates come as <code>date</code> at day precision; a month the article gives stays a <code>str</code> beside
the other sources' days (Beijing's withdrawal: 2005-09 and 2005-08-30).</p>
<h2>Requests</h2>
<ul>
<li><code>GET ${url}</code>: the manifest.</li>
<li><code>POST ${url}</code> with <code>queries={"q0":{"query":"台北市","type":"schema:City","limit":3}}</code>: candidates.</li>
<li><code>POST ${url}</code> with <code>extend={"ids":["city/tokyo"],"properties":[{"id":"wikidata"}]}</code>: values.</li>
<li><code>GET ${url}/suggest/entity?prefix=…</code>, <code>…/suggest/type</code>, <code>…/suggest/property</code>,
<code>…/propose_properties?type=…</code>, <code>…/preview?id=city/tokyo</code>.</li>
</ul>`,
  });
}
