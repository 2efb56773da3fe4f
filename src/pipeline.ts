// The pipeline as plain function calls: extract → map → validate (→ dumps, in the CLI's build).
// Every stage's diagnostics are collected; an error anywhere stops before anything is written.

import type { Quad } from '@rdfjs/types';
import type { Config } from './config.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import { readInputs } from './inputs.ts';
import { extractFacts } from './extract/extract-facts.ts';
import type { Fact } from './extract/facts.ts';
import { readRegistry, readSupplements } from './extract/read-tsv.ts';
import { mapFacts } from './map/map-facts.ts';
import { validateGraph } from './validate/validate-graph.ts';

export interface StageTiming {
  stage: string;
  ms: number;
}

export interface GraphBuild {
  facts: Fact[];
  quads: Quad[];
  diagnostics: Diagnostic[];
  timings: StageTiming[];
  /** SHA-256 over every input file (article, supplements, registry, ontology, shapes, context). */
  inputsHash: string;
  ok: boolean;
}

/** Run extract → map → validate on the configured inputs. Never throws for bad input: see `ok`. */
export async function buildGraph(config: Config, progress: (line: string) => void = () => {}): Promise<GraphBuild> {
  const timings: StageTiming[] = [];
  const diagnostics: Diagnostic[] = [];
  const time = async <T>(stage: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    const ms = performance.now() - t0;
    timings.push({ stage, ms });
    progress(`${stage.padEnd(9)} ${ms.toFixed(0).padStart(5)} ms`);
    return out;
  };
  const { inputs, contents, inputsHash } = await readInputs(config);
  const [sourceFile, supplementsFile, registryFile] = inputs;
  const missing = inputs.filter((_, i) => contents[i] === undefined);
  if (missing.length > 0) {
    for (const file of missing)
      diagnostics.push({
        severity: 'error',
        message: `Input file not found: ${file}`,
        rule: 'build/input',
        span: { file, line: 1, column: 1, endLine: 1, endColumn: 1 },
      });
    return { facts: [], quads: [], diagnostics, timings, inputsHash, ok: false };
  }
  const [article, supplementsText, registryText, ontologyText, shapesText] = contents.map((c) => c!);

  const extraction = await time('extract', () => extractFacts(article, sourceFile));
  const registry = readRegistry(registryText.toString('utf8'), registryFile);
  const supplements = readSupplements(supplementsText.toString('utf8'), supplementsFile);
  diagnostics.push(...extraction.diagnostics, ...registry.diagnostics, ...supplements.diagnostics);
  if (hasErrors(diagnostics))
    return { facts: extraction.facts, quads: [], diagnostics, timings, inputsHash, ok: false };

  const mapped = await time('map', () =>
    mapFacts(extraction.facts, supplements.facts, registry.entries, {
      base: config.base,
      sourceFile,
      sourceText: article.toString('utf8'),
      supplementsFile,
      ontologyTurtle: ontologyText.toString('utf8'),
    }),
  );
  diagnostics.push(...mapped.diagnostics);
  if (hasErrors(diagnostics))
    return { facts: extraction.facts, quads: mapped.quads, diagnostics, timings, inputsHash, ok: false };

  const validation = await time('validate', () => validateGraph(mapped.quads, shapesText.toString('utf8')));
  diagnostics.push(...validation.diagnostics);
  return {
    facts: extraction.facts,
    quads: mapped.quads,
    diagnostics,
    timings,
    inputsHash,
    ok: validation.conforms && !hasErrors(diagnostics),
  };
}
