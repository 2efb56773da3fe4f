// The bench's work: every stored query twice (repeated and distinct), and a distinct variant is another
// text of the same query that answers the same rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distinctVariant, nextQuery, requestsFor, storedQueries, workList } from '../../bench/work.ts';
import { checkQuery } from '../../src/store/check-query.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const targets = { network: 'https://w3id.org/anmc21/id/network/anmc21', entityPath: '/id/city/tokyo' };

describe('workList', () => {
  it('lists each stored query and format twice: repeated and distinct', () => {
    const stored = workList(ROOT, targets).filter((w) => w.stored);
    expect(stored.length).toBeGreaterThan(0);
    for (const w of stored.filter((x) => x.mode === 'repeated')) {
      const twin = stored.find((x) => x.id === `${w.id}:distinct`);
      expect(twin).toMatchObject({ mode: 'distinct', name: w.name, query: w.query, accept: w.accept });
    }
  });
});

describe('distinctVariant', () => {
  it('adds a constant filter at the end of the WHERE group, a new text each time', () => {
    const text = 'SELECT ?s WHERE { ?s ?p "}" # } in a comment\n} ORDER BY ?s';
    const v = distinctVariant(text, 7);
    expect(v).toBe('SELECT ?s WHERE { ?s ?p "}" # } in a comment\n  FILTER(7 > 0)\n} ORDER BY ?s');
    expect(checkQuery(v).form).toBe('SELECT');
    const work = {
      id: 'q:x:json:distinct',
      group: 'sparql' as const,
      label: 'x',
      query: text,
      accept: 'x',
      mode: 'distinct' as const,
    };
    expect(nextQuery(work)).not.toBe(nextQuery(work));
    const request = requestsFor('ours', work);
    expect(typeof request).toBe('function');
    expect(() => distinctVariant('DESCRIBE <http://example.org/x>', 1)).toThrow(/no WHERE group/);
  });

  it('answers what the stored query answers, for every stored query', async () => {
    const store = createOxigraphStore([
      {
        data: readFileSync(new URL('../fixtures/publisher/anmc21.trig', import.meta.url), 'utf8'),
        format: 'application/trig',
      },
    ]);
    for (const q of storedQueries(ROOT)) {
      const rows = async (text: string) =>
        (await store.queryRaw(text, 'text/tab-separated-values')).split('\n').slice(1).sort();
      expect(await rows(distinctVariant(q.text, 12345)), q.name).toEqual(await rows(q.text));
    }
  });
});
