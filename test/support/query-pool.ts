// Helpers of the worker-pool tests (real worker threads, real engine).
import type { QueryPool } from '../../src/store/query-pool.ts';
import { QueryPoolError } from '../../src/store/query-runner.ts';

/** The QueryPoolError a query is refused with; fails when it is answered or fails otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<QueryPoolError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof QueryPoolError) return error;
    throw error;
  }
  throw new Error('expected the query to be refused');
}

/** Wait (bounded: `tries` × 20 ms) until every worker is loaded and idle. */
export async function settled(pool: QueryPool, tries = 250): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const { starting, busy, queued } = pool.stats();
    if (starting + busy + queued === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`pool did not settle: ${JSON.stringify(pool.stats())}`);
}
