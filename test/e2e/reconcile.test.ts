// The reconciliation service over HTTP, as OpenRefine calls it: every response validated against the
// Reconciliation API v0.2 JSON Schemas as the community group publishes them; suggest, preview and
// data-extension round trips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/server.ts';
import { officialValidator } from '../support/reconcile-schemas.ts';
import { realConfig } from '../support/real-dist.ts';
import { serveOnTestBackend } from './publisher-fixture.ts';

const asManifest = officialValidator('manifest.json');
const asResults = officialValidator('reconciliation-result-batch.json');
const asSuggestEntities = officialValidator('suggest-entities-response.json');
const asSuggestTypes = officialValidator('suggest-types-response.json');
const asSuggestProperties = officialValidator('suggest-properties-response.json');
const asPropose = officialValidator('data-extension-property-proposal.json');
const asExtension = officialValidator('data-extension-response.json');

let serving: Serving;
let base: string;
beforeAll(async () => {
  serving = await serveOnTestBackend(await realConfig(), { log: () => {}, handleSignals: false });
  base = `${serving.url}/reconcile`;
});
afterAll(async () => {
  await serving?.close();
});

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('/reconcile', () => {
  it('serves the manifest with CORS, and JSONP when asked', async () => {
    const res = await fetch(base);
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const manifest = asManifest(await res.json());
    expect(manifest.identifierSpace).toBe('https://w3id.org/anmc21/id/');
    expect(manifest.view.url).toBe(`${serving.url}/id/{{id}}`);
    const jsonp = await fetch(`${base}?callback=cb_1`);
    expect(jsonp.headers.get('content-type')).toMatch(/^text\/javascript/); // RFC 9239, as the assets
    const text = await jsonp.text();
    expect(text).toMatch(/^\/\*\*\/cb_1\(/);
    asManifest(JSON.parse(text.slice('/**/cb_1('.length, -2)));
    expect((await fetch(`${base}?callback=alert(1)`)).status).toBe(400);
  });

  it('reconciles a batch the way OpenRefine sends it (POST form, queries=JSON)', async () => {
    const queries = {
      q0: { query: '台北市', type: 'https://schema.org/City', limit: 3 },
      q1: { query: '东京', type: 'https://schema.org/City' },
      q4: { query: '东京' },
      q2: { query: 'Kuala Lumpur', type: 'https://schema.org/City', properties: [{ pid: 'wikidata', v: 'Q1865' }] },
      q3: { query: 'Osaka', type: 'https://schema.org/City' },
    };
    const res = await fetch(base, form({ queries: JSON.stringify(queries) }));
    expect(res.status).toBe(200);
    const body = asResults(await res.json());
    expect(Object.keys(body).sort()).toEqual(['q0', 'q1', 'q2', 'q3', 'q4']);
    expect(body.q0.result[0]).toMatchObject({ id: 'city/taipei', name: 'Taipei' });
    expect(body.q0.result.length).toBeLessThanOrEqual(3);
    expect(body.q1.result[0]).toMatchObject({ id: 'city/tokyo', match: true });
    expect(body.q2.result[0]).toMatchObject({ id: 'city/kuala-lumpur', match: true });
    expect(body.q2.result[0].features).toEqual(expect.arrayContaining([{ id: 'property_wikidata', value: true }]));
    expect(body.q3.result).toEqual([]);
    // Untyped, 东京 is Tokyo's Simplified Chinese name (Natural Earth, 100); the Tokyo Metropolis 東京都
    // differs by its administrative unit (90).
    expect(body.q4.result.slice(0, 2).map((c: { id: string; score: number }) => [c.id, c.score])).toEqual([
      ['city/tokyo', 100],
      ['place/tokyo-metropolis', 90],
    ]);
    expect(body.q4.result[0].match).toBe(true);
    // The same batch by GET.
    const get = asResults(
      await (await fetch(`${base}?queries=${encodeURIComponent(JSON.stringify({ q0: queries.q0 }))}`)).json(),
    );
    expect(get.q0).toEqual(body.q0);
  });

  it('answers a malformed batch with 400 and a reason', async () => {
    const bad = await fetch(base, form({ queries: '{"q0": {"query": 5}}' }));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/"query" must be a string/);
    const notJson = await fetch(base, form({ queries: '{q0' }));
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error).toMatch(/not valid JSON/);
  });

  it('suggests entities, types and properties', async () => {
    const entities = asSuggestEntities(
      await (await fetch(`${base}/suggest/entity?prefix=${encodeURIComponent('烏蘭')}`)).json(),
    );
    expect(entities.result[0]).toMatchObject({ id: 'city/ulaanbaatar' });
    const byEnglish = asSuggestEntities(await (await fetch(`${base}/suggest/entity?prefix=sing`)).json());
    expect(byEnglish.result.map((r: { id: string }) => r.id)).toContain('city/singapore');
    const types = asSuggestTypes(await (await fetch(`${base}/suggest/type?prefix=city`)).json());
    expect(types.result.map((r: { id: string }) => r.id)).toContain('https://schema.org/City');
    const props = asSuggestProperties(await (await fetch(`${base}/suggest/property?prefix=wiki`)).json());
    expect(props.result).toEqual([expect.objectContaining({ id: 'wikidata' })]);
    expect((await fetch(`${base}/suggest/entity`)).status).toBe(400);
  });

  it('previews an entity as escaped HTML, and 404s an unknown one', async () => {
    const res = await fetch(`${base}/preview?id=city/tomsk`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('托木斯克');
    expect(html).toContain('Tomsk');
    expect((await fetch(`${base}/preview?id=city/%3Cscript%3E`)).status).toBe(404);
  });

  it('proposes properties and extends rows with labels, Wikidata ids, coordinates and membership dates', async () => {
    const proposed = asPropose(
      await (await fetch(`${base}/propose_properties?type=${encodeURIComponent('https://schema.org/City')}`)).json(),
    );
    const ids = proposed.properties.map((p: { id: string }) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(['wikidata', 'label_zh', 'latitude', 'longitude', 'member_since', 'withdrawal_date']),
    );
    const extend = {
      ids: ['city/tomsk', 'city/beijing', 'city/tokyo'],
      properties: ['wikidata', 'label_zh', 'latitude', 'member_since', 'withdrawal_date'].map((id) => ({ id })),
    };
    const body = asExtension(await (await fetch(base, form({ extend: JSON.stringify(extend) }))).json());
    expect(body.meta.map((m: { id: string }) => m.id)).toEqual(extend.properties.map((p) => p.id));
    expect(body.rows['city/tokyo'].wikidata).toEqual([{ str: 'Q1490' }]);
    expect(body.rows['city/tomsk'].wikidata).toEqual([]); // no verified item: nothing is claimed
    expect(body.rows['city/tomsk'].member_since).toEqual([{ date: '2012-06-30T00:00:00Z' }]);
    expect(body.rows['city/tomsk'].label_zh).toEqual([{ str: '托木斯克' }]);
    // Both dated claims of Beijing's withdrawal stay: the Tokyo government's day and the article's month.
    expect(body.rows['city/beijing'].withdrawal_date).toEqual(
      expect.arrayContaining([{ date: '2005-08-30T00:00:00Z' }, { str: '2005-09' }]),
    );
    expect(body.rows['city/tokyo'].latitude[0].float).toBeCloseTo(35.687, 3);
    const unknown = await fetch(
      base,
      form({ extend: JSON.stringify({ ids: ['city/tokyo'], properties: [{ id: 'nope' }] }) }),
    );
    expect(unknown.status).toBe(400);
  });

  it('answers CORS preflight for POST', async () => {
    const res = await fetch(base, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3333', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    // The suggest and preview paths are read-only; other methods get 405 with Allow.
    const put = await fetch(base, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    const post = await fetch(`${base}/suggest/entity?prefix=tok`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });
});

describe('exports under /dumps/', () => {
  it("serve the Mix'n'match catalog and the QuickStatements batch with their media types", async () => {
    for (const [file, type] of [
      ['mixnmatch.csv', 'text/csv'],
      ['mixnmatch.tsv', 'text/tab-separated-values'],
      ['quickstatements.txt', 'text/plain'],
    ]) {
      const res = await fetch(`${serving.url}/dumps/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(`${type}; charset=utf-8`);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
  });
});
