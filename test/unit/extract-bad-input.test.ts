// Bad input: each broken variant of the article gives a clear error diagnostic with its position.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSupplements } from '../../src/extract/read-tsv.ts';
import { formatDiagnostic, hasErrors } from '../../src/diagnostics.ts';
import { extractFacts } from '../../src/extract/extract-facts.ts';

const FILE = 'data/source/anmc21.zh-hant.md';
const article = readFileSync(FILE, 'utf8');
const lines = article.split('\n');
const withLine = (n: number, replace: (line: string) => string) =>
  lines.map((l, i) => (i === n - 1 ? replace(l) : l)).join('\n');

function errors(input: string | Uint8Array) {
  const { diagnostics } = extractFacts(typeof input === 'string' ? Buffer.from(input) : input, 'bad.md');
  expect(hasErrors(diagnostics)).toBe(true);
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ rule: d.rule, line: d.span?.line, column: d.span?.column, text: formatDiagnostic(d) }));
}

describe('bad input', () => {
  it('a truncated article (cut inside the meetings list) is an error naming the missing sections', () => {
    const found = errors(lines.slice(0, 45).join('\n'));
    expect(found.map((e) => e.rule)).toContain('extract/missing-section');
    expect(found.find((e) => e.rule === 'extract/missing-section')?.text).toMatch(/Section "退出城市" is missing/);
  });

  it('an article cut in the middle of the prose is an error', () => {
    const cut = article.slice(0, article.indexOf('拒絕簽署'));
    const found = errors(cut);
    expect(found.map((e) => e.rule)).toEqual(expect.arrayContaining(['extract/missing-fact', 'extract/truncated']));
  });

  it('2012年13月 is an unknown date, reported at its place', () => {
    const found = errors(withLine(64, (l) => l.replace('2012年6月', '2012年13月')));
    expect(found).toEqual([expect.objectContaining({ rule: 'extract/date', line: 64, column: 5 })]);
    expect(found[0].text).toBe(
      'bad.md:64:5-64:13 error Unknown date "2012年13月": month 13 is not between 1 and 12 extract/date (expected ?, got 2012年13月)',
    );
  });

  it('a day that does not exist in the prose is an unknown date', () => {
    const found = errors(article.replace('2005年11月29日', '2005年11月31日'));
    expect(found).toEqual([expect.objectContaining({ rule: 'extract/date', line: 74 })]);
    expect(found[0].text).toMatch(/day 31 is not in 2005-11/);
  });

  it('a duplicate ordinal is an error pointing at the second one and naming the first', () => {
    const found = errors(withLine(54, (l) => l.replace('第六屆', '第五屆')));
    expect(found).toEqual([expect.objectContaining({ rule: 'extract/duplicate-ordinal', line: 54 })]);
    expect(found[0].text).toMatch(/also on line 52/);
  });

  it('an unknown section is an error', () => {
    const found = errors(article.replace('## 外部連結', '## 歷史\n\n一些文字。\n\n## 外部連結'));
    expect(found).toEqual([expect.objectContaining({ rule: 'extract/unknown-section', line: 76, column: 4 })]);
  });

  it('a link with no target is an error', () => {
    const found = errors(withLine(27, (l) => l.replace('(../Page/仰光.md "wikilink")', '()')));
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'extract/link-target', line: 27 })]));
    expect(found[0].text).toMatch(/Link has no target/);
  });

  it('a target that is neither a wiki page nor a URL is an error', () => {
    const found = errors(withLine(12, (l) => l.replace('../Page/曼谷.md', 'mailto:x')));
    expect(found[0]).toEqual(expect.objectContaining({ rule: 'extract/link-target', line: 12 }));
  });

  it('an unparseable ordinal is an error', () => {
    const found = errors(withLine(43, (l) => l.replace('第二屆', '第二十十屆')));
    expect(found).toEqual([expect.objectContaining({ rule: 'extract/ordinal', line: 43 })]);
  });

  it('an empty file is an error', () => {
    expect(errors('')).toEqual([expect.objectContaining({ rule: 'extract/empty', line: 1 })]);
    expect(errors(' \n\n ')).toEqual([expect.objectContaining({ rule: 'extract/empty' })]);
  });

  it('a binary file is an error, as is invalid UTF-8', () => {
    expect(errors(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]))).toEqual([
      expect.objectContaining({ rule: 'extract/encoding' }),
    ]);
    expect(errors(new Uint8Array([0xe4, 0xba, 0x20, 0x41]))[0].text).toMatch(/not valid UTF-8/);
  });

  it('an unreadable meeting entry is an error, not a skipped line', () => {
    const found = errors(withLine(56, () => '  - 2008年的某個時候在吉隆坡開會。'));
    expect(found).toEqual([expect.objectContaining({ rule: 'extract/meeting-item', line: 56, column: 5 })]);
  });
});

describe('supplement rows', () => {
  const header = 'id\tsubject\tproperty\tvalue\tsource\tconfidence\tnote';
  const row = 'x-name\tcity/x\tname_en\tX\thttps://example.org/x\tverified\t';

  it('the retrieved column is optional; when present it holds a day or nothing', () => {
    expect(readSupplements(`${header}\n${row}\n`, 'f.tsv').facts[0].retrieved).toBeUndefined();
    const dated = readSupplements(
      `${header}\tretrieved\n${row}\t2026-11-30\n${row.replace('x-name', 'y')}\t\n`,
      'f.tsv',
    );
    expect(dated.diagnostics).toEqual([]);
    expect(dated.facts.map((f) => f.retrieved)).toEqual(['2026-11-30', undefined]);
    const bad = readSupplements(`${header}\tretrieved\n${row}\tlast week\n`, 'f.tsv');
    expect(bad.facts).toEqual([]);
    expect(bad.diagnostics.map((d) => [d.span?.line, d.message])).toEqual([
      [2, 'Supplement row x-name: retrieved must be a date YYYY-MM-DD or empty, got "last week"'],
    ]);
  });
});
