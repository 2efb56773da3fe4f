// The bench's command line: the sizes Comunica runs at (its restarts make large sizes take hours).
import { describe, expect, it } from 'vitest';
import { COMUNICA_UP_TO, parseOptions } from '../../bench/run.ts';

describe('bench options', () => {
  it('runs Comunica up to 100k unless told otherwise', () => {
    expect(COMUNICA_UP_TO).toBe(100_000);
    expect(parseOptions([]).comunicaUpTo).toBe(100_000);
    expect(parseOptions(['--comunica-up-to', '1M']).comunicaUpTo).toBe(1_000_000);
    expect(parseOptions(['--comunica-up-to', 'all']).comunicaUpTo).toBe(Number.POSITIVE_INFINITY);
    expect(() => parseOptions(['--comunica-up-to', 'lots'])).toThrow(/size must look like/);
  });
});
