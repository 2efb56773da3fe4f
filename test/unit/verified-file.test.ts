// loadVerified: a file loaded into the real engine in chunks through an open descriptor, its size and
// SHA-256 checked on the way; and a query pool whose workers load the same way.

import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOxigraphStore, StoreError } from '../../src/store/oxigraph-store.ts';
import { createQueryPool } from '../../src/store/query-pool.ts';
import { FileChangedError, loadVerified, loadVerifiedDump, type VerifiedFile } from '../../src/store/verified-file.ts';
import N3 from 'n3';
import { writeNQuads } from '../../src/rdf/n-triples.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'anmc21-verified-'));
const fds: number[] = [];
afterAll(() => {
  for (const fd of fds) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

const EX = 'http://example.org/';
// Multi-byte characters (3 and 4 bytes in UTF-8) that small chunks split mid-character.
const NQUADS = Array.from(
  { length: 40 },
  (_, i) => `<${EX}s${i}> <${EX}name> "臺北 ${i} 𠀋" <${EX}g${i % 3}> .\n<${EX}s${i}> <${EX}n> "${i}" .\n`,
).join('');

/** Write `bytes` to a file and open it; `stated` overrides what the file is said to be. */
function fileOf(bytes: string | Buffer, stated: Partial<VerifiedFile> = {}): VerifiedFile {
  const file = path.join(dir, `f${fds.length}.nq`);
  writeFileSync(file, bytes);
  const fd = openSync(file, 'r');
  fds.push(fd);
  const data = Buffer.from(bytes);
  return { fd, path: file, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), ...stated };
}

function loadInto(file: VerifiedFile, chunkBytes?: number) {
  const store = createOxigraphStore();
  loadVerified(file, (chunks) => store.load([{ data: chunks, format: 'application/n-quads' }]), chunkBytes);
  return store;
}

describe('loadVerified', () => {
  it('loads the whole file, whatever the chunk size, characters split across chunks included', async () => {
    const whole = createOxigraphStore([{ data: NQUADS, format: 'application/n-quads' }]);
    for (const chunkBytes of [1, 7, 4096, undefined]) {
      const store = loadInto(fileOf(NQUADS), chunkBytes);
      expect(await store.size()).toBe(80);
      expect(await store.queryRaw('SELECT ?o { ?s ?p ?o } ORDER BY ?o', 'text/tab-separated-values')).toBe(
        await whole.queryRaw('SELECT ?o { ?s ?p ?o } ORDER BY ?o', 'text/tab-separated-values'),
      );
    }
  });

  it('refuses a file whose bytes are not those stated: changed, truncated or grown', () => {
    const good = fileOf(NQUADS);
    const changed = fileOf(NQUADS.replace('臺北 7', '台北 7'), { size: good.size, sha256: good.sha256 });
    expect(() => loadInto(changed, 64)).toThrow(FileChangedError);
    expect(() => loadInto(changed, 64)).toThrow(
      /SHA-256 is [0-9a-f]{64}, expected [0-9a-f]{64} \(changed after the build\)/,
    );
    const truncated = fileOf(Buffer.from(NQUADS).subarray(0, 1000), { size: good.size, sha256: good.sha256 });
    expect(() => loadInto(truncated)).toThrow(/has 1000 bytes, \d+ were verified/);
    const grown = fileOf(NQUADS + NQUADS, { size: good.size, sha256: good.sha256 });
    expect(() => loadInto(grown)).toThrow(FileChangedError);
  });

  it('reports damage that breaks the syntax as damage; an intact file that does not parse as the engine error', () => {
    const good = fileOf(NQUADS);
    const broken = fileOf(NQUADS.replace(`<${EX}s3>`, `<${EX}s3`), { size: good.size - 1, sha256: good.sha256 });
    expect(() => loadInto(broken, 16)).toThrow(FileChangedError);
    const bad = fileOf(`<${EX}a> <${EX}b> "unterminated .\n`);
    expect(() => loadInto(bad)).toThrow(StoreError);
  });
});

describe('loadVerifiedDump (a dump of our build, parsed without re-validation)', () => {
  // The publisher fixture (cities, provenance, hostile markup) as our N-Quads writer writes it, plus
  // literals the engine canonicalises (numbers, upper-case language tags) and characters to escape.
  // Without its blank node: every load labels one afresh, and the build's dumps hold none.
  const fixture = new N3.Parser()
    .parse(readFileSync('test/fixtures/publisher/anmc21.trig', 'utf8'))
    .filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode');
  const extra =
    `<${EX}x> <${EX}n> "01"^^<http://www.w3.org/2001/XMLSchema#integer> <${EX}g> .\n` +
    `<${EX}x> <${EX}d> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> <${EX}g> .\n` +
    `<${EX}x> <${EX}l> "Seoul"@EN-us <${EX}g> .\n` +
    `<${EX}x> <${EX}q> "a\\"b\\n\\u00e9 𠀋" .\n`;
  const text = writeNQuads(fixture) + extra;
  const ALL = 'SELECT ?g ?s ?p ?o { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } ORDER BY ?g ?s ?p ?o';

  it('holds exactly what a strict parse of the same bytes holds', async () => {
    const strict = createOxigraphStore([{ data: text, format: 'application/n-quads' }]);
    const store = createOxigraphStore();
    loadVerifiedDump(store, fileOf(text), 'application/n-quads');
    expect(await store.size()).toBe(await strict.size());
    expect(await store.size()).toBeGreaterThan(fixture.length);
    const rows = await store.queryRaw(ALL, 'text/tab-separated-values');
    expect(rows).toBe(await strict.queryRaw(ALL, 'text/tab-separated-values'));
    expect(rows).toContain('"Seoul"@en-us');
  });

  it('still fails on bytes that are intact but not N-Quads: lenient skips term checks, not syntax', () => {
    const bad = fileOf(`<${EX}a> <${EX}b> "unterminated .\n`);
    expect(() => loadVerifiedDump(createOxigraphStore(), bad, 'application/n-quads')).toThrow(StoreError);
  });

  it('still refuses bytes other than those stated', () => {
    const good = fileOf(text);
    const changed = fileOf(text.replace('Seoul', 'Busan'), { size: good.size, sha256: good.sha256 });
    expect(() => loadVerifiedDump(createOxigraphStore(), changed, 'application/n-quads')).toThrow(FileChangedError);
  });
});

describe('a query pool over a verified file', () => {
  it('every worker loads through the descriptor; a changed file fails the start with the file named', async () => {
    const good = fileOf(NQUADS);
    const options = { workers: 2, queueLength: 4, timeoutMs: 10_000, maxRows: 100, maxTriples: 100 };
    const pool = createQueryPool({
      ...options,
      maxResultBytes: 1 << 20,
      source: { file: good, format: 'application/n-quads' },
    });
    try {
      expect((await pool.ready()).quads).toBe(80);
      const result = await pool.run({
        query: 'SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }',
        form: 'SELECT',
        mediaType: 'text/tab-separated-values',
      });
      const body = typeof result.body === 'string' ? result.body : new TextDecoder().decode(result.body);
      expect(body).toMatch(/\b40\b/);
    } finally {
      await pool.close();
    }
    const changed = fileOf(NQUADS.replace('臺北 7', '台北 7'), { size: good.size, sha256: good.sha256 });
    const failing = createQueryPool({
      ...options,
      maxResultBytes: 1 << 20,
      source: { file: changed, format: 'application/n-quads' },
    });
    try {
      await expect(failing.ready()).rejects.toThrow(/f\d+\.nq: SHA-256 is [0-9a-f]{64}, expected/);
    } finally {
      await failing.close();
    }
  });
});
