// The query checker: long texts are parsed on its thread, and a long text whose template passed there
// is then answered on the calling thread, without the thread and without a parse.
import { afterAll, describe, expect, it } from 'vitest';
import { templateStats } from '../../src/store/check-query.ts';
import { createQueryChecker } from '../../src/store/query-checker.ts';

const checker = createQueryChecker({ inlineMaxLength: 100 });
afterAll(() => checker.close());

const long = (n: number) =>
  `SELECT ?s WHERE { ?s ?p ?o FILTER(?o != ${n}) } LIMIT ${n} # ${'a long comment '.repeat(20)}`;

describe('createQueryChecker', () => {
  it('checks a long text on its thread, then a text of the same template here', async () => {
    const first = await checker.check(long(1), { baseIri: 'http://example.org/' });
    expect(first).toMatchObject({ form: 'SELECT', limit: 1, text: long(1) });
    expect('parsed' in first).toBe(false);
    const hits = templateStats().hits;
    const second = await checker.check(long(2), { baseIri: 'http://example.org/' });
    expect(second).toMatchObject({ form: 'SELECT', limit: 2, text: long(2) });
    expect(templateStats().hits).toBe(hits + 1);
  });

  it('refuses what the full check refuses, on the thread', async () => {
    await expect(
      checker.check(`SELECT * { SERVICE <http://x/> { ?s ?p ?o } } # ${'x'.repeat(200)}`, {}),
    ).rejects.toMatchObject({ reason: 'service' });
  });
});
