// The list of stored queries (/queries) for people: each query's title linking to its results, its
// form and description. The JSON form of the same list is the SPARQL router's.

import { escapeHtml, renderPage } from './layout.ts';

export interface StoredQueryLink {
  url: string;
  title: string;
  form: string;
  description?: string;
}

export function renderStoredQueriesPage(list: readonly StoredQueryLink[]): string {
  const items = list
    .map(
      (q) =>
        `<li><a href="${escapeHtml(q.url)}">${escapeHtml(q.title)}</a> (${escapeHtml(q.form)})${q.description ? ` — ${escapeHtml(q.description)}` : ''}</li>`,
    )
    .join('\n');
  return renderPage({ title: 'Stored queries', lang: 'en', body: `<h1>Stored queries</h1>\n<ul>\n${items}\n</ul>` });
}
