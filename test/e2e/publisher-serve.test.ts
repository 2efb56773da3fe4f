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
});
