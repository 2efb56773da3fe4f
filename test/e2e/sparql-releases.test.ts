// SPARQL over a release (release=): the named release's data, the latest, or the current data; an
// unknown release refused; the Service Description's parameter and releases; the same limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Release } from '../../src/release/releases.ts';
import type { Serving } from '../../src/server.ts';
import { serveRealWithReleases } from '../support/real-dist.ts';
import { parseRdf } from './publisher-parse.ts';

const BASE = 'https://w3id.org/anmc21/';
const DCAT = 'http://www.w3.org/ns/dcat#';
let serving: Serving;
let url: string;
let releases: Release[];

beforeAll(async () => {
  ({ serving, url, releases } = await serveRealWithReleases());
}, 120_000);
afterAll(async () => {
  await serving?.close();
});

const get = (p: string, headers: Record<string, string> = {}) => fetch(url + p, { headers });

describe('SPARQL over a release', () => {
  const q =
    'SELECT ?lat WHERE { <https://w3id.org/anmc21/id/city/tomsk> <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat }';
  const ask = async (release?: string, method: 'GET' | 'POST' = 'GET') => {
    const params = new URLSearchParams({ query: q, ...(release ? { release } : {}) });
    const res =
      method === 'GET'
        ? await get(`/sparql?${params}`, { Accept: 'text/csv' })
        : await fetch(`${url}/sparql`, {
            method: 'POST',
            headers: { Accept: 'text/csv', 'Content-Type': 'application/x-www-form-urlencoded' },
            body: params.toString(),
          });
    return { status: res.status, text: await res.text(), etag: res.headers.get('etag') };
  };

  it('answers over the named release, the latest, or the current data', async () => {
    expect((await ask('2026-11-29')).text.trim().split(/\r?\n/)).toEqual(['lat', '56.5']);
    expect((await ask('2026-11-30', 'POST')).text.trim().split(/\r?\n/)).toEqual(['lat', '56.4977']);
    const latest = releases.at(-1)!.manifest.version;
    expect((await ask('latest')).text).toBe((await ask(latest)).text);
    expect((await ask()).status).toBe(200);
    expect((await ask('2026-11-29')).etag).not.toBe((await ask('2026-11-30')).etag);
  });

  it('refuses an unknown release, and lists the releases in the Service Description', async () => {
    const bad = await ask('2019-01-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/No release "2019-01-01"\. The release parameter takes one of: 2026-11-29, 2026-11-30/);
    const sd = await parseRdf(await (await get('/sparql', { Accept: 'text/turtle' })).text(), 'text/turtle', url);
    expect(
      sd.find((q) => q.predicate.value === 'https://w3id.org/anmc21/ontology/releaseParameter')?.object.value,
    ).toBe('release');
    const versions = sd.filter((q) => q.predicate.value === `${DCAT}hasVersion`).map((q) => q.object.value);
    expect(versions).toEqual(releases.map((r) => `${BASE}releases/${r.manifest.version}`));
  });

  it('keeps the limits: a release query is stopped at its timeout like any other', async () => {
    const slow = 'SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }';
    const res = await get(`/sparql?${new URLSearchParams({ query: slow, release: '2026-11-29', timeout: '300' })}`, {
      Accept: 'text/csv',
    });
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/300 ms/);
  });
});
