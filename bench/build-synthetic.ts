// A synthetic dataset through the same path as the article: mapFacts → validateGraph → writeDumps,
// timed per stage, into its own dist folder under bench/.peers/data/ (gitignored).

import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import { formatDiagnostic, hasErrors } from '../src/diagnostics.ts';
import { mapFacts } from '../src/map/map-facts.ts';
import { quadToNQ } from '../src/rdf/n-triples.ts';
import { DEFAULT_BASE } from '../src/vocab.ts';
import { ROOT } from './peers.ts';
import { generateSynthetic, unitsForTriples, type SyntheticInput } from './synthetic.ts';

export const DATA_DIR = path.join(ROOT, 'bench/.peers/data');

export interface SyntheticBuild {
  target: number;
  units: number;
  quads: number;
  distDir: string;
  dumpFile: string;
  /** Milliseconds per stage: generate (not part of build), map, validate, dump. */
  stages: Record<string, number>;
  /** map + validate + dump, ms. */
  buildMs: number;
  /** Stages that could not run and why (e.g. a module not in the tree yet). */
  notes: string[];
}

type Point = { units: number; quads: number };
let calibration: Point[] | undefined;

const ONTOLOGY = readFileSync(path.join(ROOT, 'ontology/ontology.ttl'), 'utf8');

function mapInput(input: SyntheticInput) {
  return mapFacts(input.facts, input.supplements, input.registry, {
    base: DEFAULT_BASE,
    sourceFile: input.sourceFile,
    sourceText: input.sourceText,
    supplementsFile: input.supplementsFile,
    ontologyTurtle: ONTOLOGY,
  });
}

/** Units for a target size, from two small mapped samples (output is linear in units). */
export function calibratedUnits(target: number): number {
  calibration ??= [40, 80].map((units) => ({ units, quads: mapInput(generateSynthetic(units)).quads.length }));
  return unitsForTriples(target, calibration[0]!, calibration[1]!);
}

/** Generate, map, validate and dump about `target` quads. Throws when the mapper or validator reports errors. */
export async function buildSynthetic(target: number, progress: (line: string) => void): Promise<SyntheticBuild> {
  const stages: Record<string, number> = {};
  const notes: string[] = [];
  const time = async <T>(stage: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    stages[stage] = performance.now() - t0;
    progress(`  ${stage.padEnd(9)} ${stages[stage]!.toFixed(0).padStart(7)} ms`);
    return out;
  };
  const units = calibratedUnits(target);
  const input = await time('generate', () => generateSynthetic(units));
  const mapped = await time('map', () => mapInput(input));
  if (hasErrors(mapped.diagnostics)) {
    throw new Error(
      `synthetic data did not map cleanly:\n${mapped.diagnostics.slice(0, 10).map(formatDiagnostic).join('\n')}`,
    );
  }
  const shapesFile = path.join(ROOT, 'ontology/shapes.ttl');
  const validatePath = path.join(ROOT, 'src/validate/validate-graph.ts');
  if (existsSync(validatePath) && existsSync(shapesFile)) {
    const { validateGraph } = (await import(validatePath)) as typeof import('../src/validate/validate-graph.ts');
    const shapes = await readFile(shapesFile, 'utf8');
    const report = await time('validate', () => validateGraph(mapped.quads, shapes));
    if (!report.conforms) {
      throw new Error(
        `synthetic data does not conform to the shapes:\n${report.diagnostics.slice(0, 10).map(formatDiagnostic).join('\n')}`,
      );
    }
  } else {
    notes.push('validate skipped: src/validate/validate-graph.ts or ontology/shapes.ttl not in the tree');
  }

  const distDir = path.join(DATA_DIR, `dist-${target}`);
  rmSync(distDir, { recursive: true, force: true });
  mkdirSync(distDir, { recursive: true });
  await time('dump', () => writeDist(mapped.quads, distDir, input, notes));
  const buildMs = (stages.map ?? 0) + (stages.validate ?? 0) + (stages.dump ?? 0);
  return {
    target,
    units,
    quads: mapped.quads.length,
    distDir,
    dumpFile: path.join(distDir, 'anmc21.nq'),
    stages,
    buildMs,
    notes,
  };
}

/** The project's writeDumps when it is in the tree; else the N-Quads dump alone (what the server needs). */
async function writeDist(quads: Quad[], distDir: string, input: SyntheticInput, notes: string[]): Promise<void> {
  const writerPath = path.join(ROOT, 'src/dump/write-dumps.ts');
  if (existsSync(writerPath)) {
    const { writeDumps } = (await import(writerPath)) as {
      writeDumps: (quads: Quad[], options: Record<string, unknown>) => Promise<unknown>;
    };
    const contextFile = path.join(ROOT, 'ontology/context.jsonld');
    await writeDumps(quads, {
      distDir,
      base: DEFAULT_BASE,
      modified: '2000-01-01T00:00:00Z',
      context: existsSync(contextFile) ? JSON.parse(await readFile(contextFile, 'utf8'))['@context'] : {},
      inputsHash: createHash('sha256').update(`synthetic ${input.units}`).digest('hex'),
    });
    return;
  }
  notes.push('dump: src/dump/write-dumps.ts not in the tree; wrote anmc21.nq with quadToNQ');
  const out = createWriteStream(path.join(distDir, 'anmc21.nq'));
  let chunk = '';
  for (const q of quads) {
    chunk += quadToNQ(q) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => out.on('finish', () => resolve()).on('error', reject));
}
