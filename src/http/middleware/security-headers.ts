// Security headers on every response, errors and cached answers included: no MIME sniffing, no
// referrer, no framing, and a Content-Security-Policy that allows nothing. HTML routes replace the
// policy with their page's (pages/layout.ts, the query editor, the reconciliation preview, which
// OpenRefine frames and so says who may frame it).

import type { RequestHandler } from 'express';

/** The policy of every response that is not a page: a document, an error, JSON, a dump. */
export const DEFAULT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Headers set on every response before any route runs. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': DEFAULT_CSP,
});

export function setSecurityHeaders(res: { setHeader(name: string, value: string): unknown }): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

export const securityHeaders: RequestHandler = (_req, res, next) => {
  setSecurityHeaders(res);
  next();
};
