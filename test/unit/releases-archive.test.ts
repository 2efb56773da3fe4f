// The releases kept in the repository (releases/): each verifies against its manifest (every file's
// size and SHA-256, the N-Quads' dataset version and counts, no blank nodes), they form one chain, the
// changelog is what their manifests render to, and git history never changed a file of a release.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { CHANGELOG, renderChangelog } from '../../src/release/changelog.ts';
import { listReleases, verifyRelease } from '../../src/release/releases.ts';

const config = loadConfig({}, {});
const releases = await listReleases(config.releasesDir);

describe('the releases in the repository', () => {
  it('are at least the first two, in one chain', () => {
    expect(releases.length).toBeGreaterThanOrEqual(2);
    expect(releases[0]!.manifest.previousVersion).toBeUndefined();
  });

  it.each(releases.map((r) => [r.manifest.version, r] as const))('%s verifies against its manifest', async (_, r) => {
    const { problems, bytes } = await verifyRelease(r);
    expect(problems).toEqual([]);
    expect(bytes).toBeLessThan(200_000);
  });

  it('CHANGELOG.md is what the manifests render to', async () => {
    expect(await readFile(path.join(config.releasesDir, CHANGELOG), 'utf8')).toBe(renderChangelog(releases));
  });

  // A release once committed is never modified, renamed or deleted; only new folders are added.
  it.skipIf(!existsSync(path.join(config.root, '.git')))('no commit ever changed a file of a release', () => {
    const log = execFileSync(
      'git',
      [
        'log',
        '--format=%h',
        '--name-status',
        '--diff-filter=MDRT',
        '--',
        `${path.relative(config.root, config.releasesDir)}/*/*`,
      ],
      { cwd: config.root, encoding: 'utf8' },
    ).trim();
    expect(log).toBe('');
  });
});
