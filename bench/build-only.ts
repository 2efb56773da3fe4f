// Only the build of synthetic sizes (map → validate → dumps), timed per stage, without peers or load:
// `node --import tsx bench/build-only.ts 100k 1M`. Prints one JSON line per size with wall-clock and
// CPU milliseconds (all threads of the process) and the load average before and after.

import os from 'node:os';
import { buildSynthetic } from './build-synthetic.ts';

const parse = (s: string) => Number(s.replace(/k$/i, '000').replace(/M$/i, '000000'));
const sizes = process.argv.slice(2).map(parse);
if (sizes.length === 0 || sizes.some((n) => !Number.isFinite(n) || n <= 0))
  throw new Error('usage: build-only.ts SIZE… (e.g. 100k 1M)');
for (const size of sizes) {
  const load = os.loadavg()[0]!.toFixed(2);
  const cpu0 = process.cpuUsage();
  const built = await buildSynthetic(size, (line) => console.log(line));
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      size,
      quads: built.quads,
      buildMs: Math.round(built.buildMs),
      stages: Object.fromEntries(Object.entries(built.stages).map(([k, v]) => [k, Math.round(v)])),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      load,
      loadEnd: os.loadavg()[0]!.toFixed(2),
    }),
  );
}
