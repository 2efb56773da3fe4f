// The releases over HTTP: the listing, each release's files (downloaded and checked against the
// manifest's SHA-256), each release as a document (its VoID), the dataset description's versions, the
// dumps listing, and changesets in every format (the RDF Patch applied to the older release gives the
// newer).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_FORMATS } from '../../src/http/negotiate.ts';
import { quadToNQ } from '../../src/rdf/n-triples.ts';
import { readReleaseQuads, type Release } from '../../src/release/releases.ts';
import type { Serving } from '../../src/server.ts';
import { serveRealWithReleases } from '../support/real-dist.ts';
import { parseRdf } from './publisher-parse.ts';

const BASE = 'https://w3id.org/anmc21/';
const DCAT = 'http://www.w3.org/ns/dcat#';
const SPDX = 'http://spdx.org/rdf/terms#';
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
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('/releases/', () => {
  it('lists every release with its files; each file downloads with the manifest’s checksum', async () => {
    const listing = (await (await get('/releases/', { Accept: 'application/json' })).json()) as {
      releases: { version: string; issued: string; files: { url: string; sha256: string; size: number }[] }[];
    };
    expect(listing.releases.map((r) => r.version)).toEqual(releases.map((r) => r.manifest.version));
    for (const [i, r] of listing.releases.entries()) {
      const manifest = releases[i]!.manifest;
      expect(r.issued).toBe(manifest.issued);
      for (const f of r.files) {
        const res = await get(f.url, { 'Accept-Encoding': 'identity' });
        expect(res.status, f.url).toBe(200);
        const bytes = new Uint8Array(await res.arrayBuffer());
        expect([bytes.length, sha256(bytes)]).toEqual([f.size, f.sha256]);
        const listed = manifest.files.find((m) => f.url.endsWith(`/${m.path}`));
        if (listed) expect(sha256(bytes)).toBe(listed.sha256);
        else expect(f.url).toMatch(/\/manifest\.json$/);
      }
      const nq = await get(`/releases/${r.version}/anmc21.nq.gz`);
      const text = gunzipSync(new Uint8Array(await nq.arrayBuffer())).toString('utf8');
      expect(sha256(Buffer.from(text)).slice(0, 16)).toBe(manifest.datasetVersion);
      expect(nq.headers.get('link')).toBe(`</releases/${r.version}>; rel="describedby"; type="text/turtle"`);
    }
    const html = await (await get('/releases/', { Accept: 'text/html' })).text();
    for (const r of releases)
      expect(html).toContain(`<a href="/releases/${r.manifest.version}">${r.manifest.version}</a>`);
    expect((await get('/releases/2020-01-01/anmc21.nq.gz')).status).toBe(404);
    expect((await get('/releases/2026-11-29/nothing.txt')).status).toBe(404);
  });

  it('describes each release as a dataset version, in every format', async () => {
    for (const r of releases) {
      const iri = `${BASE}releases/${r.manifest.version}`;
      for (const f of DOCUMENT_FORMATS.filter((f) => f.mediaType !== 'text/html')) {
        const res = await get(`/releases/${r.manifest.version}`, { Accept: f.mediaType });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-location')).toBe(`/releases/${r.manifest.version}.${f.extension}`);
        const quads = await parseRdf(await res.text(), f.mediaType, url);
        const of = (p: string) =>
          quads.filter((q) => q.subject.value === iri && q.predicate.value === p).map((q) => q.object.value);
        expect(of(`${DCAT}version`)).toEqual([r.manifest.version]);
        expect(of(`${DCAT}isVersionOf`)).toEqual([`${BASE}dataset`]);
        expect(of(`${DCAT}previousVersion`)).toEqual(
          r.manifest.previousVersion ? [`${BASE}releases/${r.manifest.previousVersion}`] : [],
        );
        const checksum = quads.find((q) => q.predicate.value === `${SPDX}checksumValue`)!.object.value;
        expect(checksum).toBe(r.manifest.files.find((x) => x.path === 'anmc21.nq.gz')!.sha256);
      }
    }
  });

  it('the dataset description names every release; /dumps/ lists their files', async () => {
    const voidQuads = await parseRdf(
      await (await get('/.well-known/void', { Accept: 'text/turtle' })).text(),
      'text/turtle',
    );
    const versions = voidQuads.filter(
      (q) => q.subject.value === `${BASE}dataset` && q.predicate.value === `${DCAT}hasVersion`,
    );
    expect(versions.map((q) => q.object.value).sort()).toEqual(
      releases.map((r) => `${BASE}releases/${r.manifest.version}`),
    );
    for (const r of releases) {
      expect(
        voidQuads.some(
          (q) =>
            q.subject.value === `${BASE}releases/${r.manifest.version}` && q.predicate.value === `${DCAT}distribution`,
        ),
      ).toBe(true);
    }
    const dumps = (await (await get('/dumps/', { Accept: 'application/json' })).json()) as {
      releases: { version: string; files: { name: string; sha256: string }[] }[];
    };
    expect(dumps.releases.map((r) => r.version)).toEqual(releases.map((r) => r.manifest.version));
    expect(dumps.releases[0]!.files.find((f) => f.name === 'anmc21.nq.gz')!.sha256).toBe(
      releases[0]!.manifest.files[0]!.sha256,
    );
    expect(await (await get('/dumps/', { Accept: 'text/html' })).text()).toContain('<h2>Releases</h2>');
  });
});

