// Time travel as a Memento client sees it (RFC 7089, Pattern 1.1: the Original Resource is its own
// TimeGate, 302-style): for entities and a graph, in every document format, each Link relation is
// followed and checked against what it names — the TimeGate's redirect for any datetime, the TimeMap
// (application/link-format), each Memento's Memento-Datetime, links, negotiation and strong ETag.
// Runs the real server over the real dist/ and the releases in releases/.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FORMATS } from '../../src/http/negotiate.ts';
import type { Release } from '../../src/release/releases.ts';
import { serve, type Serving } from '../../src/server.ts';
import { realConfig, serveRealWithReleases } from '../support/real-dist.ts';
import { parseLinks, withRel, type ParsedLink } from '../support/link-header.ts';
import { raw, rawSocket, statusOf } from '../support/hostile-client.ts';
import { parseRdf } from './publisher-parse.ts';

const BASE = 'https://w3id.org/anmc21/';
let serving: Serving;
let url: string;
let releases: Release[];

beforeAll(async () => {
  ({ serving, url, releases } = await serveRealWithReleases());
}, 120_000);
afterAll(async () => {
  await serving?.close();
});

const httpDate = (iso: string) => new Date(iso).toUTCString();
const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(path.startsWith('http') ? path : url + path, { headers, redirect: 'manual' });
const varyOf = (r: Response) => (r.headers.get('vary') ?? '').toLowerCase().split(/\s*,\s*/);

/** The one link with these relation types (failing clearly when there is not exactly one). */
function one(links: readonly ParsedLink[], ...rels: string[]): ParsedLink {
  const found = withRel(links, ...rels);
  expect(found, `one link with rel ${rels.join(' ')} in ${JSON.stringify(links)}`).toHaveLength(1);
  return found[0]!;
}

/** An entity path (`/id/…`) described in release `version` and in no release before it. */
async function resourceOnlyIn(version: string, base: string): Promise<string> {
  const previous = releases[releases.findIndex((r) => r.manifest.version === version) - 1]!.manifest.version;
  const subjects = async (release: string) => {
    const query = `SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?s), "${BASE}id/")) }`;
    const res = await fetch(`${base}/sparql?release=${release}&query=${encodeURIComponent(query)}`, {
      headers: { Accept: 'application/sparql-results+json' },
    });
    expect(res.status).toBe(200);
    const json = (await res.json()) as { results: { bindings: { s: { value: string } }[] } };
    return new Set(json.results.bindings.map((b) => b.s.value));
  };
  const before = await subjects(previous);
  const fresh = [...(await subjects(version))].filter((s) => !before.has(s)).sort();
  expect(fresh.length).toBeGreaterThan(0);
  return '/' + fresh[0]!.slice(BASE.length);
}

const RESOURCES = ['/id/city/tomsk', '/id/network/anmc21', '/graph/supplements'];

