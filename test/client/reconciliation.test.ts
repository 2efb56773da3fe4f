// The reconciliation service against the official Reconciliation API v0.2 schemas, as a client sees it
// over HTTP: the harness first passes the community group's own valid/invalid examples, then every
// response of a sweep (batches of every name variant with and without types and limits, suggest for
// every entity by name and by id, data extension of every property for every entity, property
// proposals, the manifest and its documentation page) is validated, and held to the rules a schema
// cannot say: feature ids unique within a candidate, candidates sorted by score, `limit` honoured, at
// most one match per query, and entity values named by a title, not by their id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/server.ts';
import { checkSpecExamples, officialValidator } from '../support/reconcile-schemas.ts';
import { realConfig } from '../support/real-dist.ts';
import { serveOnTestBackend } from '../e2e/publisher-fixture.ts';

const validators = {
  manifest: officialValidator('manifest.json'),
  results: officialValidator('reconciliation-result-batch.json'),
  queries: officialValidator('reconciliation-query-batch.json'),
  suggestEntities: officialValidator('suggest-entities-response.json'),
  suggestTypes: officialValidator('suggest-types-response.json'),
  suggestProperties: officialValidator('suggest-properties-response.json'),
  propose: officialValidator('data-extension-property-proposal.json'),
  extendQuery: officialValidator('data-extension-query.json'),
  extension: officialValidator('data-extension-response.json'),
};

interface Candidate {
  id: string;
  name: string;
  score: number;
  match: boolean;
  features?: { id: string; value: number | boolean }[];
}

let serving: Serving;
let base: string;
/** Schema validations done, by schema. */
const validated: Record<string, number> = {};
const check = (name: keyof typeof validators, body: unknown) => {
  validators[name](body);
  validated[name] = (validated[name] ?? 0) + 1;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a validated body: the tests read any member
  return body as any;
};

