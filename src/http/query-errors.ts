// How a query that fails becomes an HTTP error: a refused query (syntax, length, SERVICE, functions)
// is a 400 with the parser's line and column; the engine's failures are 400 (the query) or 503 (the
// server: timeout, full queue, worker gone), with Retry-After where waiting helps.

import { checkQuery, QueryCheckError, type CheckedQuery } from '../store/check-query.ts';
import { QueryPoolError } from '../store/query-runner.ts';
import { HttpError } from './http-error.ts';

/** Check a query before it reaches the engine; a refusal is a 400 whose details say why and where. */
export function checkRequestQuery(text: string, options: { baseIri: string; maxLength: number }): CheckedQuery {
  try {
    return checkQuery(text, options);
  } catch (error) {
    if (!(error instanceof QueryCheckError)) throw error;
    const details: Record<string, unknown> = { reason: error.reason };
    if (error.line !== undefined) Object.assign(details, { line: error.line, column: error.column });
    if (error.iri !== undefined) details.iri = error.iri;
    if (error.reason === 'too-long') details.maxQueryLength = options.maxLength;
    throw new HttpError(400, error.message, { cause: error, details });
  }
}

/** The HTTP error for a query the runner could not answer. */
export function queryRunError(error: unknown): HttpError {
  if (!(error instanceof QueryPoolError)) return new HttpError(500, 'Internal server error', { cause: error });
  switch (error.reason) {
    case 'timeout':
      return new HttpError(503, `${error.message}. Simplify the query (add LIMIT, narrow patterns) or ask for less.`, {
        cause: error,
        details: { reason: 'timeout', timeoutMs: error.limitMs },
      });
    case 'busy':
      return new HttpError(503, `${error.message}. Retry later.`, {
        cause: error,
        headers: { 'Retry-After': String(Math.max(1, Math.ceil((error.limitMs ?? 1000) / 1000))) },
        details: { reason: 'busy' },
      });
    case 'engine':
      return new HttpError(400, `The query engine could not run this query: ${error.message}`, {
        cause: error,
        details: { reason: 'engine' },
      });
    case 'crashed':
    case 'unavailable':
    case 'closed':
      return new HttpError(503, error.message, {
        cause: error,
        headers: { 'Retry-After': '5' },
        details: { reason: error.reason },
      });
    case 'aborted':
      return new HttpError(503, error.message, { cause: error });
  }
}