describe.each(RESOURCES)('%s as an Original Resource', (path) => {
  it.each(DOCUMENT_FORMATS.map((f) => [f.label, f] as const))('%s: every link, followed', async (_, format) => {
    const accept = { Accept: format.mediaType };
    const original = await get(path, accept);
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')?.startsWith(format.mediaType)).toBe(true);
    expect(varyOf(original)).toEqual(expect.arrayContaining(['accept', 'accept-datetime']));
    expect(original.headers.get('memento-datetime')).toBeNull();
    const links = parseLinks(original.headers.get('link'));
    // The Original Resource is its own TimeGate.
    expect(one(links, 'original', 'timegate').target).toBe(url + path);
    const timemapLink = one(links, 'timemap');
    expect(timemapLink.params.type).toBe('application/link-format');
    const mine = releases; // every release describes these three
    expect(one(links, 'first', 'memento')).toMatchObject({
      target: `${url}/releases/${mine[0]!.manifest.version}${path}`,
      params: expect.objectContaining({ datetime: httpDate(mine[0]!.manifest.issued) }),
    });
    expect(one(links, 'last', 'memento')).toMatchObject({
      target: `${url}/releases/${mine.at(-1)!.manifest.version}${path}`,
      params: expect.objectContaining({ datetime: httpDate(mine.at(-1)!.manifest.issued) }),
    });

    // The TimeMap.
    const tm = await get(timemapLink.target, { Accept: 'application/link-format' });
    expect(tm.status).toBe(200);
    expect(tm.headers.get('content-type')).toMatch(/^application\/link-format/);
    const map = parseLinks(await tm.text());
    expect(one(map, 'original').target).toBe(url + path);
    expect(one(map, 'timegate').target).toBe(url + path);
    expect(one(map, 'self')).toMatchObject({
      target: timemapLink.target,
      params: expect.objectContaining({
        type: 'application/link-format',
        from: httpDate(mine[0]!.manifest.issued),
        until: httpDate(mine.at(-1)!.manifest.issued),
      }),
    });
    const mementos = withRel(map, 'memento');
    expect(mementos.map((m) => m.target)).toEqual(mine.map((r) => `${url}/releases/${r.manifest.version}${path}`));
    expect(mementos.map((m) => m.params.datetime)).toEqual(mine.map((r) => httpDate(r.manifest.issued)));

    // Each Memento, negotiated like the current document.
    for (const [i, m] of mementos.entries()) {
      const res = await get(m.target, accept);
      expect(res.status, m.target).toBe(200);
      expect(res.headers.get('content-type')?.startsWith(format.mediaType)).toBe(true);
      expect(res.headers.get('memento-datetime')).toBe(m.params.datetime);
      expect(varyOf(res)).toContain('accept');
      expect(varyOf(res)).not.toContain('accept-datetime');
      const at = `/releases/${mine[i]!.manifest.version}${path}`;
      expect(res.headers.get('content-location')).toBe(`${at}.${format.extension}`);
      const own = parseLinks(res.headers.get('link'));
      expect(one(own, 'original', 'timegate').target).toBe(url + path);
      expect(one(own, 'timemap').target).toBe(timemapLink.target);
      expect(one(own, 'first', 'memento').target).toBe(mementos[0]!.target);
      expect(one(own, 'last', 'memento').target).toBe(mementos.at(-1)!.target);
      if (i > 0) expect(one(own, 'prev', 'memento').target).toBe(mementos[i - 1]!.target);
      else expect(withRel(own, 'prev')).toEqual([]);
      if (i < mementos.length - 1) expect(one(own, 'next', 'memento').target).toBe(mementos[i + 1]!.target);
      else expect(withRel(own, 'next')).toEqual([]);
      expect(withRel(own, 'alternate').map((l) => l.target)).toContain(`${at}.${format.extension}`);
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[^"]+"$/);
      const body = await res.text();
      const again = await get(m.target, { ...accept, 'If-None-Match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('memento-datetime')).toBe(m.params.datetime);
      if (format.mediaType === 'text/html') {
        expect(body).toContain(`Release <a href="/releases/${mine[i]!.manifest.version}">`);
      } else {
        const quads = await parseRdf(body, format.mediaType, m.target);
        expect(
          quads.some((q) => q.subject.value === BASE + path.slice(1) || q.object.value === BASE + path.slice(1)),
        ).toBe(true);
      }
    }
  });
});

describe('the TimeGate', () => {
  const path = '/id/city/tomsk';
  const redirect = async (datetime: string, query = '') => {
    const res = await get(`${path}${query}`, { 'Accept-Datetime': datetime, Accept: 'text/turtle' });
    expect(res.status).toBe(302);
    expect(varyOf(res)).toContain('accept-datetime');
    const links = parseLinks(res.headers.get('link'));
    expect(one(links, 'original', 'timegate').target).toBe(url + path);
    expect(one(links, 'timemap').target).toBe(`${url}/timemap${path}`);
    expect(withRel(links, 'first', 'memento')).toHaveLength(1);
    expect(withRel(links, 'last', 'memento')).toHaveLength(1);
    return res.headers.get('location');
  };
  const at = (r: Release, query = '') => `${url}/releases/${r.manifest.version}${path}${query}`;

  it('redirects to the release in force at the Accept-Datetime', async () => {
    for (const [i, r] of releases.entries()) {
      expect(await redirect(httpDate(r.manifest.issued))).toBe(at(r));
      const next = releases[i + 1];
      if (next) expect(await redirect(new Date(next.issued.getTime() - 1000).toUTCString())).toBe(at(r));
    }
  });

  it('answers out of range with the first and the last Memento, and keeps the query', async () => {
    expect(await redirect('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(at(releases[0]!));
    expect(await redirect('Fri, 31 Dec 9999 23:59:59 GMT')).toBe(at(releases.at(-1)!));
    expect(await redirect('Fri, 31 Dec 9999 23:59:59 GMT', '?lang=en')).toBe(at(releases.at(-1)!, '?lang=en'));
  });

  it('refuses a malformed Accept-Datetime with 400', async () => {
    for (const bad of [
      'yesterday',
      '2026-11-30T00:00:00Z',
      'Monday, 30-Nov-26 00:00:00 GMT',
      'Mon, 31 Nov 2026 00:00:00 GMT',
      'Sun, 30 Nov 2026 00:00:00 GMT',
      'Mon, 30 Nov 2026 25:00:00 GMT',
    ]) {
      const res = await get(path, { 'Accept-Datetime': bad });
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toMatch(/Malformed Accept-Datetime/);
    }
  });

  it('says 404 for a resource no release describes, and serves it now without Memento links', async () => {
    // Every resource of the current data is in the latest release: serve the same data with the
    // releases before the latest only, and take a resource that first appears in the latest.
    const older = await mkdtemp(join(tmpdir(), 'anmc21-older-releases-'));
    const config = await realConfig();
    const latest = releases.at(-1)!;
    for (const release of releases.slice(0, -1))
      await cp(join(config.releasesDir, release.manifest.version), join(older, release.manifest.version), {
        recursive: true,
      });
    const earlier = await serve({ ...config, releasesDir: older }, { handleSignals: false, log: () => {} });
    try {
      const fresh = await resourceOnlyIn(latest.manifest.version, url);
      const at = (p: string, headers: Record<string, string> = {}) =>
        fetch(earlier.url + p, { headers, redirect: 'manual' });
      const now = await at(fresh);
      expect(now.status).toBe(200);
      expect(withRel(parseLinks(now.headers.get('link')), 'timemap')).toEqual([]);
      expect((await at(fresh, { 'Accept-Datetime': 'Mon, 30 Nov 2026 14:00:00 GMT' })).status).toBe(404);
      expect((await at(`/timemap${fresh}`)).status).toBe(404);
      expect((await at(`/releases/${releases[0]!.manifest.version}${fresh}`)).status).toBe(404);
    } finally {
      await earlier.close();
      await rm(older, { recursive: true, force: true });
    }
  });

  it('bypasses the cache of current documents', async () => {
    await get(path, { Accept: 'text/turtle' });
    await get(path, { Accept: 'text/turtle' }); // now in the fast path's cache
    expect(
      (await get(path, { Accept: 'text/turtle', 'Accept-Datetime': 'Thu, 01 Jan 1970 00:00:00 GMT' })).status,
    ).toBe(302);
  });

  it('never serves the links made for one Host to another (the fast path’s cache keys on Host)', async () => {
    // The TimeMap link is absolute (no public URL is configured), so it names the Host asked.
    const timemapFor = async (host: string) => {
      const answer = await raw(url, '/id/city/seoul', { headers: { host, accept: 'text/turtle' } });
      expect(answer.status).toBe(200);
      return one(parseLinks(String(answer.headers.link)), 'timemap').target;
    };
    for (let round = 0; round < 2; round++) {
      // The second round is answered from the cache: each Host still gets its own links.
      expect(await timemapFor('attacker.example')).toBe('http://attacker.example/timemap/id/city/seoul');
      expect(await timemapFor(new URL(url).host)).toBe(`${url}/timemap/id/city/seoul`);
    }
  });

  it('names the address a request arrived on when it has no Host (HTTP/1.0), in every absolute link', async () => {
    // One decision (http/origin.ts) for the Memento links, the Service Description and the reconciliation
    // manifest: before, the Memento links said "http://undefined" and the manifest answered 400.
    const ask = async (target: string, accept: string) => {
      const answer = await rawSocket(url, `GET ${target} HTTP/1.0\r\nAccept: ${accept}\r\n\r\n`);
      expect(statusOf(answer), target).toBe(200);
      return answer;
    };
    const entity = await ask('/id/city/seoul', 'text/turtle');
    const link = /^link: (.*)$/im.exec(entity)?.[1] ?? '';
    expect(one(parseLinks(link), 'timemap').target).toBe(`${url}/timemap/id/city/seoul`);
    expect(await ask('/sparql', 'text/turtle')).toContain(`<${url}/sparql>`);
    expect(await ask('/reconcile', 'application/json')).toContain(`"${url}/reconcile/docs"`);
  });
});

describe('Mementos hold each release’s data', () => {
  it('Tomsk’s coordinates as each of the first two releases recorded them', async () => {
    const lat = async (version: string) => {
      const quads = await parseRdf(
        await (await get(`/releases/${version}/id/city/tomsk.nt`)).text(),
        'application/n-triples',
      );
      return quads
        .filter((q) => q.predicate.value === 'http://www.w3.org/2003/01/geo/wgs84_pos#lat')
        .map((q) => q.object.value);
    };
    expect(await lat('2026-11-29')).toEqual(['56.5']);
    expect(await lat('2026-11-30')).toEqual(['56.4977']);
  });

  it('links within the release on its pages', async () => {
    const html = await (await get('/releases/2026-11-29/id/city/tomsk', { Accept: 'text/html' })).text();
    expect(html).toContain('href="/releases/2026-11-29/id/network/anmc21"');
    expect(html).toContain('<a href="/id/city/tomsk">Current version</a>');
  });
});
