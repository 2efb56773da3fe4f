// Dereferencing answers a repeated request from the document cache without touching the store, and
// never mixes formats or languages.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import type { RunningServer } from '../../src/http/listen.ts';
import { loadDistInfo } from '../../src/dump/read-dist.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import type { Store } from '../../src/store/store.ts';
import { FIXTURE, writeFixtureDist } from './publisher-fixture.ts';

let running: RunningServer;
let calls = 0;
beforeAll(async () => {
  const trig = await readFile(FIXTURE, 'utf8');
  const inner = createOxigraphStore([{ data: trig, format: 'application/trig' }]);
  // Counts every call the app makes to the store.
  const store: Store = {
    size: () => inner.size(),
    match: (...args) => (calls++, inner.match(...args)),
    query: (...args) => (calls++, inner.query(...args)),
    queryRaw: (...args) => (calls++, inner.queryRaw(...args)),
    graphs: () => (calls++, inner.graphs()),
  };
  const distDir = await writeFixtureDist(trig);
  const app = await createApp({
    config: loadConfig({ distDir }, {}),
    store,
    dist: await loadDistInfo(distDir),
    ontologyFile: join(distDir, 'none.ttl'),
    contextFile: join(distDir, 'none.jsonld'),
    log: () => {},
  });
  running = await app.start({ host: '127.0.0.1', port: 0 });
});
afterAll(() => running?.close());

const get = (path: string, headers: Record<string, string>) => fetch(`${running.url}${path}`, { headers });

describe('document cache', () => {
  it('serves the second identical request without a store call, byte for byte', async () => {
    const first = await get('/id/city/tokyo', { accept: 'text/turtle' });
    const body = await first.text();
    expect(first.status).toBe(200);
    const before = calls;
    expect(before).toBeGreaterThan(0);
    const second = await get('/id/city/tokyo', { accept: 'text/turtle' });
    expect(await second.text()).toBe(body);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(calls).toBe(before);
  });

  it('answers repeats with the same headers (CORS, Vary, ETag, Link, Content-Location) and still honours conditionals and HEAD', async () => {
    const a = await get('/id/city/tokyo?lang=en', { accept: 'text/turtle' });
    await a.arrayBuffer();
    const b = await get('/id/city/tokyo?lang=en', { accept: 'text/turtle' });
    await b.arrayBuffer();
    for (const name of [
      'content-type',
      'content-length',
      'etag',
      'vary',
      'link',
      'content-location',
      'access-control-allow-origin',
      'access-control-expose-headers',
      'cache-control',
      'last-modified',
    ]) {
      expect(b.headers.get(name), name).toBe(a.headers.get(name));
    }
    const conditional = await get('/id/city/tokyo?lang=en', {
      accept: 'text/turtle',
      'if-none-match': a.headers.get('etag')!,
    });
    expect(conditional.status).toBe(304);
    const head = await fetch(`${running.url}/id/city/tokyo?lang=en`, {
      method: 'HEAD',
      headers: { accept: 'text/turtle' },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(a.headers.get('content-length'));
  });

  it('keys by format and by language', async () => {
    const before = calls;
    const nt = await get('/id/city/tokyo', { accept: 'application/n-triples' });
    expect(nt.headers.get('content-type')).toMatch(/^application\/n-triples/);
    expect(calls).toBeGreaterThan(before);
    const html = await (await get('/id/city/tokyo', { accept: 'text/html', 'accept-language': 'ja' })).text();
    const htmlEn = await (await get('/id/city/tokyo', { accept: 'text/html', 'accept-language': 'en' })).text();
    expect(html).toMatch(/<html lang="ja"/);
    expect(htmlEn).toMatch(/<html lang="en"/);
  });

  it('still answers 404 for an unknown resource', async () => {
    expect((await get('/id/city/atlantis', { accept: 'text/turtle' })).status).toBe(404);
    expect((await get('/id/city/atlantis', { accept: 'text/turtle' })).status).toBe(404);
  });
});
