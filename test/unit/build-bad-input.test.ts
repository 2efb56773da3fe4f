// A build on bad input exits non-zero with file:line:col diagnostics and leaves the previous dist/ as it was.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from '../../src/build.ts';
import { loadConfig } from '../../src/config.ts';

const run = promisify(execFile);
const article = await readFile('data/source/anmc21.zh-hant.md', 'utf8');
const lines = article.split('\n');
const edit = (n: number, f: (l: string) => string) => lines.map((l, i) => (i === n - 1 ? f(l) : l)).join('\n');

const BAD: [string, string | Buffer, RegExp][] = [
  ['truncated', lines.slice(0, 45).join('\n'), /error Section "退出城市" is missing/],
  ['month 13', edit(64, (l) => l.replace('2012年6月', '2012年13月')), /:64:5-64:13 error Unknown date "2012年13月"/],
  [
    'duplicate ordinal',
    edit(54, (l) => l.replace('第六屆', '第五屆')),
    /:54:\d+-54:\d+ error Ordinal 第五屆 is given twice/,
  ],
  [
    'unknown section',
    article.replace('## 外部連結', '## 歷史\n\n一些文字。\n\n## 外部連結'),
    /:76:4-76:6 error Unknown section "歷史"/,
  ],
  [
    'link without target',
    edit(27, (l) => l.replace('(../Page/仰光.md "wikilink")', '()')),
    /:27:\d+-27:\d+ error Link has no target/,
  ],
  ['empty file', '', /:1:1-1:1 error Article is empty/],
  ['binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d, 0x0a]), /error File is binary/],
];

let dir: string;
let distDir: string;
let before: Map<string, string>;
async function snapshot(d: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of (await readdir(d)).sort()) out.set(f, (await readFile(path.join(d, f))).toString('base64'));
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'anmc21-bad-'));
  distDir = path.join(dir, 'dist');
  const ok = await buildDist(loadConfig({ distDir }, {}), { quiet: true, log: () => {}, logError: () => {} });
  expect(ok).toBeDefined();
  before = await snapshot(distDir);
}, 120_000);

describe('build on bad input', () => {
  it.each(BAD)('%s: diagnostics with positions, nothing written', async (name, content, message) => {
    const source = path.join(dir, `${name.replace(/ /g, '-')}.md`);
    await writeFile(source, content);
    const errors: string[] = [];
    const result = await buildDist(loadConfig({ distDir, files: { source } }, {}), {
      quiet: true,
      log: () => {},
      logError: (l) => errors.push(l),
    });
    expect(result).toBeUndefined();
    expect(errors.join('\n')).toMatch(message);
    expect(
      errors.every((l) => l.startsWith(source) || l.startsWith('build failed') || /^[\w/.-]+:\d+:\d+/.test(l)),
    ).toBe(true);
    expect(await snapshot(distDir)).toEqual(before);
  });

  it('the CLI exits 1 and says so', async () => {
    const source = path.join(dir, 'cli-bad.md');
    await writeFile(
      source,
      edit(64, (l) => l.replace('2012年6月', '2012年13月')),
    );
    const failure = await run(process.execPath, [
      '--import',
      'tsx',
      'src/cli.ts',
      'build',
      '--quiet',
      '--dist',
      distDir,
      '--source',
      source,
    ]).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(
      /cli-bad\.md:64:5-64:13 error Unknown date "2012年13月": month 13 is not between 1 and 12 extract\/date/,
    );
    expect(failure?.stderr).toMatch(/build failed: 1 error\(s\)/);
    expect(await snapshot(distDir)).toEqual(before);
  }, 60_000);
});
