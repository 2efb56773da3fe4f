// releases/CHANGELOG.md: the releases' changelog lines, newest first, rendered from their manifests
// (the manifests are the record; a test keeps the file equal to what they render to).

import { RELEASE_DUMP, type Release } from './releases.ts';

export const CHANGELOG = 'CHANGELOG.md';

export function renderChangelog(releases: readonly Release[]): string {
  const lines = [
    '# Releases',
    '',
    'Every release of the ANMC21 dataset, newest first. Each folder here is immutable: its gzipped N-Quads, its',
    'VoID and a manifest with the SHA-256 of each file (docs/releases.md). This file is generated from the',
    'manifests by `anmc21 release`; do not edit it.',
    '',
  ];
  for (const { manifest: m } of [...releases].reverse()) {
    const dump = m.files.find((f) => f.path === RELEASE_DUMP)!;
    lines.push(
      `## ${m.version}`,
      '',
      m.previousVersion ? `Changes since ${m.previousVersion}: ${m.changes}` : `First release: ${m.changes}`,
      '',
      `- issued ${m.issued}; code ${m.code.commit.slice(0, 12)}; article ${m.source.file} (SHA-256 ${m.source.sha256.slice(0, 16)}…)`,
      `- ${m.quads} quads, ${m.triples} distinct triples; dataset version ${m.datasetVersion}`,
      `- [${dump.path}](${m.version}/${dump.path}): ${dump.bytes} bytes, SHA-256 \`${dump.sha256}\``,
      '',
    );
  }
  return lines.join('\n');
}