beforeAll(async () => {
  serving = await serveOnTestBackend(await realConfig(), { log: () => {}, handleSignals: false });
  base = `${serving.url}/reconcile`;
});
afterAll(async () => {
  await serving?.close();
  console.log(
    `reconciliation: ${Object.values(validated).reduce((a, b) => a + b, 0)} responses and requests valid against the official v0.2 schemas (${Object.entries(
      validated,
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
  );
});

const post = async (fields: Record<string, string>) => {
  const res = await fetch(base, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    signal: AbortSignal.timeout(20_000),
  });
  expect(res.status).toBe(200);
  return res.json();
};
const get = async (path: string) => {
  const res = await fetch(base + path, { signal: AbortSignal.timeout(20_000) });
  expect(res.status, path).toBe(200);
  return res.json();
};

describe('the official schemas', () => {
  it('accept every valid example of the community group and refuse every invalid one (its own check)', () => {
    const results = checkSpecExamples();
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(results.filter((r) => r.valid !== r.expectValid)).toEqual([]);
    expect(results.some((r) => !r.expectValid)).toBe(true);
  });
});

describe('the service, as a client sees it', () => {
  let ids: string[] = [];

  it('serves a valid manifest whose documentation page exists', async () => {
    const manifest = check('manifest', await get(''));
    const doc = await fetch(manifest.documentation);
    expect(doc.status).toBe(200);
    expect(doc.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await doc.text()).toContain('Reconciliation service');
  });

  it('answers batches of every kind with valid results, sorted, unique features, limits honoured', async () => {
    const names = [
      '東京',
      '东京',
      '東京都',
      'Tokyo',
      '台北市',
      'Taipei City',
      '서울',
      'Томск',
      'New Delhi',
      'Hà Nội',
      'Rangoon',
      'Ulan Bator',
      'Kuala Lumpar',
      'ANMC21',
      'Tokyo Declaration',
      '第一屆年會',
      'Osaka',
      'x',
    ];
    const types = [undefined, 'schema:City', 'https://schema.org/City', 'https://schema.org/Event'];
    let queries = 0;
    for (const type of types) {
      for (const limit of [undefined, 1, 2, 3, 10]) {
        const batch = Object.fromEntries(
          names.map((query, i) => [`q${i}`, { query, ...(type ? { type } : {}), ...(limit ? { limit } : {}) }]),
        );
        check('queries', batch);
        const body = check('results', await post({ queries: JSON.stringify(batch) }));
        for (const [key, { result }] of Object.entries(body as Record<string, { result: Candidate[] }>)) {
          queries++;
          expect(result.length, key).toBeLessThanOrEqual(limit ?? 5);
          expect(result.filter((c) => c.match).length, key).toBeLessThanOrEqual(1);
          for (let i = 1; i < result.length; i++) expect(result[i - 1].score).toBeGreaterThanOrEqual(result[i].score);
          for (const c of result) {
            const featureIds = (c.features ?? []).map((f) => f.id);
            expect(new Set(featureIds).size, `${key} ${c.id}: ${featureIds.join(' ')}`).toBe(featureIds.length);
          }
        }
      }
    }
    // Property constraints, with and without a query.
    const withProps = {
      a: { query: 'Tokyo', properties: [{ pid: 'wikidata', v: 'Q1490' }] },
      b: { properties: [{ pid: 'wikidata', v: 'Q956' }] },
      c: { query: 'Beijing', properties: [{ pid: 'co_founder', v: 'network/anmc21' }] },
    };
    check('queries', withProps);
    const body = check('results', await post({ queries: JSON.stringify(withProps) }));
    expect(body.b.result[0]).toMatchObject({ id: 'city/beijing', score: 100 });
    expect(queries).toBe(names.length * types.length * 5);
  });

  it('suggests every entity by name and by id', async () => {
    const everything = check('suggestEntities', await get('/suggest/entity?prefix=a'));
    expect(everything.result.length).toBeGreaterThan(0);
    const rows = (await (await fetch(`${serving.url}/dumps/mixnmatch.tsv`)).text()).trim().split('\n').slice(1);
    ids = rows.map((r) => r.split('\t')[0]!);
    expect(ids.length).toBeGreaterThan(40);
    for (const id of ids) {
      const byId = check('suggestEntities', await get(`/suggest/entity?prefix=${encodeURIComponent(id)}`));
      expect(byId.result[0]?.id, id).toBe(id);
    }
    check('suggestTypes', await get('/suggest/type?prefix=city'));
    check('suggestProperties', await get('/suggest/property?prefix=date'));
  });

  it('extends every entity with every property: valid values, entities named by a title', async () => {
    const proposed = check('propose', await get('/propose_properties'));
    const properties = proposed.properties.map((p: { id: string }) => ({ id: p.id }));
    expect(properties.length).toBeGreaterThan(10);
    for (let i = 0; i < ids.length; i += 50) {
      const request = { ids: ids.slice(i, i + 50), properties };
      check('extendQuery', request);
      const body = check('extension', await post({ extend: JSON.stringify(request) }));
      for (const [id, row] of Object.entries(body.rows as Record<string, Record<string, unknown[]>>)) {
        for (const [pid, values] of Object.entries(row)) {
          for (const v of values as Record<string, unknown>[])
            if ('id' in v) expect(v.name, `${id} ${pid} ${String(v.id)}`).not.toBe(v.id);
        }
      }
    }
    const cities = check(
      'extension',
      await post({
        extend: JSON.stringify({
          ids: ['city/tokyo', 'city/beijing'],
          properties: [{ id: 'co_founder' }, { id: 'hosted' }],
        }),
      }),
    );
    expect(cities.rows['city/tokyo'].co_founder).toEqual([
      expect.objectContaining({ id: 'network/anmc21', name: expect.stringMatching(/Asian Network of Major Cities/) }),
    ]);
    expect(cities.rows['city/beijing'].co_founder).toEqual([]);
    expect(cities.rows['city/tokyo'].hosted.map((v: { name: string }) => v.name)).not.toContain('meeting/2001-10');
  });
});
