// Reviewing a new article revision against the latest release: the fixture revisions of
// test/fixtures/revisions/ (an edited host city, a removed line, a moved paragraph; never released)
// are built and compared, fact by fact, with a release recorded from the unedited article. Each
// change must be the edit's: the right facts, with line numbers on both sides that the edit explains.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildGraph } from '../../src/pipeline.ts';
import { reviewAgainstLatest, type Review } from '../../src/release/compare.ts';
import type { Evidence, FactChange } from '../../src/release/fact-changes.ts';
import { recordRelease } from '../../src/release/record-release.ts';
import { realDist } from '../support/real-dist.ts';

const BASE = 'https://w3id.org/anmc21/';
const FIXTURES = 'test/fixtures/revisions';
const run = promisify(execFile);
let releasesDir: string;

async function review(fixture: string): Promise<{ review: Review; diagnostics: string[] }> {
  const config = loadConfig({ files: { source: `${FIXTURES}/${fixture}` } }, {});
  const graph = await buildGraph(config);
  expect(graph.ok, graph.diagnostics.map((d) => d.message).join('\n')).toBe(true);
  return {
    review: await reviewAgainstLatest(releasesDir, graph.quads, { base: BASE, name: fixture }),
    diagnostics: graph.diagnostics.map((d) => `${d.span?.line}:${d.rule}`),
  };
}

/** Every fact change as `kind subject predicate`, for exact comparisons. */
function listed(r: Review, kinds: readonly string[]): string[] {
  return r.comparison!.summary.entities.flatMap((e) =>
    e.facts
      .filter((f) => kinds.includes(f.kind))
      .map((f) => `${f.kind} ${e.subject.slice(BASE.length)} ${f.predicate}`),
  );
}

const gone = (f: FactChange): Evidence[] =>
  f.before.flatMap((v) => v.evidence).filter((e) => !f.after.some((a) => a.evidence.some((n) => n.key === e.key)));
const come = (f: FactChange): Evidence[] =>
  f.after.flatMap((v) => v.evidence).filter((e) => !f.before.some((b) => b.evidence.some((o) => o.key === e.key)));

/**
 * The edit explains every difference of evidence: each quote lost is on a line the edit touched, or
 * comes back with the same words on the line `shift` maps it to; each quote gained likewise.
 */
function explainedBy(r: Review, edited: { before: number[]; after: number[] }, shift: (line: number) => number): void {
  for (const e of r.comparison!.summary.entities) {
    for (const f of e.facts) {
      const lost = gone(f);
      const found = come(f);
      for (const ev of lost) {
        const moved = found.some((n) => n.text === ev.text && n.line === shift(ev.line!));
        expect(edited.before.includes(ev.line!) || moved, `${e.subject} ${f.predicate}: lost ${ev.key}`).toBe(true);
      }
      for (const ev of found) {
        const moved = lost.some((o) => o.text === ev.text && shift(o.line!) === ev.line);
        expect(edited.after.includes(ev.line!) || moved, `${e.subject} ${f.predicate}: gained ${ev.key}`).toBe(true);
      }
    }
  }
}

beforeAll(async () => {
  releasesDir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-review-releases-'));
  // The latest release: the unedited article, built by this code.
  await recordRelease({
    releasesDir,
    distDir: await realDist(),
    base: BASE,
    changes: 'The unedited article, for the review tests.',
    issued: new Date('2026-11-30T00:00:00Z'),
    codeCommit: '0'.repeat(40),
    source: { file: 'data/source/anmc21.zh-hant.md', page: 'https://zh.wikipedia.org/wiki/x' },
    inputs: [{ file: 'data/source/anmc21.zh-hant.md', sha256: '0'.repeat(64) }],
  });
}, 120_000);

