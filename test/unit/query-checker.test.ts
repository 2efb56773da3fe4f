// The query checker: short texts in place, long ones on the check thread, with the same outcome and
// refusals that keep their reason and place; a burst of one long text is parsed once; a long text whose
// template passed on the thread is then answered on the calling thread, without the thread or a parse.
import { afterAll, describe, expect, it } from 'vitest';
import { checkQuery, QueryCheckError, templateStats } from '../../src/store/check-query.ts';
import { createQueryChecker } from '../../src/store/query-checker.ts';

const checker = createQueryChecker({ inlineMaxLength: 100 });
afterAll(() => checker.close());

const long = (body: string) => `SELECT * WHERE { ?s ?p ?o ${body} } # ${'x'.repeat(200)}`;

const numbered = (n: number) =>
  `SELECT ?s WHERE { ?s ?p ?o FILTER(?o != ${n}) } LIMIT ${n} # ${'a long comment '.repeat(20)}`;

describe('createQueryChecker', () => {
  it('checks a long text on its thread, then a text of the same template here', async () => {
    const first = await checker.check(numbered(1), { baseIri: 'http://example.org/' });
    expect(first).toMatchObject({ form: 'SELECT', limit: 1, text: numbered(1) });
    expect('parsed' in first).toBe(false);
    const hits = templateStats().hits;
    const second = await checker.check(numbered(2), { baseIri: 'http://example.org/' });
    expect(second).toMatchObject({ form: 'SELECT', limit: 2, text: numbered(2) });
    expect(templateStats().hits).toBe(hits + 1);
  });

  it('gives the summary checkQuery gives, without the parse tree, in place and off the thread', async () => {
    for (const text of ['ASK { ?s ?p ?o }', long('FILTER(?o != 1)')]) {
      const { parsed: _parsed, ...expected } = checkQuery(text, { baseIri: 'https://w3id.org/anmc21/' });
      expect(await checker.check(text, { baseIri: 'https://w3id.org/anmc21/' })).toEqual(expected);
    }
  });

  it('refuses off the thread with the reason, the place and the limit', async () => {
    const error = await checker.check(long('SERVICE <http://example.org/> { ?a ?b ?c }'), {}).catch((e) => e);
    expect(error).toBeInstanceOf(QueryCheckError);
    expect(error.reason).toBe('service');
    const deep = await checker
      .check(`SELECT * WHERE ${'{'.repeat(70)} ?s ?p ?o ${'}'.repeat(70)} # ${'x'.repeat(200)}`, {})
      .catch((e) => e);
    expect(deep).toMatchObject({ reason: 'too-deep', line: 1, column: 16 + 64, limit: 64 });
  });

  it('answers a burst of one long text with one outcome', async () => {
    const text = long('FILTER(?o = 2)');
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => checker.check(text, {})));
    expect(new Set(outcomes.map((o) => JSON.stringify(o))).size).toBe(1);
    expect(outcomes[0]!.form).toBe('SELECT');
  });
});
