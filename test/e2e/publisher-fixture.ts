// Shared set-up for the publisher tests: the fixture dataset in a store, a fixture dist/ folder with
// every dump (plain and gzip) and a manifest, and the app listening on port 0.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Parser } from 'n3';
import { loadConfig } from '../../src/config.ts';
import { createApp, type RunningServer } from '../../src/http/app.ts';
import { loadDistInfo } from '../../src/http/dumps.ts';
import { serializeQuads, type SerializableMediaType } from '../../src/http/rdf-serialize.ts';
import { createOxigraphStore, type OxigraphStore } from '../../src/store/oxigraph-store.ts';

export const FIXTURE = new URL('../fixtures/publisher/anmc21.trig', import.meta.url);
export const BASE = 'https://w3id.org/anmc21/';

export const DUMP_FORMATS: Record<string, SerializableMediaType> = {
  nq: 'application/n-quads',
  ttl: 'text/turtle',
  nt: 'application/n-triples',
  trig: 'application/trig',
  jsonld: 'application/ld+json',
  rdf: 'application/rdf+xml',
};

/** Write the fixture's dumps (and .gz twins, a VoID-less manifest) into a fresh temporary folder. */
export async function writeFixtureDist(trig: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'anmc21-dist-'));
  const quads = new Parser({ format: 'application/trig' }).parse(trig);
  const files: { name: string; size: number; sha256: string }[] = [];
  for (const [ext, mediaType] of Object.entries(DUMP_FORMATS)) {
    const bytes = Buffer.from(await serializeQuads(quads, mediaType));
    for (const [name, data] of [[`anmc21.${ext}`, bytes], [`anmc21.${ext}.gz`, gzipSync(bytes)]] as const) {
      await writeFile(join(dir, name), data);
      files.push({ name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    }
  }
  const version = files.find((f) => f.name === 'anmc21.nq')!.sha256.slice(0, 16);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify({ version, modified: '2026-01-02T03:04:05Z', files }, null, 2));
  return dir;
}

export interface Fixture {
  url: string;
  running: RunningServer;
  store: OxigraphStore;
  distDir: string;
  logs: string[];
  errors: string[];
}

/** Start the app over the fixture on 127.0.0.1, port 0. */
export async function startFixture(options: { contextFile?: string } = {}): Promise<Fixture> {
  const trig = await readFile(FIXTURE, 'utf8');
  const store = createOxigraphStore([{ data: trig, format: 'application/trig' }]);
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
  const running = await app.start({ host: '127.0.0.1', port: 0 });
  return { url: running.url, running, store, distDir, logs, errors };
}
