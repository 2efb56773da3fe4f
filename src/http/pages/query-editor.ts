// The query editor at /sparql for browsers (the endpoint router's renderServiceHtml hook): a plain
// form that works without JavaScript, replaced by YASGUI (served from node_modules via /assets) with
// our prefixes and the stored queries as examples; the endpoint's limits and descriptions below.

import { FUNCTIONS_STATEMENT, type ServiceDescriptionInput } from '../service-description.ts';
import { PREFIXES } from '../../vocab.ts';
import { escapeHtml, jsonForScript, renderPage } from './layout.ts';

/**
 * CSP of the query editor page: one relaxation, only on this page. `style-src 'unsafe-inline'`:
 * CodeMirror, the result table and the tab bar set `style` attributes and inject <style> elements at
 * run time; refused, they log CSP violations and the editor renders unusable (checked in the browser
 * tests). Scripts stay `'self'` only: no inline script (our configuration is a non-executable JSON
 * data block) and no `'unsafe-eval'` (the bundle's one `eval(` is a JSON.parse polyfill for browsers
 * without JSON, never reached). Queries go to this server only (`connect-src 'self'`).
 */
export const QUERY_EDITOR_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Prefixes the editor starts with (and YASR uses to shorten IRIs in results). */
export function editorPrefixes(): Record<string, string> {
  return { ...PREFIXES, id: 'https://w3id.org/anmc21/id/' };
}

const STARTER = `SELECT ?city ?label WHERE {
  ?membership a org:Membership ;
      org:member ?city .
  ?city rdfs:label ?label .
  FILTER(langMatches(lang(?label), "en"))
}
ORDER BY ?label`;

/** The /sparql page for browsers. */
export function renderQueryEditorPage(input: ServiceDescriptionInput): string {
  const prefixes = editorPrefixes();
  const used = ['rdf', 'rdfs', 'xsd', 'owl', 'skos', 'dcterms', 'org', 'prov', 'oa', 'schema', 'wgs84', 'anmc'];
  const header = used.map((p) => `PREFIX ${p}: <${prefixes[p]}>`).join('\n');
  const defaultQuery = `${header}\n\n${STARTER}\n`;
  const endpointPath = new URL(input.endpoint).pathname;
  const config = {
    endpoint: endpointPath,
    prefixes,
    defaultQuery,
    examples: input.storedQueries.map((q) => ({
      name: q.name,
      title: q.title,
      description: q.description ?? '',
      query: q.query,
    })),
  };
  const l = input.limits;
  const examples = input.storedQueries
    .map(
      (
        q,
      ) => `<li><a href="/queries/${escapeHtml(encodeURIComponent(q.name))}">${escapeHtml(q.title)}</a> <span class="muted">(${escapeHtml(q.form)})</span>
<button type="button" class="load-example" data-example="${escapeHtml(q.name)}" hidden>Open in the editor</button>${
        q.description ? `<br><span class="muted">${escapeHtml(q.description)}</span>` : ''
      }</li>`,
    )
    .join('\n');
  return renderPage({
    title: 'SPARQL query editor',
    lang: 'en',
    styles: ['/assets/yasgui/yasgui.min.css'],
    scripts: ['/assets/yasgui/yasgui.min.js', '/assets/query-editor.js'],
    head: `<script type="application/json" id="query-config">${jsonForScript(config)}</script>`,
    body: `<h1>SPARQL query editor</h1>
<p>Read-only SPARQL 1.1 endpoint at <code>${escapeHtml(input.endpoint)}</code>. The default graph is the union of all named graphs.
Results appear as a table; pick an example below to load it.</p>
<p class="muted">${escapeHtml(FUNCTIONS_STATEMENT)}</p>
<div id="yasgui" class="yasgui-mount"></div>
<form class="plain-query" method="get" action="${escapeHtml(endpointPath)}">
<p><label for="plain-query-text">Query</label></p>
<textarea id="plain-query-text" name="query" rows="14" cols="80" spellcheck="false">${escapeHtml(defaultQuery)}</textarea>
<p><label for="plain-query-format">Results as</label>
<select id="plain-query-format" name="format"><option value="json">SPARQL JSON</option><option value="csv">CSV</option><option value="tsv">TSV</option><option value="xml">SPARQL XML</option><option value="ttl">Turtle (CONSTRUCT/DESCRIBE)</option></select>
<button type="submit">Run query</button></p>
<noscript><p class="muted">The interactive editor needs JavaScript; this form sends the query as a plain GET.</p></noscript>
</form>
<section aria-labelledby="examples-heading">
<h2 id="examples-heading">Example queries</h2>
<ul class="examples">
${examples}
</ul>
</section>
<section aria-labelledby="limits-heading">
<h2 id="limits-heading">Limits</h2>
<ul>
<li>Time per query: ${l.timeoutMs} ms; rows per SELECT: ${l.maxRows} (a cut result says so: <code>X-SPARQL-Truncated: true</code>)</li>
<li>Query length: ${l.maxQueryLength} characters; request body: ${l.maxBodyBytes} bytes; queries at once: ${l.workers}, waiting: ${l.queueLength}</li>
<li>Query shape: at most ${l.maxQueryDepth} brackets and prefix operators open at once and ${l.maxQueryOperators} operators, groups and brackets in all; triples per CONSTRUCT/DESCRIBE: ${l.maxTriples}; bytes per result: ${l.maxResultBytes}</li>
<li>Named graphs: ${input.graphs.map((g) => `<code>${escapeHtml(g)}</code>`).join(', ')}</li>
</ul>
<p>Service Description: <a href="?format=ttl">Turtle</a> · <a href="?format=jsonld">JSON-LD</a> · <a href="?format=nt">N-Triples</a> · stored queries as <a href="/queries">a list</a>.</p>
</section>`,
  });
}
