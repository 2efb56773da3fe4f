// The routes the pages for people add, over HTTP on the fixture app: /assets (explicit files only,
// types, validators, gzip), /source (line anchors, highlighted quote, strict parameter, CSP), the
// landing page and entity pages in a chosen language, each with its policy.

import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, startFixture } from './publisher-fixture.ts';

let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.running.close();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(f.url + path, { headers, redirect: 'manual' });

describe('/assets', () => {
  it('serves the listed files with their types, a day of caching, a strong ETag and gzip', async () => {
    for (const [path, type] of [
      ['/assets/site.css', 'text/css; charset=utf-8'],
      ['/assets/site.js', 'text/javascript; charset=utf-8'],
      ['/assets/query-editor.js', 'text/javascript; charset=utf-8'],
      ['/assets/yasgui/yasgui.min.js', 'text/javascript; charset=utf-8'],
      ['/assets/yasgui/yasgui.min.css', 'text/css; charset=utf-8'],
    ]) {
      const res = await get(path, { 'accept-encoding': 'identity' });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.length).toBeGreaterThan(100);
      const etag = res.headers.get('etag')!;
      expect((await get(path, { 'if-none-match': etag, 'accept-encoding': 'identity' })).status).toBe(304);
      expect((await get(path, { 'if-none-match': `W/${etag}`, 'accept-encoding': 'identity' })).status).toBe(304);
    }
    // fetch() would decompress by itself; read the raw bytes with node:http.
    const { request } = await import('node:http');
    const { hostname, port } = new URL(f.url);
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request({ hostname, port, path: '/assets/site.css', headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(raw.body).toString('utf8')).toContain('svg .land');
  });

  it('serves nothing else from node_modules or the source tree', async () => {
    for (const path of [
      '/assets/yasgui/yasgui.min.js.map',
      '/assets/yasgui/../../package.json',
      '/assets/',
      '/assets/pages/layout.ts',
      '/assets/yasgui/yasgui.esm.js',
    ]) {
      expect([400, 404], path).toContain((await get(path, { accept: 'text/html' })).status);
    }
  });
});

describe('/source', () => {
  it('numbers every line with an anchor and highlights a quote', async () => {
    const res = await get('/source?quote=38-5-44&lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'/);
    expect(res.headers.get('vary')).toMatch(/Accept-Language/);
    const html = await res.text();
    expect(html).toContain('<div class="line" id="L1"><a class="ln" href="#L1" aria-label="line 1">1</a>');
    expect(html).toMatch(/<div class="line[^"]* highlighted" id="L38">[\s\S]*?<mark id="quote">/);
    const etag = res.headers.get('etag')!;
    expect((await get('/source?quote=38-5-44&lang=en', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/source?quote=38-5-45&lang=en')).headers.get('etag')).not.toBe(etag);
  });

  it('refuses a malformed quote parameter', async () => {
    for (const q of ['x', '1-2', '5-9-3', '1-2-3-4']) {
      const res = await get(`/source?quote=${q}`, { accept: 'text/html' });
      expect(res.status, q).toBe(400);
      expect(await res.text()).toContain('line-column-endColumn');
    }
  });
});

describe('pages in a language', () => {
  it('switches the landing page language with ?lang= and keeps validators per language', async () => {
    const en = await get('/?lang=en', { accept: 'text/html' });
    const ja = await get('/?lang=ja', { accept: 'text/html' });
    expect(await en.text()).toMatch(/<html lang="en">/);
    expect(await ja.text()).toMatch(/<html lang="ja">[\s\S]*aria-current="true">日本語</);
    expect(en.headers.get('etag')).not.toBe(ja.headers.get('etag'));
    expect(en.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('labels an entity page in the ?lang= language over Accept-Language, with every format linked', async () => {
    const html = await (await get('/id/city/tokyo?lang=en', { accept: 'text/html', 'accept-language': 'ja' })).text();
    expect(html).toMatch(/<h1>Tokyo<\/h1>/);
    for (const ext of ['ttl', 'jsonld', 'nt', 'rdf', 'nq', 'trig']) {
      expect(html).toMatch(new RegExp(`<link rel="alternate" type="[^"]+" href="/id/city/tokyo\\.${ext}">`));
      expect(html).toContain(`<a href="/id/city/tokyo.${ext}"`);
    }
    const data = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(JSON.parse(data)['@id']).toBe('https://w3id.org/anmc21/id/city/tokyo');
    // ?lang= filters labels in the data formats only; the page still has every language to fall back on.
    const ja = await (await get('/id/city/seoul?lang=ja', { accept: 'text/html' })).text();
    expect(ja).toMatch(/<h1><span lang="zh-Hant">首爾<\/span><\/h1>/i);
    expect(ja).toContain('class="fallback-note"');
  });
});
