// The `/dumps/` listing for people: every file of dist/ with its type, size and SHA-256.

import type { DistInfo } from '../../dump/read-dist.ts';
import { escapeHtml, renderPage } from './layout.ts';

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
