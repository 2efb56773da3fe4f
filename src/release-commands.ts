// The release commands of the CLI (`release`, `releases`, `diff`, and the review after `build`), called by
// cli.ts once it has read and checked their arguments; loaded only when one of them runs.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath, type Config } from './config.ts';
import { ARTICLE_IRI, DUMP_NAME } from './dataset.ts';
import { releaseIri } from './dump/describe-dataset.ts';
import { distIsCurrent } from './inputs.ts';
import { lookupFormat, N_QUADS, RDF_FORMATS, RDF_PATCH, type RdfFormat } from './rdf/formats.ts';
import { loadContext } from './rdf/jsonld.ts';
import { serializeQuads } from './rdf/serialize.ts';
import { changesetIri, changesetQuads, writeRdfPatch } from './release/changeset.ts';
import * as git from './release/code-version.ts';
import { compareQuads, reviewAgainstLatest } from './release/compare.ts';
import { recordRelease } from './release/record-release.ts';
import {
  findRelease,
  listReleases,
  parseNQuads,
  readReleaseQuads,
  ReleaseError,
  verifyRelease,
  type Release,
} from './release/releases.ts';
import { renderChangesText } from './release/render-changes.ts';

/** The built N-Quads of dist/, parsed. */
async function distQuads(config: Config) {
  const file = path.join(config.distDir, `${DUMP_NAME}.${N_QUADS.extension}`);
  return parseNQuads(await readFile(file, 'utf8'), file);
}

/** After a build: the changes against the latest release, in full or as a count with where to see them. */
export async function reviewBuild(config: Config, full: boolean): Promise<void> {
  const review = await reviewAgainstLatest(config.releasesDir, await distQuads(config), {
    base: config.base,
    name: `the build of ${displayPath(config, config.files.source)}`,
  });
  if (full || !review.comparison) {
    process.stdout.write(`\n${review.text}`);
    return;
  }
  const [head, quads] = review.text.split('\n');
  console.log(
    `${head}\n${quads}\n(anmc21 build --review, or anmc21 diff ${review.against!.manifest.version} current, lists them)`,
  );
}

export interface RecordArguments {
  note: string;
  /** A commit whose build is already in config.distDir; absent: rebuild from HEAD. */
  codeVersion?: string;
  issued?: Date;
  dryRun: boolean;
  /** Build dist/ from the working tree; false when the input has errors. */
  build: () => Promise<boolean>;
}

/** `release`: record dist/ (rebuilt from HEAD, or a dist/ built at --code-version) as the next release. */
export async function recordFromCli(config: Config, a: RecordArguments): Promise<number> {
  const commit = git.resolveCommit(config.root, a.codeVersion ?? 'HEAD');
  const inputFiles = inputLocations(config);
  if (a.codeVersion === undefined) {
    // The release is what HEAD builds: no uncommitted code or input may slip into it.
    const dirty = git.uncommitted(config.root, ['src', 'package.json', 'package-lock.json', ...inputFiles]);
    if (dirty.length > 0) {
      console.error(
        `release: uncommitted changes would not be what commit ${commit.slice(0, 12)} builds:\n${dirty.join('\n')}`,
      );
      return 1;
    }
    if (!(await a.build())) return 1;
  }
  const sourceFile = displayPath(config, config.files.source);
  const recorded = await recordRelease({
    releasesDir: config.releasesDir,
    distDir: config.distDir,
    base: config.base,
    changes: a.note,
    issued: a.issued,
    codeCommit: commit,
    source: { file: sourceFile, page: ARTICLE_IRI, ...git.lastChange(config.root, commit, sourceFile) },
    inputs: git.inputsAt(config.root, commit, inputFiles),
    dryRun: a.dryRun,
  });
  const m = recorded.manifest;
  const dump = m.files[0]!;
  console.log(
    `${a.dryRun ? 'would record' : 'recorded'} release ${m.version} in ${displayPath(config, recorded.dir)}/ ` +
      `(${m.quads} quads, ${dump.path} ${dump.bytes} bytes, SHA-256 ${dump.sha256}) in ${recorded.ms.toFixed(0)} ms` +
      (m.previousVersion ? `; follows ${m.previousVersion}` : '; the first release'),
  );
  return 0;
}

