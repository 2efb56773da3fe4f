// serve(): the publisher and the SPARQL endpoint together over a dist/ folder, as `npm start` runs them.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { Serving } from '../../src/server.ts';
import { FIXTURE, serveOnTestBackend, writeFixtureDist } from './publisher-fixture.ts';

let serving: Serving;
const logs: string[] = [];
beforeAll(async () => {
  const distDir = await writeFixtureDist(await readFile(FIXTURE, 'utf8'));
  const config = loadConfig({ distDir, server: { host: '127.0.0.1', port: 0 }, sparql: { workers: 1 } }, {});
  serving = await serveOnTestBackend(config, {
    log: (l) => logs.push(l),
    handleSignals: false,
    queriesDir: 'test/fixtures/publisher/no-queries',
  });
});
afterAll(async () => {
  await serving?.close();
});

describe('serve', () => {
  it('prints one start-up line with the URLs', () => {
    const startup = logs.filter((l) => l.startsWith('ANMC21 publisher'));
    expect(startup).toHaveLength(1);
    expect(startup[0]).toContain(`${serving.url}/sparql`);
    expect(startup[0]).toContain(`${serving.url}/dumps/`);
  });
  it('mounts the SPARQL endpoint next to dereferencing', async () => {
    const q = encodeURIComponent('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }');
    const res = await fetch(`${serving.url}/sparql?query=${q}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    const health = await (await fetch(`${serving.url}/health`)).json();
    expect(Number(body.results.bindings[0].n.value)).toBe(health.quads);
    expect((await fetch(`${serving.url}/id/city/tokyo`, { headers: { accept: 'text/turtle' } })).status).toBe(200);
    const link = (await fetch(`${serving.url}/id/city/tokyo`)).headers.get('link')!;
    const sparql = /<([^>]+)>; rel="http:\/\/www.w3.org\/ns\/sparql-service-description#endpoint"/.exec(link)![1];
    expect((await fetch(new URL(sparql, serving.url), { headers: { accept: 'text/turtle' } })).status).toBe(200);
  });
  it('lets the SPARQL routes take long GET queries that other paths refuse with 414', async () => {
    const long = `SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } # ${'x'.repeat(4000)}`;
    const res = await fetch(`${serving.url}/sparql?query=${encodeURIComponent(long)}`, {
      headers: { accept: 'application/sparql-results+json' },
    });
    expect(res.status).toBe(200);
    const other = await fetch(`${serving.url}/id/city/tokyo?lang=${'x'.repeat(4000)}`);
    expect(other.status).toBe(414);
    expect(await other.text()).toMatch(/too long/);
  });
  it('answers the preflight of each route with the methods it declares', async () => {
    const preflight = (path: string) =>
      fetch(`${serving.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://example.org', 'access-control-request-method': 'POST' },
      }).then((r) => r.headers.get('access-control-allow-methods'));
    expect(await preflight('/sparql')).toBe('GET, HEAD, POST, OPTIONS');
    expect(await preflight('/queries')).toBe('GET, HEAD, OPTIONS');
    expect(await preflight('/reconcile')).toBe('GET, HEAD, POST, OPTIONS');
    expect(await preflight('/id/city/tokyo')).toBe('GET, HEAD, OPTIONS');
  });
});
