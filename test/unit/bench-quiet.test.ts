// The bench's pause between slices reads the CPUs' idle share from /proc/stat.
import { describe, expect, it } from 'vitest';
import { cpuTimes, untilIdle } from '../../bench/quiet.ts';

describe('cpuTimes', () => {
  it('adds idle and iowait as idle, the first eight fields as the total', () => {
    const stat = 'cpu  100 5 50 800 20 1 2 3 7 0\ncpu0 50 2 25 400 10 0 1 1 0 0\nintr 1 2 3\n';
    expect(cpuTimes(stat)).toEqual({ idle: 820, total: 981 });
  });

  it('says nothing without a cpu line', () => {
    expect(cpuTimes('intr 1 2 3\n')).toBeUndefined();
  });

  it('reads this machine’s /proc/stat where there is one', () => {
    const times = cpuTimes();
    if (times === undefined) return; // not Linux
    expect(times.total).toBeGreaterThan(0);
    expect(times.idle).toBeLessThanOrEqual(times.total);
  });
});

describe('untilIdle', () => {
  it('is idle after one window when the ticks stand still', async () => {
    expect(await untilIdle(() => 42, { windowMs: 5, maxMs: 1000 })).toMatchObject({ idle: true });
  });

  it('gives up after its bound when the process keeps working', async () => {
    let ticks = 0;
    // 10 ticks (100 ms of CPU) per 5 ms window: twenty cores' worth.
    const result = await untilIdle(() => (ticks += 10), { windowMs: 5, maxMs: 30 });
    expect(result.idle).toBe(false);
    expect(result.waitedMs).toBeGreaterThanOrEqual(30);
  });
});
