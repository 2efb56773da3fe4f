// `anmc21 diff A B --format rdfp` checked by an independent comparison: Debian's python3-rdflib loads
// the two releases' N-Quads, computes per named graph the quads removed and added as set differences,
// and compares them with the D and A rows of our RDF Patch, read with rdflib's own N-Quads parser.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { listReleases, RELEASE_DUMP } from '../../src/release/releases.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const config = loadConfig({}, {});
const releases = await listReleases(config.releasesDir);

// argv: old.nq.gz new.nq.gz; stdin: the patch. Prints per graph the counts, and whether the patch's
// deletions and additions are exactly rdflib's differences.
const SCRIPT = String.raw`
import gzip, json, sys
from rdflib import ConjunctiveGraph

def load(data):
    g = ConjunctiveGraph()
    g.parse(data=data, format="nquads")
    return {(s, p, o, c.identifier) for s, p, o, c in g.quads((None, None, None, None))}

old = load(gzip.decompress(open(sys.argv[1], "rb").read()).decode("utf-8"))
new = load(gzip.decompress(open(sys.argv[2], "rb").read()).decode("utf-8"))
rows = sys.stdin.read().splitlines()
structure = [r for r in rows if not r.startswith(("A ", "D "))]
deleted = load("\n".join(r[2:] for r in rows if r.startswith("D ")) + "\n")
added = load("\n".join(r[2:] for r in rows if r.startswith("A ")) + "\n")
graphs = sorted({str(q[3]) for q in (old - new) | (new - old)})
print(json.dumps({
    "structure": structure,
    "removed": len(old - new), "added": len(new - old),
    "patchDeletes": len(deleted), "patchAdds": len(added),
    "deletesMatch": deleted == old - new, "addsMatch": added == new - old,
    "byGraph": {g: [len([q for q in old - new if str(q[3]) == g]), len([q for q in new - old if str(q[3]) == g])] for g in graphs},
}))
`;

const pairs = releases.flatMap((r, i) => (i === 0 ? [] : [[releases[i - 1]!, r] as const]));
if (releases.length > 2) pairs.push([releases[0]!, releases.at(-1)!]);

describe('anmc21 diff against rdflib', () => {
  it.each(pairs.map(([a, b]) => [a.manifest.version, b.manifest.version, a, b] as const))(
    '%s → %s',
    async (from, to, a, b) => {
      const started = performance.now();
      const cli = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'diff', from, to, '--format', 'rdfp'], {
        maxBuffer: 64 * 1024 * 1024,
      });
      const cliMs = performance.now() - started;
      const py = run(PYTHON, ['-c', SCRIPT, path.join(a.dir, RELEASE_DUMP), path.join(b.dir, RELEASE_DUMP)], {
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      py.child.stdin!.end(cli.stdout);
      const result = JSON.parse((await py).stdout) as {
        structure: string[];
        removed: number;
        added: number;
        patchDeletes: number;
        patchAdds: number;
        deletesMatch: boolean;
        addsMatch: boolean;
        byGraph: Record<string, [number, number]>;
      };
      expect(result.structure).toEqual([
        `H id <${config.base}releases/${from}/diff/${to}> .`,
        ...(b.manifest.previousVersion === from && a.manifest.previousVersion
          ? [`H prev <${config.base}releases/${a.manifest.previousVersion}/diff/${from}> .`]
          : []),
        'TX .',
        'TC .',
      ]);
      expect(result.removed + result.added).toBeGreaterThan(0);
      expect(result).toMatchObject({ deletesMatch: true, addsMatch: true });
      expect([result.patchDeletes, result.patchAdds]).toEqual([result.removed, result.added]);
      // The CLI's own count line (stderr) agrees.
      expect(cli.stderr).toMatch(
        new RegExp(`diff ${from} → ${to}: \\+${result.added} −${result.removed} quads in \\d+ ms`),
      );
      console.log(`diff ${from} → ${to}: ${JSON.stringify(result.byGraph)}; CLI ${cliMs.toFixed(0)} ms`);
    },
    120_000,
  );
});
