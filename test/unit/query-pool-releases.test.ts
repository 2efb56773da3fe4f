// Queries over releases in the worker pool: each query runs over the release it names (loaded by a
// worker on first use), the current data otherwise; with one release store per worker, alternating
// releases evicts and reloads without mixing their answers; a release's load counts in its time limit.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryPool, type QueryPool } from '../../src/store/query-pool.ts';
import { QueryPoolError, type ReleaseSource } from '../../src/store/query-runner.ts';

const G = '<https://w3id.org/anmc21/graph/article>';
const data = (name: string) =>
  `<https://w3id.org/anmc21/id/city/x> <http://www.w3.org/2000/01/rdf-schema#label> "${name}" ${G} .\n`;
const QUERY = 'SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }';

let pool: QueryPool;
let releases: ReleaseSource[];
beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-pool-releases-'));
  releases = [];
  for (const version of ['2026-01-01', '2026-01-02', '2026-01-03']) {
    const file = path.join(dir, `${version}.nq.gz`);
    await writeFile(file, gzipSync(Buffer.from(data(`name in ${version}`))));
    releases.push({ version, path: file });
  }
  pool = createQueryPool({
    source: { data: data('current name'), format: 'application/n-quads' },
    workers: 1,
    queueLength: 8,
    timeoutMs: 5_000,
    maxRows: 100,
    maxTriples: 1000,
    maxResultBytes: 1_000_000,
    releaseStores: 1,
  });
  await pool.ready();
}, 60_000);
afterAll(async () => {
  await pool?.close();
});

const label = async (release?: ReleaseSource) => {
  const result = await pool.run({
    query: QUERY,
    form: 'SELECT',
    mediaType: 'text/csv',
    ...(release ? { release } : {}),
  });
  return result.body.toString().trim().split(/\r?\n/)[1];
};

describe('a query naming a release', () => {
  it('runs over that release, and the current data without one, alternating', async () => {
    for (const round of [1, 2]) {
      expect(await label(), `round ${round}`).toBe('current name');
      for (const r of releases) expect(await label(r)).toBe(`name in ${r.version}`);
      expect(await label(releases[0])).toBe('name in 2026-01-01');
    }
  });

  it('fails clearly when the release file cannot be read, and the worker goes on', async () => {
    const error = await pool
      .run({
        query: QUERY,
        form: 'SELECT',
        mediaType: 'text/csv',
        release: { version: 'gone', path: '/nonexistent.nq.gz' },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(QueryPoolError);
    expect((error as QueryPoolError).reason).toBe('engine');
    expect((error as QueryPoolError).message).toBe('Release gone could not be read (ENOENT)');
    expect(await label(releases[1])).toBe('name in 2026-01-02');
  });
});
