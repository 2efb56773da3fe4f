// A SELECT through the store facade as plain rows (variable → term): the one helper the readers of the
// store (pages, the entity index, the exports) use instead of each unwrapping the tagged result.

import type { Term } from '@rdfjs/types';
import type { QueryOptions, Store } from './store.ts';

/** Run a SELECT; each row maps a bound variable (no `?`) to its term. Anything but bindings throws. */
export async function selectRows(store: Store, query: string, options?: QueryOptions): Promise<Record<string, Term>[]> {
  const result = await store.query(query, options);
  if (result.type !== 'bindings') throw new Error(`Expected bindings from a SELECT, got ${result.type}`);
  return result.rows.map((row) => Object.fromEntries(row));
}
