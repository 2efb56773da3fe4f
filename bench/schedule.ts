// Alternating A/B order: every round runs each side once, and the order rotates from round to round,
// so slow drift of the machine (other jobs, thermal, GC of the bench itself) hits all sides equally.

/**
 * `rounds` rounds over `sides`, round r starting at side r mod n:
 * [A, B, C], [B, C, A], [C, A, B], [A, B, C] …
 */
export function alternate<T>(sides: readonly T[], rounds: number): T[][] {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be a positive integer, got ${rounds}`);
  const n = sides.length;
  return Array.from({ length: rounds }, (_, r) => Array.from({ length: n }, (_, k) => sides[(r + k) % n]!));
}

/** Split a total measuring time (ms) into `rounds` equal slices, each at least `minSliceMs`. */
export function sliceDuration(totalMs: number, rounds: number, minSliceMs = 250): number {
  return Math.max(minSliceMs, Math.floor(totalMs / rounds));
}
