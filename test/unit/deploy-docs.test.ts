// docs/deploy/README.md lists every environment variable the program reads, and no other: a variable
// added to src/ without a row in its table (default, values) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Names read as `env.NAME` or `process.env.NAME` in a source text. */
function envNames(text: string): string[] {
  return [...text.matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((m) => m[1]!);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('docs/deploy/README.md', () => {
  it('reads names from code', () => {
    expect(envNames('if (env.PORT !== undefined) x = process.env.SPARQL_WORKERS; env.toString()')).toEqual([
      'PORT',
      'SPARQL_WORKERS',
    ]);
  });

  it('has a row for every environment variable src/ reads, and none besides', () => {
    const read = new Set(sourceFiles(path.join(ROOT, 'src')).flatMap((f) => envNames(readFileSync(f, 'utf8'))));
    const doc = readFileSync(path.join(ROOT, 'docs/deploy/README.md'), 'utf8');
    const table = doc.slice(doc.indexOf('## Environment variables'));
    const rows = new Set([...table.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!));
    expect(read.size).toBeGreaterThanOrEqual(10);
    expect([...rows].sort()).toEqual([...read].sort());
  });
});
