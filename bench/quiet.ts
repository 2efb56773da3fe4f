// Waiting for the machine to go quiet between slices. A peer left with requests in flight when its
// slice ends (autocannon closes its connections) may go on evaluating them: Comunica and Virtuoso run
// their queued queries to the end, ours runs an abandoned query on for a while. Without a pause that
// work lands in the next peer's slice. Before each slice the bench waits until the CPUs are mostly
// idle over a short window (from /proc/stat, all cores), for a bounded time; and after each slice of
// an HTTP peer, until that peer's own processes are idle (run.ts restarts Comunica when they are not:
// its endpoint runs abandoned queries to the end, minutes for the slowest).

import { readFileSync } from 'node:fs';

/** Idle and total jiffies over all CPUs. */
export interface CpuTimes {
  idle: number;
  total: number;
}

/** The `cpu` line of /proc/stat (or of `stat`) as idle and total jiffies; undefined off Linux. */
export function cpuTimes(stat?: string): CpuTimes | undefined {
  let text = stat;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/stat', 'utf8');
    } catch {
      return undefined;
    }
  }
  const line = /^cpu\s+(.*)$/m.exec(text)?.[1];
  if (!line) return undefined;
  const fields = line.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user).
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  return { idle, total };
}

export interface QuietOptions {
  /** Share of CPU time idle over a window that counts as quiet (0–1). */
  idleShare?: number;
  /** Window, milliseconds. */
  windowMs?: number;
  /** Longest wait, milliseconds. */
  maxMs?: number;
}

/**
 * Sample every `windowMs` until `calm(before, after)` holds for a window or `maxMs` has passed: whether
 * it did, and how long that took. The one loop behind both waits below.
 */
async function untilCalm<T>(
  sample: () => T,
  calm: (before: T, after: T) => boolean,
  windowMs: number,
  maxMs: number,
): Promise<{ calm: boolean; waitedMs: number }> {
  const started = performance.now();
  let before = sample();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = sample();
    const waitedMs = performance.now() - started;
    if (calm(before, after)) return { calm: true, waitedMs };
    if (waitedMs >= maxMs) return { calm: false, waitedMs };
    before = after;
  }
}

/**
 * Resolve once a window of `windowMs` had at least `idleShare` of its CPU time idle, or after `maxMs`;
 * tells how long it waited and whether the machine went quiet (always quiet where /proc/stat is absent).
 */
export async function untilQuiet({ idleShare = 0.8, windowMs = 100, maxMs = 1500 }: QuietOptions = {}): Promise<{
  waitedMs: number;
  quiet: boolean;
}> {
  if (!cpuTimes()) return { waitedMs: 0, quiet: true };
  const idleOver = (before: CpuTimes, after: CpuTimes) => {
    const total = after.total - before.total;
    return total > 0 ? (after.idle - before.idle) / total : 1;
  };
  const { calm, waitedMs } = await untilCalm(
    () => cpuTimes()!,
    (before, after) => idleOver(before, after) >= idleShare,
    windowMs,
    maxMs,
  );
  return { waitedMs, quiet: calm };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * Resolve once a process tree used at most `maxShare` of one core over a window (its CPU ticks from
 * `ticks`), or after `maxMs`: whether it went idle, and how long that took.
 */
export async function untilIdle(
  ticks: () => number,
  { maxShare = 0.1, windowMs = 200, maxMs = 3000 }: { maxShare?: number; windowMs?: number; maxMs?: number } = {},
): Promise<{ idle: boolean; waitedMs: number }> {
  const { calm, waitedMs } = await untilCalm(
    ticks,
    (before, after) => ((after - before) / TICKS_PER_SECOND) * 1000 <= maxShare * windowMs,
    windowMs,
    maxMs,
  );
  return { idle: calm, waitedMs };
}
