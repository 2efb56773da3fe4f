// The reconciliation index is built on the first /reconcile request, not at start-up: once for
// concurrent requests, and again after a failed build (which answers 500, never a partial index).
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/middleware/error-handler.ts';
import { createReconcileRouter } from '../../src/http/routes/reconcile.ts';
import { EntityIndex } from '../../src/links/entity-index.ts';

const BASE = 'https://w3id.org/anmc21/';
const tokyo = {
  id: 'city/tokyo',
  iri: `${BASE}id/city/tokyo`,
  kind: 'city',
  names: [{ value: 'Tokyo', lang: 'en' }],
  types: [{ id: 'https://schema.org/City', name: 'City' }],
  values: {},
};

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serveRouter(build: () => Promise<EntityIndex>, logged: string[]): Promise<string> {
  const app = express();
  app.use(createReconcileRouter({ index: build, base: BASE }));
  app.use(errorHandler({ logError: (line) => logged.push(line) }));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server!.once('listening', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/reconcile`;
}

const suggest = (url: string) => fetch(`${url}/suggest/entity?prefix=tok`);

describe('reconciliation index built on first use', () => {
  it('is not built before the first request, and once for concurrent requests', async () => {
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const url = await serveRouter(async () => {
      builds++;
      await gate;
      return new EntityIndex([tokyo]);
    }, []);
    expect(builds).toBe(0);
    const pending = [suggest(url), suggest(url), fetch(url)];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(builds).toBe(1);
    release();
    const [a, b, manifest] = await Promise.all(pending);
    expect(a!.status).toBe(200);
    expect((await a!.json()).result.map((r: { id: string }) => r.id)).toEqual(['city/tokyo']);
    expect(b!.status).toBe(200);
    expect(manifest!.status).toBe(200);
    expect((await suggest(url)).status).toBe(200);
    expect(builds).toBe(1);
  });

  it('answers 500 when building fails, and builds again on the next request', async () => {
    let builds = 0;
    const logged: string[] = [];
    const url = await serveRouter(async () => {
      if (++builds === 1) throw new Error('store unavailable');
      return new EntityIndex([tokyo]);
    }, logged);
    const failed = await suggest(url);
    expect(failed.status).toBe(500);
    expect(await failed.text()).not.toContain('store unavailable');
    expect(logged.join('\n')).toContain('store unavailable');
    const retried = await suggest(url);
    expect(retried.status).toBe(200);
    expect((await retried.json()).result[0].id).toBe('city/tokyo');
    expect(builds).toBe(2);
  });
});
