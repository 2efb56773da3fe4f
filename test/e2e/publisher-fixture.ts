// Shared set-up for the publisher tests: the fixture dataset in a store, a fixture dist/ folder with
// every dump (plain and gzip) and a manifest, and the app listening on port 0. The store is the
// in-memory one, or the remote store on Virtuoso when ANMC21_TEST_BACKEND=sparql (test-backend.ts).

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Parser } from 'n3';
import { loadConfig } from '../../src/config.ts';
import { createApp } from '../../src/http/app.ts';
import type { RunningServer } from '../../src/http/listen.ts';
import { loadDistInfo } from '../../src/dump/read-dist.ts';
import { RDF_FORMATS } from '../../src/rdf/formats.ts';
import { serializeQuads } from '../../src/rdf/serialize.ts';
import { serve, type ServeOptions, type Serving } from '../../src/server.ts';
import { MAIN_DUMP } from '../../src/dump/read-dist.ts';
import type { Config } from '../../src/config.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import { createSparqlStore } from '../../src/store/remote/sparql-store.ts';
import type { Store } from '../../src/store/store.ts';
import { connectRemoteDataset, ON_REMOTE, TEST_BACKEND, type TestBackend } from './test-backend.ts';

export const FIXTURE = new URL('../fixtures/publisher/anmc21.trig', import.meta.url);
export const BASE = 'https://w3id.org/anmc21/';

/** The RDF dump formats of a real dist/ (every RDF syntax of the one table), written for the fixture. */
export const DUMP_FORMATS = RDF_FORMATS;

/** Write the fixture's dumps (and .gz twins, a VoID-less manifest) into a fresh temporary folder. */
export async function writeFixtureDist(trig: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'anmc21-dist-'));
  const quads = new Parser({ format: 'application/trig' }).parse(trig);
  const files: { name: string; size: number; sha256: string }[] = [];
  for (const format of DUMP_FORMATS) {
    const bytes = Buffer.from(await serializeQuads(quads, format));
    for (const [name, data] of [
      [`anmc21.${format.extension}`, bytes],
      [`anmc21.${format.extension}.gz`, gzipSync(bytes)],
    ] as const) {
      await writeFile(join(dir, name), data);
      files.push({ name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    }
  }
  const version = files.find((f) => f.name === 'anmc21.nq')!.sha256.slice(0, 16);
  await writeFile(
    join(dir, 'manifest.json'),
    JSON.stringify({ version, modified: '2026-01-02T03:04:05Z', files }, null, 2),
  );
  return dir;
}

export interface Fixture {
  url: string;
  /** `close()` also stops the remote backend's proxy, and fails if Virtuoso answered nothing. */
  running: RunningServer;
  /** The store the app serves from. */
  store: Store;
  backend: TestBackend;
  distDir: string;
  logs: string[];
  errors: string[];
}

/** Start the app over the fixture on 127.0.0.1, port 0. */
export async function startFixture(options: { contextFile?: string } = {}): Promise<Fixture> {
  const trig = await readFile(FIXTURE, 'utf8');
  const remote = ON_REMOTE ? await connectRemoteDataset(trig, 'application/trig') : undefined;
  const store = remote
    ? createSparqlStore({ endpoint: remote.endpoint, graphs: remote.graphs })
    : createOxigraphStore([{ data: trig, format: 'application/trig' }]);
  const distDir = await writeFixtureDist(trig);
  const config = loadConfig({ distDir, server: { host: '127.0.0.1', port: 0 } }, {});
  const logs: string[] = [];
  const errors: string[] = [];
  const app = await createApp({
    config,
    store,
    dist: await loadDistInfo(distDir),
    ontologyFile: join(distDir, 'no-ontology.ttl'),
    contextFile: options.contextFile ?? join(distDir, 'no-context.jsonld'),
    log: (line) => logs.push(line),
    logError: (line) => errors.push(line),
  });
  const started = await app.start({ host: '127.0.0.1', port: 0 });
  const running: RunningServer = remote
    ? {
        ...started,
        close: async (graceMs?: number) => {
          await started.close(graceMs);
          await remote.close();
        },
      }
    : started;
  return { url: running.url, running, store, backend: TEST_BACKEND, distDir, logs, errors };
}

/**
 * `serve(config, options)` on this run's backend: as is in memory; on the remote backend, after loading
 * `config.distDir`'s N-Quads dump into Virtuoso, with `store: { kind: 'sparql' }` (whose `close()` then
 * also checks that Virtuoso answered).
 */
export async function serveOnTestBackend(config: Config, options: ServeOptions = {}): Promise<Serving> {
  if (!ON_REMOTE) return serve(config, options);
  const remote = await connectRemoteDataset(
    await readFile(join(config.distDir, MAIN_DUMP), 'utf8'),
    'application/n-quads',
  );
  const serving = await serve(config, { ...options, store: { kind: 'sparql', endpoint: remote.endpoint } }).catch(
    async (error: unknown) => {
      await remote.close().catch(() => {});
      throw error;
    },
  );
  return {
    ...serving,
    close: async (graceMs?: number) => {
      await serving.close(graceMs);
      await remote.close();
    },
  };
}
