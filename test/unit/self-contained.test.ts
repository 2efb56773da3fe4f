// The repository holds everything its code, tests, benchmarks and scripts read: none of them may reach for
// the shared folder that sits beside the checkout only on the developers' machines.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['src', 'test', 'bench', 'scripts', '.ci'];
/** Generated or copied data, not code: test output, the W3C and reconciliation copies, bench results and peers. */
const NOT_CODE = ['test/output', 'test/conformance/suites', 'test/fixtures/reconciliation-api', 'bench/results'];
const CODE = /\.(ts|js|mjs|cjs|sh|py)$/;
// Written as regular expressions so that this file does not itself contain the paths it looks for.
const SHARED = /\.\.\/shared\b|\/work\/shared\b/;
/** Whole-line comments may name the shared folder (where a measurement came from); code may not. */
const COMMENT_LINE = /^\s*(\/\/|\/\*|\*|#)/;

/** `line: text` of every code line of `text` that names the shared folder. */
function sharedReferences(text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => SHARED.test(line) && !COMMENT_LINE.test(line))
    .map(({ line, n }) => `${n}: ${line.trim()}`);
}

function codeFiles(dir: string): string[] {
  const rel = path.relative(ROOT, dir).split(path.sep).join('/');
  if (NOT_CODE.includes(rel) || path.basename(dir) === 'node_modules' || path.basename(dir).startsWith('.peers'))
    return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(full);
    // Scripts without an extension (.ci/run) count as code too.
    return entry.isFile() && (CODE.test(entry.name) || !entry.name.includes('.')) ? [full] : [];
  });
}

describe('self-contained repository', () => {
  it('finds a reference in code and lets a whole-line comment through', () => {
    const [up, work] = ['..', '/work'];
    const code = `const dir = new URL('${up}/${up}/${up}/shared/w3c/', import.meta.url);`;
    const absolute = `const x = '${work}/shared/w3c';`;
    expect(sharedReferences(`// data from ${up}/shared/w3c\n${code}\n${absolute}`)).toEqual([
      `2: ${code}`,
      `3: ${absolute}`,
    ]);
    expect(sharedReferences(`# see ${up}/shared/tools\n * ${up}/shared/reference\nconst sharedData = 1;`)).toEqual([]);
  });

  it('has no code under src/, test/, bench/, scripts/ or .ci/ that reads the shared folder', () => {
    const files = FOLDERS.flatMap((folder) => codeFiles(path.join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(path.join(ROOT, '.ci', 'run'));
    const offenders = files.flatMap((file) =>
      sharedReferences(readFileSync(file, 'utf8')).map((hit) => `${path.relative(ROOT, file)}:${hit}`),
    );
    expect(offenders, 'copy what they need into the repository (test/conformance/suites/, test/fixtures/)').toEqual([]);
  });
});