describe('reviewing a revision against the latest release', () => {
  it('an edited host city: one fact changed on line 45, its other facts re-quoted there', async () => {
    const { review: r } = await review('host-city-edited.md');
    const s = r.comparison!.summary;
    expect(r.against!.manifest.version).toBe('2026-11-30');
    expect(listed(r, ['changed', 'added', 'removed', 'moved'])).toEqual([
      'changed id/meeting/2003-11 https://schema.org/location',
    ]);
    const [change] = s.entities
      .find((e) => e.subject === `${BASE}id/meeting/2003-11`)!
      .facts.filter((f) => f.kind === 'changed');
    expect(change!.before.map((v) => v.object.value)).toEqual([`${BASE}id/city/hanoi`]);
    expect(change!.after.map((v) => v.object.value)).toEqual([`${BASE}id/city/bangkok`]);
    expect(change!.before[0]!.evidence.map((e) => [e.line, e.text.includes('[河內]')])).toEqual([[45, true]]);
    expect(change!.after[0]!.evidence.map((e) => [e.line, e.text.includes('[曼谷]')])).toEqual([[45, true]]);
    // The meeting's other facts and both cities' names are quoted from the edited line: re-sourced there.
    const resourced = new Set(listed(r, ['resourced']).map((l) => l.split(' ')[1]));
    expect([...resourced].sort()).toEqual(['id/city/bangkok', 'id/city/hanoi', 'id/meeting/2003-11']);
    explainedBy(r, { before: [45], after: [45] }, (l) => l);
    expect(r.text).toMatch(
      /~ schema:location {2}\[article\]\n {6}− id\/city\/hanoi {2}← line 45:\d+-\d+ 「2003年11月：第三屆年會，\[河內\]/,
    );
    expect(r.text).toMatch(/\n {6}\+ id\/city\/bangkok {2}← line 45:\d+-\d+ 「2003年11月：第三屆年會，\[曼谷\]/);
  });

  it('a removed line: its facts removed with their quotes, every later quote one line up', async () => {
    const { review: r } = await review('line-removed.md');
    const s = r.comparison!.summary;
    expect(s.counts.added + s.counts.changed).toBe(0);
    const removed = listed(r, ['removed']);
    expect(removed).toContain('removed id/concept/tourism http://www.w3.org/2004/02/skos/core#prefLabel');
    expect(removed).toContain('removed id/network/anmc21 http://www.w3.org/ns/org#purpose');
    expect(new Set(removed.map((l) => l.split(' ')[1]))).toEqual(
      new Set([
        'id/concept/culture',
        'id/concept/economy',
        'id/concept/focus-areas',
        'id/concept/tourism',
        'id/concept/urban-problems',
        'id/network/anmc21',
      ]),
    );
    for (const e of s.entities)
      for (const f of e.facts.filter((f) => f.kind === 'removed'))
        for (const v of f.before) expect(v.evidence.map((ev) => ev.line)).toEqual(v.evidence.map(() => 8));
    expect(s.counts.moved).toBeGreaterThan(200);
    explainedBy(r, { before: [8], after: [] }, (l) => (l > 8 ? l - 1 : l));
    expect(r.text).toMatch(/− skos:prefLabel "觀光"@zh-hant {2}\[article\] {2}← line 8:\d+-\d+ 「觀光」/);
    expect(r.text).toMatch(/line 12 → 11: \d+ facts of id\/city\/bangkok, id\/membership\/1/);
  });

  it('a moved paragraph: the same facts from other lines, and the order diagnostics', async () => {
    const { review: r, diagnostics } = await review('paragraph-moved.md');
    const s = r.comparison!.summary;
    expect(s.counts).toMatchObject({ added: 0, removed: 0, changed: 0, resourced: 0 });
    expect(s.counts.moved).toBeGreaterThan(0);
    expect(new Set(listed(r, ['moved']).map((l) => l.split(' ')[1]))).toEqual(
      new Set(['id/city/hanoi', 'id/city/tomsk', 'id/meeting/2013-11', 'id/meeting/2014-09']),
    );
    explainedBy(r, { before: [], after: [] }, (l) => (l === 66 ? 68 : l === 68 ? 66 : l));
    expect(diagnostics).toContain('68:extract/meeting-order');
    expect(r.text).toMatch(/line 66 → 68: \d+ facts of id\/city\/hanoi, id\/meeting\/2013-11/);
    expect(r.text).toMatch(/line 68 → 66: \d+ facts of id\/city\/tomsk, id\/meeting\/2014-09/);
  });

  it('the unedited article has nothing to review', async () => {
    const { review: r } = await review('../../../data/source/anmc21.zh-hant.md');
    expect(r.comparison!.changeset.graphs).toEqual([]);
    expect(r.text).toMatch(/facts 0 changed, 0 added, 0 removed, 0 moved, 0 re-sourced\nQuads: none changed\n/);
  });
});

describe('anmc21 build --source', () => {
  it('prints the diagnostics, then the fact-level review against the latest release', async () => {
    const dist = path.join(await mkdtemp(path.join(os.tmpdir(), 'anmc21-review-dist-')), 'dist');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', 'build', '--dist', dist, '--source', `${FIXTURES}/host-city-edited.md`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const diagnostics = stdout.indexOf(`${FIXTURES}/host-city-edited.md:22:1-22:3 warning Member slot 6 is empty`);
    const review = stdout.search(
      /Changes from release \S+ to the build of test\/fixtures\/revisions\/host-city-edited\.md: facts/,
    );
    expect(diagnostics).toBeGreaterThanOrEqual(0);
    expect(review).toBeGreaterThan(diagnostics);
    expect(stdout.slice(review)).toMatch(
      /id\/meeting\/2003-11 .*\n(.*\n)*? {2}~ schema:location {2}\[article\]\n {6}− id\/city\/hanoi {2}← line 45:/,
    );
  }, 120_000);
});
