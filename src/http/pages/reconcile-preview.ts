// The reconciliation preview (/reconcile/preview?id=…): the small card OpenRefine shows in a 400×160
// frame beside a candidate: name, types, every name with its language, Wikidata id, our id. Inline
// style only (its own CSP, RECONCILE_PREVIEW_CSP): the frame loads no stylesheet.

import { ownNames, type IndexedEntity } from '../../links/entity-index.ts';
import { displayName } from '../../links/reconcile.ts';
import { escapeHtml } from './layout.ts';

/** Inline style only; any site may frame it (OpenRefine runs on its user's origin), as it shows public data and takes no input. */
export const RECONCILE_PREVIEW_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors *";

export function renderReconcilePreview(e: IndexedEntity): string {
  const name = escapeHtml(displayName(e));
  // A derived title is no name of the entity's (it may be the heading); a search name is another place's.
  const names = ownNames(e.names)
    .map((n) => `<li lang="${escapeHtml(n.lang)}">${escapeHtml(n.value)}</li>`)
    .join('');
  const qid = e.values.wikidata?.map((v) => ('str' in v ? escapeHtml(v.str) : '')).join(', ');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title></head>` +
    `<body style="font:14px sans-serif;margin:8px"><strong>${name}</strong> <small>${escapeHtml(e.types.map((t) => t.name).join(', '))}</small>` +
    `<ul style="margin:4px 0;padding-left:18px">${names}</ul>${qid ? `<div>Wikidata: ${qid}</div>` : ''}<div><code>${escapeHtml(e.id)}</code></div></body></html>`
  );
}
