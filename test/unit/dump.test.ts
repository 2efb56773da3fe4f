// writeDumps: byte-identical output for the same input, atomic replacement of dist/, checksums and
// counts that match the files.

import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLines, packQuads, unpackQuads } from '../../src/dump/render-dump.ts';
import { writeDumps, type DumpManifest, type DumpOptions } from '../../src/dump/write-dumps.ts';
import { quadToNQ } from '../../src/rdf/n-triples.ts';
import { ROOT, realDataset } from '../fixtures/map/real-dataset.ts';
import { loadContext } from '../../src/rdf/jsonld.ts';

const CONTEXT = (await loadContext(path.join(ROOT, 'ontology/context.jsonld')))!;

let quads: Quad[];
let work: string;
const options = (distDir: string): DumpOptions => ({
  distDir,
  base: 'https://w3id.org/anmc21/',
  modified: '2025-01-01T00:00:00Z',
  context: CONTEXT,
});

beforeAll(async () => {
  quads = (await realDataset()).quads;
  work = await mkdtemp(path.join(os.tmpdir(), 'anmc21-dump-'));
}, 60_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort())
    out[name] = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex');
  return out;
}

// Each case writes the whole dataset (about a second on a busy machine): generous timeouts.
describe('writeDumps', { timeout: 60_000 }, () => {
  let manifest: DumpManifest;
  let dist: string;

  beforeAll(async () => {
    dist = path.join(work, 'dist');
    manifest = await writeDumps(quads, options(dist));
  }, 60_000);

  it('writes every format, each also gzipped, plus void.ttl and manifest.json', async () => {
    const names = (await readdir(dist)).sort();
    const formats = ['jsonld', 'nq', 'nt', 'rdf', 'trig', 'ttl'];
    expect(names).toEqual(
      [...formats.flatMap((f) => [`anmc21.${f}`, `anmc21.${f}.gz`]), 'manifest.json', 'void.ttl'].sort(),
    );
    for (const f of formats) {
      // Buffer.equals: a deep toEqual over a megabyte of bytes takes seconds.
      expect(
        gunzipSync(await readFile(path.join(dist, `anmc21.${f}.gz`))).equals(
          await readFile(path.join(dist, `anmc21.${f}`)),
        ),
      ).toBe(true);
    }
  });

  it('two builds are byte-identical (also in input order)', async () => {
    const again = path.join(work, 'dist-again');
    await writeDumps([...quads].reverse(), options(again));
    expect(await snapshot(again)).toEqual(await snapshot(dist));
  });

  it('N-Quads holds exactly the dataset; the manifest matches the files', async () => {
    const nq = await readFile(path.join(dist, 'anmc21.nq'), 'utf8');
    expect(new Set(nq.trimEnd().split('\n'))).toEqual(new Set(quads.map(quadToNQ)));
    const sums = await snapshot(dist);
    for (const file of manifest.files) {
      expect(sums[file.path]).toBe(file.sha256);
      expect((await readFile(path.join(dist, file.path))).length).toBe(file.bytes);
    }
    expect(manifest.version).toBe(sums['anmc21.nq'].slice(0, 16));
    const onDisk = JSON.parse(await readFile(path.join(dist, 'manifest.json'), 'utf8'));
    expect(onDisk).toEqual(manifest);
  });

  it('void.ttl: triples per graph, one distribution per file with its size and checksum', async () => {
    const store = new N3.Store(new N3.Parser().parse(await readFile(path.join(dist, 'void.ttl'), 'utf8')));
    const VOID = 'http://rdfs.org/ns/void#';
    const count = (graph: string) =>
      Number(store.getObjects(`https://w3id.org/anmc21/graph/${graph}`, `${VOID}triples`, null)[0]?.value);
    for (const g of ['article', 'supplements', 'provenance', 'ontology'] as const) {
      expect(count(g)).toBe(quads.filter((q) => q.graph.value.endsWith(`/graph/${g}`)).length);
      expect(count(g)).toBe(manifest.triples[g]);
    }
    const dists = store.getObjects('https://w3id.org/anmc21/dataset', 'http://www.w3.org/ns/dcat#distribution', null);
    expect(dists).toHaveLength(12);
    for (const d of dists) {
      const name = d.value.split('/').pop()!;
      const file = manifest.files.find((f) => f.path === name)!;
      expect(Number(store.getObjects(d, 'http://www.w3.org/ns/dcat#byteSize', null)[0].value)).toBe(file.bytes);
      const checksum = store.getObjects(d, 'http://spdx.org/rdf/terms#checksum', null)[0];
      expect(store.getObjects(checksum, 'http://spdx.org/rdf/terms#checksumValue', null)[0].value).toBe(file.sha256);
    }
    expect(store.getObjects('https://w3id.org/anmc21/dataset', 'http://purl.org/dc/terms/license', null)[0].value).toBe(
      'https://creativecommons.org/licenses/by-sa/4.0/',
    );
    expect(
      store.getObjects('https://w3id.org/anmc21/dataset', 'http://purl.org/dc/terms/modified', null)[0].value,
    ).toBe('2025-01-01T00:00:00Z');
  });

  it('render workers write the same bytes as the main thread', async () => {
    const inWorkers = path.join(work, 'workers');
    const workerManifest = await writeDumps(quads, { ...options(inWorkers), renderWorkers: 2 });
    expect(workerManifest).toEqual(manifest);
    expect(await snapshot(inWorkers)).toEqual(await snapshot(dist));
  });

  it('a writer failing in a render worker: its format and message, dist/ untouched', async () => {
    const target = path.join(work, 'atomic-workers');
    await writeDumps(quads, options(target));
    const before = await snapshot(target);
    const oddPredicate = N3.DataFactory.quad(
      N3.DataFactory.namedNode('https://w3id.org/anmc21/id/x'),
      N3.DataFactory.namedNode('http://example.org/p/'),
      N3.DataFactory.literal('x'),
      N3.DataFactory.namedNode('https://w3id.org/anmc21/graph/article'),
    );
    await expect(writeDumps([...quads, oddPredicate], { ...options(target), renderWorkers: 2 })).rejects.toThrow(
      /^RDF\/XML dump: RDF\/XML cannot write the predicate <http:\/\/example\.org\/p\/>/,
    );
    expect(await snapshot(target)).toEqual(before);
    expect((await readdir(work)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a failing build leaves the previous dist/ untouched and no temporary folder behind', async () => {
    const target = path.join(work, 'atomic');
    await mkdir(target);
    await writeFile(path.join(target, 'previous.txt'), 'the last good build');
    const before = await snapshot(target);
    // An invalid JSON-LD context makes the JSON-LD dump fail after other files were written.
    const badContext = { '@context': { bad: { '@id': 'nope:x', '@type': 'nope:y' } } } as never;
    const blank = N3.DataFactory.quad(
      N3.DataFactory.blankNode('b'),
      N3.DataFactory.namedNode('http://example.org/p'),
      N3.DataFactory.literal('x'),
      N3.DataFactory.namedNode('https://w3id.org/anmc21/graph/article'),
    );
    await expect(writeDumps([...quads, blank], { ...options(target), context: badContext })).rejects.toThrow(
      /blank nodes/,
    );
    expect(await snapshot(target)).toEqual(before);
    expect((await readdir(work)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a failure half-way (after some files are written) also leaves dist/ untouched', async () => {
    const target = path.join(work, 'atomic2');
    await writeDumps(quads, options(target));
    const before = await snapshot(target);
    const oddPredicate = N3.DataFactory.quad(
      N3.DataFactory.namedNode('https://w3id.org/anmc21/id/x'),
      N3.DataFactory.namedNode('http://example.org/p/'),
      N3.DataFactory.literal('x'),
      N3.DataFactory.namedNode('https://w3id.org/anmc21/graph/article'),
    );
    // N-Quads, N-Triples, Turtle, TriG and JSON-LD are written; RDF/XML cannot name that predicate.
    await expect(writeDumps([...quads, oddPredicate], options(target))).rejects.toThrow(
      /RDF\/XML cannot write the predicate/,
    );
    expect(await snapshot(target)).toEqual(before);
    expect((await readdir(work)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('what the render workers receive', () => {
  const { namedNode, literal, quad } = N3.DataFactory;
  const g = namedNode('https://w3id.org/anmc21/graph/article');
  const s = namedNode('https://w3id.org/anmc21/id/city/x');
  const p = namedNode('http://www.w3.org/2000/01/rdf-schema#label');

  it('packs quads into one string and back, term for term', () => {
    const sample = quads.slice(0, 500);
    const packed = packQuads(sample, 4);
    expect(typeof packed).toBe('string');
    expect(unpackQuads(packed, 4).map(quadToNQ)).toEqual(sample.map(quadToNQ));
    expect(unpackQuads(packQuads(sample, 3), 3).map(quadToNQ)).toEqual(
      sample.map((q) => quadToNQ(quad(q.subject, q.predicate, q.object))),
    );
    expect(unpackQuads(packQuads([], 4), 4)).toEqual([]);
  });

  it('a literal holding the separator (NUL) is sent as a list, intact', () => {
    const odd = [quad(s, p, literal('a\u0000b', 'en'), g), quad(s, p, literal('c'), g)];
    const packed = packQuads(odd, 4);
    expect(Array.isArray(packed)).toBe(true);
    expect(unpackQuads(packed, 4).map(quadToNQ)).toEqual(odd.map(quadToNQ));
  });

  it('lines are encoded as one newline-terminated UTF-8 text, across slices', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `<urn:x:${i}> "東京 ${i}" .`);
    expect(encodeLines(lines).toString('utf8')).toBe(lines.join('\n') + '\n');
    expect(encodeLines([]).length).toBe(0);
  });
});
