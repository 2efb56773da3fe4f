// Running one W3C suite under vitest: known failures from a checked-in skip list, out-of-scope tests, a summary line.

import { afterAll, it } from 'vitest';

/** Test IRI → why it is skipped. Listed tests still run: a listed test that passes fails the run (stale entry). */
export type SkipList = Readonly<Record<string, string>>;

export interface SuiteTest {
  id: string;
  name: string;
  /** Set when the test is outside what we support at all (not run, counted apart from the skip list). */
  outOfScope?: string;
  run: () => void | Promise<void>;
}

/** Registers one vitest test per W3C test and prints `<title>: N passed, N failed, N skipped (listed)…` at the end. */
export function runSuite(title: string, tests: readonly SuiteTest[], skips: SkipList): void {
  const counts = { passed: 0, failed: 0, listed: 0, outOfScope: 0 };
  const ids = new Set(tests.map((t) => t.id));
  const unknown = Object.keys(skips).filter((id) => !ids.has(id));

  it(`${title}: every skip-list entry names a test of the suite`, () => {
    if (unknown.length) throw new Error(`Skip list names tests that do not exist:\n${unknown.join('\n')}`);
  });

  for (const test of tests) {
    if (test.outOfScope) {
      counts.outOfScope++;
      it.skip(`${test.name} <${test.id}> (out of scope: ${test.outOfScope})`, () => {});
      continue;
    }
    const reason = skips[test.id];
    it(`${test.name} <${test.id}>`, async (context) => {
      try {
        await test.run();
      } catch (error) {
        if (reason === undefined) {
          counts.failed++;
          throw error;
        }
        counts.listed++;
        context.skip(`listed: ${reason}`);
      }
      if (reason !== undefined) {
        counts.failed++;
        throw new Error(`Passes now but the skip list says "${reason}": remove it from the list`);
      }
      counts.passed++;
    });
  }

  afterAll(() => {
    const outOfScope = counts.outOfScope ? `, ${counts.outOfScope} out of scope` : '';
    console.log(
      `${title}: ${counts.passed} passed, ${counts.failed} failed, ${counts.listed} skipped (listed)${outOfScope}`,
    );
  });
}
