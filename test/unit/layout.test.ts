// Habits that keep the code saying each thing once: a long file says why in its opening comment, and
// media types are written in src/rdf/formats.ts only.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

/** The opening comment: the leading `//` lines. */
function opening(text: string): string {
  const lines = text.split('\n');
  const end = lines.findIndex((l) => !l.startsWith('//'));
  return lines.slice(0, end === -1 ? lines.length : end).join('\n');
}

describe('source layout', () => {
  it('a file above 400 lines says why in its opening comment ("Size: …")', () => {
    const long = sources()
      .map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, 'utf8') }))
      .filter(({ text }) => text.split('\n').length > 400);
    expect(long.length).toBeGreaterThan(0);
    expect(long.filter(({ text }) => !/^\/\/ Size: /m.test(opening(text))).map(({ file }) => file)).toEqual([]);
  });

  it('writes media types in src/rdf/formats.ts only (comments and HTML markup aside)', () => {
    const found: string[] = [];
    for (const file of sources()) {
      if (file.endsWith(path.join('rdf', 'formats.ts'))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '').replace(/^\s*\/?\*.*$/, '');
          // A quoted media type in code; `<script type="…">` in page markup is HTML, not a response type.
          for (const m of code.matchAll(/['"`]((?:text|application|image)\/[a-z0-9.+-]+)/g)) {
            if (/type="$/.test(code.slice(0, m.index! + 1))) continue;
            found.push(`${path.relative(SRC, file)}:${i + 1} ${m[1]}`);
          }
        });
    }
    expect(found).toEqual([]);
  });
});
