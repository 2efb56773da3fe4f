// The HTML body of an error response (4xx/5xx), in the site's frame; http-error.ts picks the format.

import type { HttpError } from '../http-error.ts';
import { escapeHtml, renderPage } from './layout.ts';

/** The page of an error (4xx/5xx). */
export function renderErrorPage(error: HttpError): string {
  return renderPage({
    title: `${error.status} ${error.title}`,
    lang: 'en',
    body: `<h1>${error.status} ${escapeHtml(error.title)}</h1>\n<p>${escapeHtml(error.message)}</p>`,
  });
}
