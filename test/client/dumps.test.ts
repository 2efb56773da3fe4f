// The dumps read back by independent parsers (N3.js, jsonld.js, Raptor's rapper, Python rdflib) give
// the same graph as the N-Quads dump. Needs the Debian packages raptor2-utils and python3-rdflib.

import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import jsonld from 'jsonld';
import N3 from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDumps } from '../../src/dump/write-dumps.ts';
import { termToNT } from '../../src/rdf/n-triples.ts';
import { ROOT, realDataset } from '../fixtures/map/real-dataset.ts';
import { loadContext } from '../../src/rdf/jsonld.ts';

const CONTEXT = (await loadContext(path.join(ROOT, 'ontology/context.jsonld')))!;

const PYTHON = '/usr/bin/python3';
let dist: string;
let work: string;
let expectedQuads: Set<string>;
let expectedTriples: Set<string>;

/** Canonical line of a quad; language tags compared case-insensitively (RDF 1.1). */
function canonical(q: Quad, withGraph: boolean): string {
  const object =
    q.object.termType === 'Literal' && q.object.language
      ? `${JSON.stringify(q.object.value)}@${q.object.language.toLowerCase()}`
      : termToNT(q.object);
  const graph = withGraph ? termToNT(q.graph) : '';
  return `${termToNT(q.subject)} ${termToNT(q.predicate)} ${object}${graph ? ` ${graph}` : ''}`;
}

const asSet = (quads: Quad[], withGraph: boolean) => new Set(quads.map((q) => canonical(q, withGraph)));
const parseN3 = (text: string, format: string) => new N3.Parser({ format }).parse(text);

/** Compare as sets, reporting a few differences rather than two huge sets. */
function expectSame(actual: Set<string>, expected: Set<string>): void {
  const missing = [...expected].filter((x) => !actual.has(x)).slice(0, 5);
  const extra = [...actual].filter((x) => !expected.has(x)).slice(0, 5);
  expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  expect(actual.size).toBe(expected.size);
}

beforeAll(async () => {
  const { quads } = await realDataset();
  work = await mkdtemp(path.join(os.tmpdir(), 'anmc21-readback-'));
  dist = path.join(work, 'dist');
  await writeDumps(quads, {
    distDir: dist,
    base: 'https://w3id.org/anmc21/',
    modified: '2025-01-01T00:00:00Z',
    context: CONTEXT,
  });
  const nq = parseN3(await readFile(path.join(dist, 'anmc21.nq'), 'utf8'), 'N-Quads');
  expectedQuads = asSet(nq, true);
  expectedTriples = asSet(nq, false);
  expect(expectedQuads.size).toBe(quads.length);
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const file = (ext: string) => path.join(dist, `anmc21.${ext}`);

describe('N3.js', () => {
  it('Turtle is the union of the graphs', async () => {
    expectSame(asSet(parseN3(await readFile(file('ttl'), 'utf8'), 'Turtle'), false), expectedTriples);
  });
  it('TriG has the named graphs', async () => {
    expectSame(asSet(parseN3(await readFile(file('trig'), 'utf8'), 'TriG'), true), expectedQuads);
  });
  it('N-Triples is the union of the graphs', async () => {
    expectSame(asSet(parseN3(await readFile(file('nt'), 'utf8'), 'N-Triples'), false), expectedTriples);
  });
});

describe('jsonld.js', () => {
  it('JSON-LD expands to the named graphs', async () => {
    const doc = JSON.parse(await readFile(file('jsonld'), 'utf8'));
    const nquads = (await jsonld.toRDF(doc, { format: 'application/n-quads' })) as unknown as string;
    expectSame(asSet(parseN3(nquads, 'N-Quads'), true), expectedQuads);
  });
});

describe('rapper (Raptor)', () => {
  const rapper = (input: string, ext: string, output: string) =>
    execFileSync('rapper', ['-q', '-i', input, '-o', output, file(ext)], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  it.each([
    ['turtle', 'ttl'],
    ['ntriples', 'nt'],
    ['rdfxml', 'rdf'],
  ])('%s gives the union', (input, ext) => {
    expectSame(asSet(parseN3(rapper(input, ext, 'ntriples'), 'N-Triples'), false), expectedTriples);
  });
  it.each([
    ['trig', 'trig'],
    ['nquads', 'nq'],
  ])('%s gives the named graphs', (input, ext) => {
    expectSame(asSet(parseN3(rapper(input, ext, 'nquads'), 'N-Quads'), true), expectedQuads);
  });
});

describe('Python rdflib', () => {
  const SCRIPT = [
    'import sys, rdflib',
    'fmt, path, dataset = sys.argv[1], sys.argv[2], sys.argv[3] == "1"',
    'g = rdflib.Dataset() if dataset else rdflib.Graph()',
    'g.parse(path, format=fmt)',
    'sys.stdout.write(g.serialize(format="nquads" if dataset else "nt"))',
  ].join('\n');
  const rdflib = (format: string, ext: string, dataset: boolean) =>
    execFileSync(PYTHON, ['-c', SCRIPT, format, file(ext), dataset ? '1' : '0'], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  it.each([
    ['turtle', 'ttl'],
    ['nt', 'nt'],
    ['xml', 'rdf'],
  ])('%s gives the union', (format, ext) => {
    expectSame(asSet(parseN3(rdflib(format, ext, false), 'N-Triples'), false), expectedTriples);
  });
  it.each([
    ['trig', 'trig'],
    ['nquads', 'nq'],
    ['json-ld', 'jsonld'],
  ])('%s gives the named graphs', (format, ext) => {
    // rdflib writes the default graph's triples without a graph term; the dataset has none.
    expectSame(asSet(parseN3(rdflib(format, ext, true), 'N-Quads'), true), expectedQuads);
  });
});
