// The `/dumps/` listing for people: every file of dist/ with its type, size and SHA-256, then every
// release's files (kept unchanged, served under /releases/).

import type { DistInfo } from '../../dump/read-dist.ts';
import type { ReleaseDownloads } from '../routes/dumps.ts';
import { escapeHtml, renderPage } from './layout.ts';

const row = (href: string, name: string, mediaType: string, size: number, sha256: string) =>
  `<tr><td><a href="${escapeHtml(href)}">${escapeHtml(name)}</a></td><td>${escapeHtml(mediaType)}</td><td>${size}</td><td><code>${escapeHtml(sha256)}</code></td></tr>`;

const HEAD =
  '<tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Bytes</th><th scope="col">SHA-256</th></tr>';

/** The `/dumps/` listing. */
export function renderDumpsPage(dist: DistInfo, releases: readonly ReleaseDownloads[] = []): string {
  const rows = dist.files
    .map((f) => row(`/dumps/${encodeURIComponent(f.name)}`, f.name, f.mediaType, f.size, f.sha256))
    .join('\n');
  const archive = [...releases]
    .reverse()
    .map(
      (r) => `<h3 id="release-${escapeHtml(r.version)}"><a href="${escapeHtml(r.url)}">${escapeHtml(r.version)}</a></h3>
<p>Issued ${escapeHtml(r.issued)}: ${escapeHtml(r.changes)}</p>
<table>
${HEAD}
${r.files.map((f) => row(f.url, f.name, f.mediaType, f.size, f.sha256)).join('\n')}
</table>`,
    )
    .join('\n');
  return renderPage({
    title: 'Dumps',
    lang: 'en',
    body: `<h1>Dumps</h1>
<p>Dataset version <code>${escapeHtml(dist.version)}</code>, built ${escapeHtml(dist.modified.toISOString())}. Files are also served gzip-compressed to clients that accept it.</p>
<table>
${HEAD}
${rows}
</table>
${archive ? `<h2>Releases</h2>\n<p>Every release, unchanged since it was recorded (<a href="/releases/">releases</a>).</p>\n${archive}` : ''}`,
  });
}
