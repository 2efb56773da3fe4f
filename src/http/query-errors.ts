// How a query that fails becomes an HTTP error: a refused query (syntax, length, SERVICE, functions)
// is a 400 with the parser's line and column; the engine's failures are 400 (the query) or 503 (the
// server: timeout, full queue, worker gone), with Retry-After where waiting helps.

import { QueryCheckError, type CheckQueryOptions } from '../store/check-query.ts';
import type { QueryChecker, QuerySummary } from '../store/query-checker.ts';
import { QueryPoolError } from '../store/query-runner.ts';
import { HttpError } from './http-error.ts';

/** The detail member naming each limit a refusal can cite (the Service Description's names). */
const LIMIT_DETAILS: Partial<Record<QueryCheckError['reason'], string>> = {
  'too-long': 'maxQueryLength',
  'too-deep': 'maxQueryDepth',
  'too-complex': 'maxQueryOperators',
};

/**
 * Check a query before it reaches the engine (off the main thread when long, see query-checker.ts); a
 * refusal is a 400 whose details say why and where, a checker that cannot answer a 503.
 */
export async function checkRequestQuery(
  checker: QueryChecker,
  text: string,
  options: CheckQueryOptions,
): Promise<QuerySummary> {
  try {
    return await checker.check(text, options);
  } catch (error) {
    if (error instanceof QueryPoolError) throw queryRunError(error);
    if (!(error instanceof QueryCheckError)) throw error;
    const details: Record<string, unknown> = { reason: error.reason };
    if (error.line !== undefined) Object.assign(details, { line: error.line, column: error.column });
    if (error.iri !== undefined) details.iri = error.iri;
    const limit = LIMIT_DETAILS[error.reason];
    if (limit && error.limit !== undefined) details[limit] = error.limit;
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
    case 'engine-failure':
      // The query broke the engine (within our limits): retrying it would only break another worker.
      return new HttpError(400, error.message, { cause: error, details: { reason: 'engine-failure' } });
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