describe('/releases/{A}/diff/{B}', () => {
  const [a, b] = ['2026-11-29', '2026-11-30'];

  it('RDF Patch: applied to A gives B, with its id and the negotiated type', async () => {
    const res = await get(`/releases/${a}/diff/${b}`, { Accept: 'application/rdf-patch' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/rdf-patch/);
    expect(res.headers.get('content-location')).toBe(`/releases/${a}/diff/${b}.rdfp`);
    const patch = await res.text();
    expect(patch.split('\n')[0]).toBe(`H id <${BASE}releases/${a}/diff/${b}> .`);
    const [older, newer] = await Promise.all(releases.slice(0, 2).map(readReleaseQuads));
    const state = new Set(older!.map(quadToNQ));
    for (const row of patch.split('\n')) {
      if (!/^[AD] /.test(row)) continue;
      const line = quadToNQ(new Parser({ format: 'application/n-quads' }).parse(row.slice(2))[0]!);
      if (row[0] === 'A') state.add(line);
      else expect(state.delete(line)).toBe(true);
    }
    expect(state).toEqual(new Set(newer!.map(quadToNQ)));
    expect(await (await get(`/releases/${a}/diff/${b}.rdfp`)).text()).toBe(patch);
  });

  it('as RDF in every format: one reified statement per change; and as a page', async () => {
    const patch = await (await get(`/releases/${a}/diff/${b}.rdfp`)).text();
    const changes = patch.split('\n').filter((r) => /^[AD] /.test(r)).length;
    for (const f of DOCUMENT_FORMATS) {
      const res = await get(`/releases/${a}/diff/${b}`, { Accept: f.mediaType });
      expect(res.status).toBe(200);
      const body = await res.text();
      if (f.mediaType === 'text/html') {
        expect(body).toContain('id/city/tomsk');
        expect(body).toContain('56.4977');
        expect(body).toContain('https://www.geonames.org/1489425');
        continue;
      }
      const quads = await parseRdf(body, f.mediaType, url);
      const listed = quads.filter((q) => /#(addition|removal)$/.test(q.predicate.value));
      expect(new Set(listed.map((q) => q.object.value)).size, f.label).toBe(changes);
    }
  });

  it('answers 404 for an unknown release and serves the reverse direction', async () => {
    expect((await get(`/releases/${a}/diff/2030-01-01`)).status).toBe(404);
    const reverse = await (await get(`/releases/${b}/diff/${a}.rdfp`)).text();
    expect(reverse).toMatch(
      /^D <https:\/\/w3id\.org\/anmc21\/id\/city\/tomsk> <http:\/\/www\.w3\.org\/2003\/01\/geo\/wgs84_pos#lat> "56\.4977"/m,
    );
  });
});

describe('the repository’s releases as files', () => {
  it('match what the server says of them', async () => {
    for (const r of releases) {
      const local = await readFile(path.join(r.dir, 'manifest.json'));
      const served = new Uint8Array(await (await get(`/releases/${r.manifest.version}/manifest.json`)).arrayBuffer());
      expect(sha256(served)).toBe(sha256(local));
    }
  });
});
