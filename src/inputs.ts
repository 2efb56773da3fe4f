// The build's inputs, read once and hashed; and whether a dist/ was built from exactly them. Kept apart
// from the pipeline so that `serve` can check its dist/ without loading the pipeline's modules.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath, type Config } from './config.ts';

/**
 * Every input of a build, read once, and a SHA-256 over all of them (names as displayed, and bytes).
 * `inputs` are the display names (relative to the root when inside it).
 */
export async function readInputs(
  config: Config,
): Promise<{ inputs: string[]; contents: (Buffer | undefined)[]; inputsHash: string }> {
  const { source, supplements, registry, ontology, shapes, context } = config.files;
  const files = [source, supplements, registry, ontology, shapes, context];
  const inputs = files.map((f) => displayPath(config, f));
  const contents = await Promise.all(files.map((f) => readFile(f).catch(() => undefined)));
  const hash = createHash('sha256');
  inputs.forEach((f, i) => hash.update(`${f}\0`).update(contents[i] ?? '\0missing\0'));
  return { inputs, contents, inputsHash: hash.digest('hex') };
}

/** True when dist/ was built from exactly the current inputs and base. */
export async function distIsCurrent(config: Config): Promise<boolean> {
  const manifestFile = path.join(config.distDir, 'manifest.json');
  if (!existsSync(manifestFile)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { inputsHash?: string; base?: string };
    const { inputsHash } = await readInputs(config);
    return manifest.inputsHash === inputsHash && manifest.base === config.base;
  } catch {
    return false;
  }
}
