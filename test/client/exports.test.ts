// The Mix'n'match catalog read back by Python's csv module (Debian's /usr/bin/python3), and the
// QuickStatements batch checked line by line against the v1 command grammar.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { realDist } from '../support/real-dist.ts';

let dist: string;
beforeAll(async () => {
  dist = await realDist();
});

const PY = `
import csv, json, sys
path, dialect = sys.argv[1], sys.argv[2]
with open(path, newline='', encoding='utf-8') as f:
    rows = list(csv.DictReader(f, dialect=('excel-tab' if dialect == 'tsv' else 'excel')))
print(json.dumps(rows, ensure_ascii=False))
`;

function readWithPython(file: string, dialect: 'csv' | 'tsv'): Record<string, string>[] {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, file, dialect], { encoding: 'utf8' }));
}

describe("Mix'n'match catalog", () => {
  it('CSV and TSV parse to the same rows with the catalog columns; type is a Wikidata class', () => {
    const csv = readWithPython(path.join(dist, 'mixnmatch.csv'), 'csv');
    const tsv = readWithPython(path.join(dist, 'mixnmatch.tsv'), 'tsv');
    expect(Object.keys(csv[0])).toEqual(['id', 'name', 'desc', 'url', 'type', 'q']);
    expect(tsv).toEqual(csv);
    const tokyo = csv.find((r) => r.id === 'city/tokyo')!;
    expect(tokyo).toMatchObject({
      name: 'Tokyo',
      url: 'https://w3id.org/anmc21/id/city/tokyo',
      type: 'Q515',
      q: 'Q1490',
    });
    expect(csv.find((r) => r.id === 'city/tomsk')!.q).toBe('');
    expect(csv.find((r) => r.id === 'city/manila')!.q).toBe(''); // Metropolitan Manila: no verified item
    expect(csv.filter((r) => r.id.startsWith('city/'))).toHaveLength(14);
    expect(csv.filter((r) => r.type === 'Q515')).toHaveLength(14);
    expect(csv.find((r) => r.id === 'network/anmc21')!.type).toBe('Q43229');
    expect(csv.find((r) => r.id === 'place/japan')).toMatchObject({ name: 'Japan', type: 'Q6256' });
    for (const r of csv) {
      expect(r.q).toMatch(/^(Q\d+)?$/);
      expect(r.type, r.id).toMatch(/^(Q\d+)?$/);
      // Every row has a name in Latin script a Wikidata user can read (a source's or a derived title).
      expect(r.name, r.id).toMatch(/[A-Za-z]/);
    }
  });
});

describe('QuickStatements batch', () => {
  it('creates the network item with its class, then P463 for every member with a verified QID, each referenced', () => {
    const lines = readFileSync(path.join(dist, 'quickstatements.txt'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('CREATE');
    const string = '"[^"]*"';
    const time = String.raw`\+\d{4}-\d{2}-\d{2}T00:00:00Z/11`;
    // One reference a line: S143 Chinese Wikipedia with its import URL (S4656), or a reference URL (S854).
    const reference = `(\\tS143\\tQ30239\\tS4656\\t${string}|\\tS854\\t${string})`;
    const grammar = new RegExp(
      `^(LAST\\t(L|A)[a-z-]+\\t${string}|LAST\\tP31\\tQ\\d+${reference}|LAST\\tP\\d+\\t(${time}|${string})${reference}|Q\\d+\\tP463\\tLAST(\\tP58[02]\\t${time})*${reference})$`,
    );
    for (const line of lines.slice(1)) expect(line).toMatch(grammar);
    // The item is an organization (Q43229), referenced as the graph references the network's type.
    expect(lines.filter((l) => l.startsWith('LAST\tP31\t'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^LAST\tP31\tQ43229\t/)]),
    );
    // Claims from the article cite Chinese Wikipedia (S143) and the article URL (S4656), never S854.
    const fromArticle = lines.filter((l) => l.includes('zh.wikipedia.org'));
    expect(fromArticle.length).toBeGreaterThan(0);
    for (const l of fromArticle)
      expect(l).toMatch(/\tS143\tQ30239\tS4656\t"https:\/\/zh\.wikipedia\.org\/wiki\/[^"]+"$/);
    const members = [...new Set(lines.filter((l) => /^Q\d+\tP463\t/.test(l)).map((l) => l.split('\t')[0]))];
    // 13 member slots + Beijing, minus Tomsk (no verified QID) and Manila (Metropolitan Manila has none
    // verified; Q1461 is the City of Manila within it): 12 items.
    expect(members.sort()).toEqual(
      [
        'Q1353',
        'Q1490',
        'Q1858',
        'Q1861',
        'Q1865',
        'Q1867',
        'Q23430',
        'Q334',
        'Q3630',
        'Q37995',
        'Q8684',
        'Q956',
      ].sort(),
    );
    expect(lines.find((l) => l.startsWith('Q956\t'))).toMatch(/P582\t\+2005-08-30T00:00:00Z\/11/);
    expect(lines.find((l) => l.startsWith('Q23430\t'))).toMatch(/P580\t\+2012-06-30T00:00:00Z\/11/);
    // A second reference is a second line of the same statement.
    expect(lines.filter((l) => l.startsWith('Q23430\tP463\tLAST\tP580\t+2012-06-30T00:00:00Z/11\t'))).toHaveLength(2);
  });
});
