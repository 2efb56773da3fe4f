// The real ANMC21 graph, built once per test process through the project's own pipeline.
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { loadConfig } from '../../src/config.ts';
import { buildGraph, type GraphBuild } from '../../src/pipeline.ts';
import { createOxigraphStore, type OxigraphStore } from '../../src/store/oxigraph-store.ts';

let built: Promise<GraphBuild> | undefined;

export async function anmc21Graph(): Promise<GraphBuild> {
  built ??= buildGraph(loadConfig({}, {})).then((g) => {
    if (!g.ok)
      throw new Error(
        `the ANMC21 graph did not build: ${g.diagnostics
          .filter((d) => d.severity === 'error')
          .map((d) => d.message)
          .join('; ')}`,
      );
    return g;
  });
  return built;
}

export function toNQuads(quads: readonly Quad[]): string {
  return new N3.Writer({ format: 'N-Quads' }).quadsToString(quads as Quad[]);
}

export async function anmc21Store(): Promise<OxigraphStore> {
  const g = await anmc21Graph();
  return createOxigraphStore([{ data: toNQuads(g.quads), format: 'application/n-quads' }]);
}
