// Comparing two versions of the dataset: a release, the latest release, or a build that is not one
// (the current dist/, or a review build of a changed article); the changeset and its reading by fact.

import type { Quad } from '@rdfjs/types';
import { computeChangeset, type Changeset } from './changeset.ts';
import { summarizeChanges, type ChangeSummary } from './fact-changes.ts';
import { renderChangesText } from './render-changes.ts';
import { listReleases, readReleaseQuads, type Release } from './releases.ts';

export interface Comparison {
  changeset: Changeset;
  summary: ChangeSummary;
  /** Milliseconds to compute both. */
  ms: number;
}

export function compareQuads(before: readonly Quad[], after: readonly Quad[]): Comparison {
  const started = performance.now();
  const changeset = computeChangeset(before, after);
  const summary = summarizeChanges(changeset, before, after);
  return { changeset, summary, ms: performance.now() - started };
}

export interface Review {
  /** The release compared with; absent when none is recorded. */
  against?: Release;
  comparison?: Comparison;
  /** The summary as text (or why there is none). */
  text: string;
}

/**
 * What a build would change against the latest release, by fact: the review of a new article
 * revision before anything is released. `name` is how the build is named to the reader.
 */
export async function reviewAgainstLatest(
  releasesDir: string,
  quads: readonly Quad[],
  o: { base: string; name: string },
): Promise<Review> {
  const latest = (await listReleases(releasesDir)).at(-1);
  if (!latest) return { text: `No release is recorded in ${releasesDir}: nothing to compare ${o.name} with.\n` };
  const comparison = compareQuads(await readReleaseQuads(latest), quads);
  return {
    against: latest,
    comparison,
    text: renderChangesText(comparison.summary, {
      from: `release ${latest.manifest.version}`,
      to: o.name,
      base: o.base,
    }),
  };
}
