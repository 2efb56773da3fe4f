// Memento's protocol pieces (Accept-Datetime, the Link relations, the link-format TimeMap) and the
// archive's choice of Memento for a datetime, over releases where a resource appears and disappears.
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/http/http-error.ts';
import { mementoLinkValues, readAcceptDatetime, writeLinkFormatTimeMap } from '../../src/http/memento.ts';
import { openReleaseArchive } from '../../src/release/archive.ts';
import { recordRelease } from '../../src/release/record-release.ts';

describe('Accept-Datetime', () => {
  it('reads an RFC 1123 date, and nothing else', () => {
    expect(readAcceptDatetime(undefined)).toBeUndefined();
    expect(readAcceptDatetime('Sun, 06 Nov 1994 08:49:37 GMT')?.toISOString()).toBe('1994-11-06T08:49:37.000Z');
    expect(readAcceptDatetime(' Mon, 30 Nov 2026 13:30:36 GMT ')?.toISOString()).toBe('2026-11-30T13:30:36.000Z');
    for (const bad of [
      '',
      'Sunday, 06-Nov-94 08:49:37 GMT', // RFC 850
      'Sun Nov  6 08:49:37 1994', // asctime
      '1994-11-06T08:49:37Z',
      'Sun, 06 Nov 1994 08:49:37 +0000',
      'Mon, 06 Nov 1994 08:49:37 GMT', // a Sunday
      'Thu, 30 Feb 2026 00:00:00 GMT',
      'Sun, 06 Nov 1994 24:00:00 GMT',
    ]) {
      expect(() => readAcceptDatetime(bad), bad).toThrow(HttpError);
    }
    try {
      readAcceptDatetime('Mon, 06 Nov 1994 08:49:37 GMT');
    } catch (error) {
      expect((error as HttpError).status).toBe(400);
      expect((error as HttpError).message).toMatch(/06 Nov 1994 is a Sun, not a Mon/);
    }
  });
});

describe('Memento links', () => {
  const m = (n: number) => ({ url: `http://h/releases/${n}/id/x`, datetime: new Date(Date.UTC(2026, 10, n)) });
  const links = {
    original: 'http://h/id/x',
    timegate: 'http://h/id/x',
    timemap: 'http://h/timemap/id/x',
    mementos: [m(1), m(2), m(3)],
  };

  it('names original, timegate, timemap, first and last; and prev/next around a Memento', () => {
    expect(mementoLinkValues(links)).toEqual([
      '<http://h/id/x>; rel="original timegate"',
      '<http://h/timemap/id/x>; rel="timemap"; type="application/link-format"',
      '<http://h/releases/1/id/x>; rel="first memento"; datetime="Sun, 01 Nov 2026 00:00:00 GMT"',
      '<http://h/releases/3/id/x>; rel="last memento"; datetime="Tue, 03 Nov 2026 00:00:00 GMT"',
    ]);
    expect(mementoLinkValues(links, m(2)).slice(2)).toEqual([
      '<http://h/releases/1/id/x>; rel="first prev memento"; datetime="Sun, 01 Nov 2026 00:00:00 GMT"',
      '<http://h/releases/3/id/x>; rel="last next memento"; datetime="Tue, 03 Nov 2026 00:00:00 GMT"',
    ]);
    expect(mementoLinkValues({ ...links, mementos: [m(1)] }, m(1)).slice(2)).toEqual([
      '<http://h/releases/1/id/x>; rel="first last memento"; datetime="Sun, 01 Nov 2026 00:00:00 GMT"',
    ]);
  });

  it('writes the TimeMap in link-format', () => {
    expect(writeLinkFormatTimeMap(links).split(',\n')).toEqual([
      '<http://h/id/x>; rel="original"',
      '<http://h/timemap/id/x>; rel="self"; type="application/link-format"; from="Sun, 01 Nov 2026 00:00:00 GMT"; until="Tue, 03 Nov 2026 00:00:00 GMT"',
      '<http://h/id/x>; rel="timegate"',
      '<http://h/releases/1/id/x>; rel="first memento"; datetime="Sun, 01 Nov 2026 00:00:00 GMT"',
      '<http://h/releases/2/id/x>; rel="memento"; datetime="Mon, 02 Nov 2026 00:00:00 GMT"',
      '<http://h/releases/3/id/x>; rel="last memento"; datetime="Tue, 03 Nov 2026 00:00:00 GMT"\n',
    ]);
  });
});

describe('the Memento for a datetime', () => {
  const BASE = 'https://w3id.org/anmc21/';
  const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');
  const line = (s: string) =>
    `<${BASE}id/${s}> <http://www.w3.org/2000/01/rdf-schema#label> "${s}" <${BASE}graph/article> .\n`;

  /** Three releases: `a` in all, `b` only in the second, `c` from the third on. */
  async function archive() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-archive-'));
    const days = [['a'], ['a', 'b'], ['a', 'c']];
    for (const [i, names] of days.entries()) {
      const dist = await mkdtemp(path.join(os.tmpdir(), 'anmc21-dist-'));
      const nq = names.map(line).join('');
      const gz = gzipSync(Buffer.from(nq));
      await writeFile(path.join(dist, 'anmc21.nq.gz'), gz);
      await writeFile(
        path.join(dist, 'manifest.json'),
        JSON.stringify({
          base: BASE,
          modified: '2026-01-01T00:00:00Z',
          files: [{ path: 'anmc21.nq.gz', sha256: sha256(gz) }],
        }),
      );
      await recordRelease({
        releasesDir: dir,
        distDir: dist,
        base: BASE,
        changes: `day ${i + 1}`,
        issued: new Date(Date.UTC(2026, 0, i + 1)),
        codeCommit: '0'.repeat(40),
        source: { file: 'a.md', page: 'x' },
        inputs: [{ file: 'a.md', sha256: '0'.repeat(64) }],
      });
    }
    return openReleaseArchive(dir, { maxStores: 1 });
  }

  it('is the release in force, else the latest earlier one that has it, else its first', async () => {
    const a = await archive();
    const at = async (name: string, iso: string) =>
      (await a.mementoAt(`${BASE}id/${name}`, new Date(iso)))?.manifest.version;
    expect(await at('a', '2025-12-31T00:00:00Z')).toBe('2026-01-01');
    expect(await at('a', '2026-01-02T12:00:00Z')).toBe('2026-01-02');
    expect(await at('b', '2026-01-01T12:00:00Z')).toBe('2026-01-02'); // before it existed: its first
    expect(await at('b', '2026-01-05T00:00:00Z')).toBe('2026-01-02'); // dropped by the third: its last
    expect(await at('c', '2026-01-02T00:00:00Z')).toBe('2026-01-03');
    expect(await at('nothing', '2026-01-02T00:00:00Z')).toBeUndefined();
    expect((await a.mementosOf(`${BASE}id/b`)).map((r) => r.manifest.version)).toEqual(['2026-01-02']);
  });

  it('holds at most maxStores release stores', async () => {
    const a = await archive();
    const [first, second] = a.releases;
    const s1 = await a.store(first!);
    await a.store(second!);
    expect(await a.store(first!)).not.toBe(s1); // evicted by the second, loaded again
    expect(await (await a.store(first!)).size()).toBe(1);
  });
});
