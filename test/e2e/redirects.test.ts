// Renamed identifiers answer 301 to their new IRI, keeping the format extension and query.
import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedirectRouter } from '../../src/http/routes/redirects.ts';
import { readRedirects } from '../../src/links/redirects.ts';

let server: Server;
let url: string;
beforeAll(async () => {
  const app = express();
  app.use(
    createRedirectRouter(readRedirects('old\tnew\tdate\treason\nid/city/tokio\tid/city/tokyo\t2026-11-28\tspelling\n')),
  );
  app.use((_req, res) => res.status(404).end());
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('redirects', () => {
  it('answer 301 with the new path, extension and query kept', async () => {
    const res = await fetch(`${url}/id/city/tokio.ttl?lang=en`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/id/city/tokyo.ttl?lang=en');
    expect((await fetch(`${url}/id/city/tokyo`, { redirect: 'manual' })).status).toBe(404);
  });
  it('refuse a malformed redirects file with its line', () => {
    expect(() => readRedirects('old\tnew\tdate\treason\nid/city/a\tid/city/b\tyesterday\tx\n')).toThrow(
      /data\/redirects.tsv:2:/,
    );
  });
});
