// One dataset description: the VoID/DCAT the build writes to dist/void.ttl and the one the server
// builds for a dist/ without it (from the manifest, or from the store) say the same statements.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { loadDistInfo } from '../../src/dump/read-dist.ts';
import { createApp } from '../../src/http/app.ts';
import type { RunningServer } from '../../src/http/listen.ts';
import { N_QUADS } from '../../src/rdf/formats.ts';
import { tripleToNT } from '../../src/rdf/n-triples.ts';
import { createOxigraphStore } from '../../src/store/oxigraph-store.ts';
import { realDist } from '../support/real-dist.ts';

const MODIFIED = 'http://purl.org/dc/terms/modified';
let built: string;
let work: string;
const servers: RunningServer[] = [];

/** The statements of a VoID document, as sorted N-Triples lines. */
function statements(turtle: string): string[] {
  return new Parser({ format: 'text/turtle' }).parse(turtle).map(tripleToNT).sort();
}

/**
 * Serve a copy of the real dist/ without void.ttl; its manifest whole, or (if not asked for) stating
 * the files and nothing else (no version, date or counts); GET its VoID.
 */
async function servedVoid(withManifest: boolean): Promise<string[]> {
  const dir = path.join(work, withManifest ? 'with-manifest' : 'bare');
  await cp(built, dir, { recursive: true });
  await rm(path.join(dir, 'void.ttl'));
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { files: { path: string }[] };
  const files = manifest.files.filter((f) => f.path !== 'void.ttl');
  await writeFile(manifestFile, JSON.stringify(withManifest ? { ...manifest, files } : { files }));
  const store = createOxigraphStore([
    { data: await readFile(path.join(dir, 'anmc21.nq'), 'utf8'), format: N_QUADS.mediaType },
  ]);
  const app = await createApp({
    config: loadConfig({ distDir: dir }, {}),
    store,
    dist: await loadDistInfo(dir),
    log: () => {},
  });
  const running = await app.start({ host: '127.0.0.1', port: 0 });
  servers.push(running);
  const res = await fetch(`${running.url}/.well-known/void`, { headers: { accept: 'text/turtle' } });
  expect(res.status).toBe(200);
  return statements(await res.text());
}

beforeAll(async () => {
  built = await realDist();
  work = await mkdtemp(path.join(os.tmpdir(), 'anmc21-void-'));
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(work, { recursive: true, force: true });
});

describe('one dataset description', () => {
  it('the server builds the same statements as dist/void.ttl from the manifest', async () => {
    const written = statements(await readFile(path.join(built, 'void.ttl'), 'utf8'));
    expect(written.length).toBeGreaterThan(100);
    expect(await servedVoid(true)).toEqual(written);
  });

  it('and from the store alone (counts and examples queried) when the manifest lists only files, all but the date', async () => {
    const written = statements(await readFile(path.join(built, 'void.ttl'), 'utf8'));
    const withoutDate = (lines: string[]) => lines.filter((l) => !l.includes(`<${MODIFIED}>`));
    const served = await servedVoid(false);
    expect(withoutDate(served)).toEqual(withoutDate(written));
    // Without a date in the manifest the date is the files' time, still stated once.
    expect(served.filter((l) => l.includes(`<${MODIFIED}>`))).toHaveLength(1);
  });
});
