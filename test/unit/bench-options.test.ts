// The bench's command line: the sizes Comunica runs at (its restarts make large sizes take hours).
import { describe, expect, it } from 'vitest';
import { COMUNICA_UP_TO, comunicaRunsAt, parseOptions } from '../../bench/run.ts';

describe('bench options', () => {
  it('runs Comunica up to 100k unless told otherwise', () => {
    expect(COMUNICA_UP_TO).toBe(100_000);
    expect(parseOptions([]).comunicaUpTo).toBe(100_000);
    expect(parseOptions(['--comunica-up-to', '1M']).comunicaUpTo).toBe(1_000_000);
    expect(parseOptions(['--comunica-up-to', 'all']).comunicaUpTo).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseOptions(['--comunica-up-to', 'lots'])).toThrow(/size must look like/);
  });

  it('decides per dataset: the article always, a synthetic size within 5 % of the limit', () => {
    const options = parseOptions([]);
    expect(comunicaRunsAt(options, undefined)).toBe(true);
    expect(comunicaRunsAt(options, 100_173)).toBe(true);
    expect(comunicaRunsAt(options, 1_001_206)).toBe(false);
    expect(comunicaRunsAt(parseOptions(['--comunica-up-to', 'all']), 2_000_000)).toBe(true);
  });
});
