// Query templates: what a literal's value may change (nothing the check decides) and what it may not;
// checkQuery with templates answers as the full check does, over the W3C queries and variants of them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkQuery, checkQueryUncached, templateStats, type CheckedQuery } from '../../src/store/check-query.ts';
import { queryTemplate } from '../../src/store/query-template.ts';
import { SUITES } from '../conformance/support/w3c.ts';

const key = (text: string) => queryTemplate(text)?.key;

describe('queryTemplate', () => {
  it('takes the values of strings and numbers out, by kind', () => {
    expect(key('SELECT * { ?s ?p "Tokyo" } LIMIT 5')).toBe(key("SELECT * { ?s ?p 'Taipei' } LIMIT 10"));
    expect(key('SELECT * { ?s ?p """a "quoted" line\nand more""" }')).toBe(key('SELECT * { ?s ?p "" }'));
    expect(key('SELECT * { ?s ?p "x"@en }')).not.toBe(key('SELECT * { ?s ?p "x"@ja }'));
    expect(key('SELECT * { ?s ?p 1 }')).not.toBe(key('SELECT * { ?s ?p 1.5 }'));
    expect(key('SELECT * { ?s ?p 1.5 }')).not.toBe(key('SELECT * { ?s ?p 1e5 }'));
    expect(key('SELECT * { ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#int> }')).not.toBe(
      key('SELECT * { ?s ?p "1"^^<http://www.w3.org/2001/XMLSchema#long> }'),
    );
  });

  it('keeps keywords, IRIs, prefixed names, variables and blank nodes as written, digits in them too', () => {
    const pairs = [
      ['SELECT * { ?s ?p ?o1 }', 'SELECT * { ?s ?p ?o2 }'],
      ['SELECT * { <http://a/1> ?p ?o }', 'SELECT * { <http://a/2> ?p ?o }'],
      ['PREFIX e: <http://e/> SELECT * { e:a1 ?p ?o }', 'PREFIX e: <http://e/> SELECT * { e:a2 ?p ?o }'],
      ['PREFIX e: <http://e/> SELECT * { e:1 ?p ?o }', 'PREFIX e: <http://e/> SELECT * { e:2 ?p ?o }'],
      ['SELECT * { _:b1 ?p ?o }', 'SELECT * { _:b2 ?p ?o }'],
      ['SELECT * { ?s ?p ?o } LIMIT 1', 'ASK { ?s ?p ?o } LIMIT 1'],
      ['SELECT * { ?s ?p "x" }', 'SELECT * { SERVICE <http://x/> { ?s ?p ?o } }'],
      ['SELECT * { ?s ?p "x" }', 'SELECT * { ?s ?p ?x }'],
    ];
    for (const [a, b] of pairs) expect(key(a!), `${a} / ${b}`).not.toBe(key(b!));
  });

  it('drops comments (a # in an IRI or string is not one) and collapses white space', () => {
    expect(key('SELECT * # a comment with "quotes\n{ ?s <http://a/#b> "#c" }')).toBe(
      key('SELECT *\n\n{  ?s <http://a/#b> "x" }'),
    );
    expect(key('SELECT * { ?s <http://a/#b> ?o }')).not.toBe(key('SELECT * { ?s <http://a/> ?o }'));
  });

  it('gives no template for text that is not SPARQL tokens', () => {
    expect(queryTemplate('SELECT * { ?s ?p "unterminated }')).toBeUndefined();
    expect(queryTemplate("SELECT * { ?s ?p 'a\nb' }")).toBeUndefined();
    expect(queryTemplate('SELECT * { ?s ?p "bad \\q escape" }')).toBeUndefined();
  });

  it('reads the top-level LIMIT and OFFSET, not those of a sub-query', () => {
    expect(queryTemplate('SELECT * { { SELECT * { ?s ?p ?o } LIMIT 3 } } OFFSET 7 limit 9')!.modifiers).toEqual([
      { keyword: 'OFFSET', value: 7 },
      { keyword: 'LIMIT', value: 9 },
    ]);
  });
});

/** What a check decides, for comparing the template path with the full check. */
function facts(c: CheckedQuery) {
  return {
    form: c.form,
    text: c.text,
    limit: c.limit,
    offset: c.offset,
    ordered: c.ordered,
    dataset: c.dataset,
    valuesClause: c.valuesClause,
  };
}

function outcome(check: () => CheckedQuery): unknown {
  try {
    return facts(check());
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

/** Another text of the same template: every string literal's content and every number changed. */
function variant(text: string, n: number): string {
  return text
    .replace(/"([^"\\\n]*)"/g, (_, s: string) => `"${s.length ? `v${n}` : ''}"`)
    .replace(/(?<![\w:?$_.\-@%/#])(\d+)(?![\w:.])/g, (d: string) => String(Number(d) + n));
}

describe('checkQuery with templates', () => {
  it('answers a known template without parsing, and parses its tree on first use', () => {
    const base = 'SELECT ?s WHERE { ?s ?p "a" FILTER(?s != 1) } ORDER BY ?s LIMIT 10 OFFSET 2';
    checkQuery(base);
    const hits = templateStats().hits;
    const other = 'SELECT ?s WHERE { ?s ?p "b" FILTER(?s != 2) } ORDER BY ?s LIMIT 20 OFFSET 4';
    const checked = checkQuery(other);
    expect(templateStats().hits).toBe(hits + 1);
    expect(facts(checked)).toEqual(facts(checkQueryUncached(other)));
    expect(JSON.stringify(checked.parsed)).toBe(JSON.stringify(checkQueryUncached(other).parsed));
  });

  it('still checks length, emptiness and NUL per text', () => {
    checkQuery('SELECT * { ?s ?p "a" }', { maxLength: 30 });
    expect(() => checkQuery(`SELECT * { ?s ?p "${'a'.repeat(40)}" }`, { maxLength: 30 })).toThrow(/characters long/);
    expect(() => checkQuery('SELECT * { ?s ?p "\u0000" }', { maxLength: 30 })).toThrow(/NUL/);
  });

  it('decides as the full check does over the W3C SPARQL 1.1 queries and variants of each', () => {
    const dir = SUITES.sparql11.dir;
    const files: string[] = [];
    for (const sub of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()))
      for (const f of readdirSync(path.join(dir, sub.name)).filter((f) => f.endsWith('.rq')))
        files.push(path.join(dir, sub.name, f));
    expect(files.length).toBeGreaterThan(300);
    let viaTemplate = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const options = { baseIri: 'http://example.org/base/' };
      expect(
        outcome(() => checkQuery(text, options)),
        file,
      ).toEqual(outcome(() => checkQueryUncached(text, options)));
      for (const n of [1, 7]) {
        const other = variant(text, n);
        const before = templateStats().hits;
        expect(
          outcome(() => checkQuery(other, options)),
          `${file} variant ${n}`,
        ).toEqual(outcome(() => checkQueryUncached(other, options)));
        viaTemplate += templateStats().hits - before;
      }
    }
    // Variants of queries with literals differ from them only in literal values: answered from the
    // template (160 when written; queries without literals give the same text, answered by the memo).
    expect(viaTemplate).toBeGreaterThan(100);
  });
});
