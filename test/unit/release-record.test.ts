// Recording releases: version names, the folder and manifest written, the changelog, and every refusal
// (an existing folder, the same data, an earlier date, a damaged archive, a blank node, a foreign dist/).
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderChangelog } from '../../src/release/changelog.ts';
import { recordRelease, type RecordOptions } from '../../src/release/record-release.ts';
import {
  compareVersions,
  listReleases,
  nextVersion,
  parseVersion,
  readReleaseQuads,
  releaseInForce,
  verifyRelease,
} from '../../src/release/releases.ts';

const BASE = 'https://w3id.org/anmc21/';
const G = `<${BASE}graph/article>`;
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** A dist/ holding only what recording reads: the gzipped N-Quads and a manifest listing it. */
async function tinyDist(nquads: string, base = BASE): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-tiny-dist-'));
  const gz = gzipSync(Buffer.from(nquads));
  await writeFile(path.join(dir, 'anmc21.nq.gz'), gz);
  const manifest = {
    base,
    version: sha256(nquads).slice(0, 16),
    modified: '2026-11-28T23:37:15+00:00',
    files: [{ path: 'anmc21.nq.gz', sha256: sha256(gz) }],
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const data = (label: string) =>
  `<${BASE}id/city/tokyo> <http://www.w3.org/2000/01/rdf-schema#label> "${label}"@en ${G} .\n` +
  `<${BASE}id/city/tokyo> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/City> ${G} .\n`;

async function options(releasesDir: string, nquads: string, over: Partial<RecordOptions> = {}): Promise<RecordOptions> {
  return {
    releasesDir,
    distDir: await tinyDist(nquads),
    base: BASE,
    changes: 'A test release.',
    codeCommit: 'f4797018fe785d8712854be3a7f2820bf549f308',
    source: { file: 'data/source/anmc21.zh-hant.md', page: 'https://zh.wikipedia.org/wiki/x' },
    inputs: [{ file: 'data/source/anmc21.zh-hant.md', sha256: sha256('article') }],
    ...over,
  };
}

describe('release versions', () => {
  it('parse dates and day sequences, and refuse anything else', () => {
    expect(parseVersion('2026-11-30')).toEqual({ date: '2026-11-30', sequence: 1 });
    expect(parseVersion('2026-11-30.2')).toEqual({ date: '2026-11-30', sequence: 2 });
    for (const bad of ['2026-11-31', '2026-11-30.1', '2026-11-30.01', 'v1', '2026-1-30', '2026-11-30.x'])
      expect(parseVersion(bad), bad).toBeUndefined();
  });
  it('sort by date, then by the day’s number (.10 after .9)', () => {
    const sorted = ['2026-12-01', '2026-11-30.10', '2026-11-30', '2026-11-30.9', '2026-11-30.2'].sort(compareVersions);
    expect(sorted).toEqual(['2026-11-30', '2026-11-30.2', '2026-11-30.9', '2026-11-30.10', '2026-12-01']);
  });
  it('name the next release by its UTC date', () => {
    const at = new Date('2026-11-30T23:59:59Z');
    expect(nextVersion([], at)).toBe('2026-11-30');
    expect(nextVersion(['2026-11-29', '2026-11-30'], at)).toBe('2026-11-30.2');
    expect(nextVersion(['2026-11-30', '2026-11-30.2'], at)).toBe('2026-11-30.3');
  });
});

describe('recordRelease', () => {
  it('writes an immutable folder that verifies, and the changelog from the manifests', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-releases-'));
    const first = await recordRelease(
      await options(dir, data('Tokyo'), { issued: new Date('2026-11-29T01:53:31.500Z') }),
    );
    expect(first.manifest.version).toBe('2026-11-29');
    expect(first.manifest.issued).toBe('2026-11-29T01:53:31Z');
    expect(first.manifest.previousVersion).toBeUndefined();
    expect((await readdir(first.dir)).sort()).toEqual(['anmc21.nq.gz', 'manifest.json', 'void.ttl']);
    const second = await recordRelease(
      await options(dir, data('Tokyo Metropolis'), { issued: new Date('2026-11-29T09:00:00Z'), changes: 'Renamed.' }),
    );
    expect(second.manifest).toMatchObject({
      version: '2026-11-29.2',
      previousVersion: '2026-11-29',
      quads: 2,
      triples: 2,
    });
    expect(second.manifest.graphs).toEqual({ [`${BASE}graph/article`]: 2 });

    const releases = await listReleases(dir);
    expect(releases.map((r) => r.manifest.version)).toEqual(['2026-11-29', '2026-11-29.2']);
    for (const r of releases) expect((await verifyRelease(r)).problems).toEqual([]);
    expect(await readFile(path.join(dir, 'CHANGELOG.md'), 'utf8')).toBe(renderChangelog(releases));
    expect((await readReleaseQuads(releases[1]!)).map((q) => q.object.value)).toContain('Tokyo Metropolis');
    const voidTtl = await readFile(path.join(second.dir, 'void.ttl'), 'utf8');
    expect(voidTtl).toContain(`dcat:previousVersion <${BASE}releases/2026-11-29>`);
    expect(voidTtl).toContain(second.manifest.files[0]!.sha256);

    expect(releaseInForce(releases, new Date('2026-11-29T01:53:30Z'))).toBeUndefined();
    expect(releaseInForce(releases, new Date('2026-11-29T01:53:31Z'))?.manifest.version).toBe('2026-11-29');
    expect(releaseInForce(releases, new Date('2030-01-01T00:00:00Z'))?.manifest.version).toBe('2026-11-29.2');
  });

  it('refuses the same data, an earlier date, an existing folder, a foreign base and a blank node', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-releases-'));
    await recordRelease(await options(dir, data('Tokyo'), { issued: new Date('2026-11-29T00:00:00Z') }));
    const later = new Date('2026-11-30T00:00:00Z');
    await expect(recordRelease(await options(dir, data('Tokyo'), { issued: later }))).rejects.toThrow(
      /Nothing to release: .* same data as release 2026-11-29/,
    );
    await expect(
      recordRelease(await options(dir, data('Edo'), { issued: new Date('2026-11-28T00:00:00Z') })),
    ).rejects.toThrow(/not later than release 2026-11-29/);
    await mkdir(path.join(dir, '2026-11-30'));
    await writeFile(path.join(dir, '2026-11-30', 'x'), 'someone was here');
    await expect(recordRelease(await options(dir, data('Edo'), { issued: later }))).rejects.toThrow(
      /2026-11-30.*not a release|manifest\.json/,
    );
    const clean = await mkdtemp(path.join(os.tmpdir(), 'anmc21-releases-'));
    await expect(
      recordRelease({ ...(await options(clean, data('Edo'))), base: 'https://example.org/' }),
    ).rejects.toThrow(/built under base https:\/\/w3id\.org\/anmc21\/, not https:\/\/example\.org\//);
    await expect(
      recordRelease(await options(clean, `_:b0 <http://www.w3.org/2000/01/rdf-schema#label> "x" ${G} .\n`)),
    ).rejects.toThrow(/quad 1 has a blank node/);
    await expect(recordRelease(await options(clean, data('Edo'), { changes: 'two\nlines' }))).rejects.toThrow(
      /one non-empty line/,
    );
    expect(await readdir(clean)).toEqual([]);
  });

  it('never rewrites a release: a damaged archive is reported and nothing is added to it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-releases-'));
    const first = await recordRelease(await options(dir, data('Tokyo'), { issued: new Date('2026-11-29T00:00:00Z') }));
    const file = path.join(first.dir, 'anmc21.nq.gz');
    // Read-only on disk (root may still write, as here: the manifest's checksums are what catch it).
    expect((await stat(file)).mode & 0o222).toBe(0);
    await chmod(file, 0o644);
    await writeFile(file, gzipSync(Buffer.from(data('Edo'))));
    const [release] = await listReleases(dir);
    const { problems } = await verifyRelease(release!);
    expect(problems.join('\n')).toMatch(/anmc21\.nq\.gz has SHA-256 [0-9a-f]{64}, the manifest says/);
    await writeFile(path.join(first.dir, 'extra.txt'), 'x');
    expect((await verifyRelease(release!)).problems.join('\n')).toMatch(
      /extra\.txt is in the folder but not in the manifest/,
    );
    await expect(
      recordRelease(await options(dir, data('Osaka'), { issued: new Date('2026-11-30T00:00:00Z') })),
    ).rejects.toThrow(/Release 2026-11-29 does not verify .* refusing to add to a damaged archive/);
    expect((await readdir(dir)).sort()).toEqual(['2026-11-29', 'CHANGELOG.md']);
  });

  it('keeps the chain: a release naming the wrong predecessor is refused when listing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-releases-'));
    const first = await recordRelease(await options(dir, data('Tokyo'), { issued: new Date('2026-11-29T00:00:00Z') }));
    const copy = path.join(dir, '2026-11-28');
    await mkdir(copy);
    const manifest = JSON.parse(await readFile(path.join(first.dir, 'manifest.json'), 'utf8'));
    await writeFile(
      path.join(copy, 'manifest.json'),
      JSON.stringify({ ...manifest, version: '2026-11-28', issued: '2026-11-28T00:00:00Z' }),
    );
    await expect(listReleases(dir)).rejects.toThrow(
      /2026-11-29.*previousVersion is null, but the release before it is "2026-11-28"/s,
    );
  });
});
