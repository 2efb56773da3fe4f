// The real ANMC21 dist/ built once per test process into a temporary folder, through buildDist.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildDist } from '../../src/build.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { listReleases, type Release } from '../../src/release/releases.ts';
import { serve, type Serving } from '../../src/server.ts';

let built: Promise<string> | undefined;

/** Path of a dist/ folder holding the real build. */
export function realDist(): Promise<string> {
  built ??= (async () => {
    const distDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'anmc21-dist-')), 'dist');
    const manifest = await buildDist(loadConfig({ distDir }, {}), { quiet: true, log: () => {}, logError: () => {} });
    if (!manifest) throw new Error('the real ANMC21 dist/ did not build');
    return distDir;
  })();
  return built;
}

/** A config serving the real dist on a free port with one query worker. */
export async function realConfig(): Promise<Config> {
  return loadConfig({ distDir: await realDist(), server: { host: '127.0.0.1', port: 0 }, sparql: { workers: 1 } }, {});
}

/** The real server over the real dist/ and the releases in releases/, with its URL and those releases. */
export async function serveRealWithReleases(): Promise<{ serving: Serving; url: string; releases: Release[] }> {
  const config = await realConfig();
  const serving = await serve(config, { handleSignals: false, log: () => {} });
  return { serving, url: serving.url, releases: await listReleases(config.releasesDir) };
}
