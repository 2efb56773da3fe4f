// storeErrorText: a remote store's error answer in our words. The Virtuoso texts are its answers, as sent
// (Virtuoso 7.2.5, measured on the remote tier's store): the part that helps fix a query is kept, the product
// banner, version, procedure names, paths and the echoed query never are.

import { describe, expect, it } from 'vitest';
import { storeErrorText } from '../../src/store/remote/store-error-text.ts';

const echo = (query: string) => `\n\nSPARQL query:\ndefine sql:big-data-const 0 ${query}\n`;

describe('Virtuoso error answers', () => {
  const cases: [string, number, string, string, boolean][] = [
    [
      'a syntax error keeps its line',
      400,
      'Virtuoso 37000 Error SP030: SPARQL compiler, line 2: syntax error' + echo('SELECT * WHERE { ?s ?p ?o '),
      'The SPARQL store refused this query: line 2: syntax error',
      true,
    ],
    [
      'a compiler refusal keeps its reason',
      400,
      'Virtuoso 37000 Error SP031: SPARQL compiler: HAVING clause should be preceded by a GROUP BY clause' +
        echo('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o } HAVING (COUNT(*) > 0)'),
      'The SPARQL store refused this query: HAVING clause should be preceded by a GROUP BY clause',
      true,
    ],
    [
      'an evaluation error keeps a harmless message',
      500,
      'Virtuoso 22012 Error SR084: Division by 0.' + echo('SELECT (1/0 AS ?v) WHERE { }'),
      'The SPARQL store could not evaluate this query: Division by 0.',
      true,
    ],
    [
      'an internal procedure name is not shown',
      500,
      'Virtuoso 07S01 Error SR183: Required argument delim (no 3) not supplied to DB.DBA.GROUP_CONCAT_ACC' +
        echo('SELECT (GROUP_CONCAT(?o) AS ?g) WHERE { ?s ?p ?o }'),
      'The SPARQL store could not evaluate this query (error SR183)',
      true,
    ],
    [
      'an undefined procedure is not shown',
      500,
      'Virtuoso 42001 Error SR185: Undefined procedure DB.DBA.http://example.org/nofn.' +
        echo('SELECT (<http://example.org/nofn>("a") AS ?v) WHERE {}'),
      'The SPARQL store could not evaluate this query (error SR185)',
      true,
    ],
    [
      'a path in a message is not shown',
      500,
      'Virtuoso 39000 Error FA003: Access to /var/lib/virtuoso/db/virtuoso.ini is denied due to access control in ini file' +
        echo('SELECT …'),
      'The SPARQL store could not evaluate this query (error FA003)',
      true,
    ],
    [
      'a version in a message is not shown',
      400,
      'Virtuoso 37000 Error SP031: SPARQL compiler: not supported by server 07.20.3229' + echo('SELECT …'),
      'The SPARQL store refused this query',
      true,
    ],
  ];
  it.each(cases)('%s', (_, status, body, message, queryError) => {
    const text = storeErrorText(status, body);
    expect(text).toEqual({ message, queryError });
    expect(text.message).not.toMatch(/Virtuoso|SPARQL query:|big-data-const|DB\.DBA|\/var\/|07\.20/);
  });
});

describe('other stores and failures', () => {
  it('keeps a short, safe first line of a 400', () => {
    expect(storeErrorText(400, 'Parse error: Encountered " "}" "} "" at line 1, column 20.\n')).toEqual({
      message: 'The SPARQL store refused this query: Parse error: Encountered " "}" "} "" at line 1, column 20.',
      queryError: true,
    });
  });

  it('drops a 400 whose text names the product or a stack', () => {
    for (const body of [
      'org.apache.jena.query.QueryParseException: Lexical error\n\tat org.apache.jena.sparql.lang(Parser.java:12)',
      'Error 400: Apache Jena Fuseki 4.10.0: bad query',
      'MALFORMED QUERY: see C:\\rdf4j\\logs\\main.log',
    ]) {
      expect(storeErrorText(400, body)).toEqual({ message: 'The SPARQL store refused this query', queryError: true });
    }
  });

  it('calls anything else a store failure, without its text', () => {
    expect(storeErrorText(502, '<html>Bad Gateway nginx/1.22.1</html>')).toEqual({
      message: 'The SPARQL store failed (HTTP 502)',
      queryError: false,
    });
    expect(storeErrorText(500, 'java.lang.OutOfMemoryError')).toMatchObject({ queryError: false });
  });

  it('cuts a long message', () => {
    const text = storeErrorText(400, `Virtuoso 37000 Error SP031: SPARQL compiler: ${'x'.repeat(500)}`);
    expect(text.message.length).toBeLessThan(260);
    expect(text.message.endsWith(' …')).toBe(true);
  });
});