/** The build's inputs as repository-relative paths (what a release hashes at its code version). */
function inputLocations(config: Config): string[] {
  const { source, supplements, registry, ontology, shapes, context } = config.files;
  return [source, supplements, registry, ontology, shapes, context].map((f) => displayPath(config, f));
}

/** `releases`: every release, verified against its manifest. Exit 1 when one does not verify. */
export async function listAndVerify(config: Config): Promise<number> {
  const releases = await listReleases(config.releasesDir);
  if (releases.length === 0) console.log(`No releases in ${displayPath(config, config.releasesDir)}/`);
  let failed = 0;
  for (const r of releases) {
    const { problems, bytes } = await verifyRelease(r);
    const m = r.manifest;
    console.log(
      `${m.version}  ${m.issued}  ${m.quads} quads  ${bytes} bytes  ${problems.length ? 'FAILED' : 'verified'}  ${m.changes}`,
    );
    for (const p of problems) console.error(`${displayPath(config, r.dir)}: ${p}`);
    if (problems.length) failed++;
  }
  return failed ? 1 : 0;
}

/**
 * `diff A B`: each side a release version, `latest`, or `current` (the built dist/, built first if stale).
 * `format`: `text` (by entity and fact), `rdfp` (RDF Patch) or an RDF syntax (the Changeset-vocabulary RDF).
 */
export async function diffVersions(
  config: Config,
  a: string,
  b: string,
  format: string,
  build: () => Promise<boolean>,
): Promise<number> {
  const releases = await listReleases(config.releasesDir);
  const load = async (
    spec: string,
  ): Promise<{ name: string; release?: Release; quads: Awaited<ReturnType<typeof distQuads>> } | undefined> => {
    if (spec === 'current') {
      if (!(await distIsCurrent(config)) && !(await build())) return undefined;
      return { name: 'current', quads: await distQuads(config) };
    }
    const release = spec === 'latest' ? releases.at(-1) : findRelease(releases, spec);
    if (!release) throw new ReleaseError('No release is recorded yet');
    return { name: release.manifest.version, release, quads: await readReleaseQuads(release) };
  };
  const from = await load(a);
  const to = from && (await load(b));
  if (!from || !to) return 1;
  const started = performance.now();
  const { changeset, summary } = compareQuads(from.quads, to.quads);
  if (format === 'text') {
    process.stdout.write(renderChangesText(summary, { from: from.name, to: to.name, base: config.base }));
  } else {
    const chosen = lookupFormat([RDF_PATCH, ...RDF_FORMATS], format);
    if (!('found' in chosen)) throw new ReleaseError(`Unknown format ${format}`);
    // Between two releases the changeset has an IRI (where the server serves it); with `current` it has none.
    const id = from.release && to.release ? changesetIri(config.base, from.name, to.name) : undefined;
    const follows = to.release?.manifest.previousVersion === from.name;
    if (chosen.found === RDF_PATCH) {
      // `H prev`: the changeset into the older release, when this one goes to the release right after it.
      const before = from.release?.manifest.previousVersion;
      process.stdout.write(
        writeRdfPatch(changeset, {
          id,
          prev: follows && before ? changesetIri(config.base, before, from.name) : undefined,
        }),
      );
    } else {
      const quads = changesetQuads(changeset, {
        iri: id ?? `${config.base}releases/${from.name}/diff/${to.name}`,
        dataset: `${config.base}dataset`,
        from: from.release ? releaseIri(config.base, from.name) : `${config.base}dataset`,
        to: to.release ? releaseIri(config.base, to.name) : `${config.base}dataset`,
        ...(to.release ? { created: to.release.manifest.issued } : {}),
        ...(follows ? { reason: to.release!.manifest.changes } : {}),
      });
      const context = await loadContext(config.files.context);
      process.stdout.write(await serializeQuads(quads, chosen.found as RdfFormat, { context }));
    }
  }
  console.error(
    `diff ${from.name} → ${to.name}: +${changeset.added} −${changeset.removed} quads in ${(performance.now() - started).toFixed(0)} ms`,
  );
  return 0;
}
