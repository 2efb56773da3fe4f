// Every page for people passes html-validate's standard rules: the landing page in each interface
// language, the source view, the query editor, the stored-query list, the dumps listing, an error page,
// the reconciliation preview, the releases' pages, and the page of every resource of the real dataset.
import { HtmlValidate } from 'html-validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Serving } from '../../src/server.ts';
import { realConfig } from '../support/real-dist.ts';
import { serveOnTestBackend } from './publisher-fixture.ts';

const BASE = 'https://w3id.org/anmc21/';
let serving: Serving;
beforeAll(async () => {
  serving = await serveOnTestBackend(await realConfig(), { log: () => {}, handleSignals: false });
});
afterAll(async () => {
  await serving?.close();
});

/** The path of every resource the dataset describes (subjects under the base). */
async function resourcePaths(): Promise<string[]> {
  const query = `SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && STRSTARTS(STR(?s), "${BASE}")) } ORDER BY ?s`;
  const res = await fetch(`${serving.url}/sparql?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'application/sparql-results+json' },
  });
  const body = (await res.json()) as { results: { bindings: { s: { value: string } }[] } };
  return body.results.bindings.map((b) => `/${b.s.value.slice(BASE.length)}`);
}

describe('html-validate (standard rules)', () => {
  it('passes every page', { timeout: 180_000 }, async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
    const resources = await resourcePaths();
    expect(resources.length).toBeGreaterThan(500);
    const pages = ['/?lang=en', '/?lang=zh-Hant', '/?lang=ja', '/source', '/sparql', '/queries', '/dumps/'];
    pages.push(
      '/ontology',
      '/dataset',
      '/id/city/nowhere',
      '/reconcile/preview?id=city/tokyo',
      '/reconcile/docs',
      // The releases: their list, one release, a changeset, a TimeMap and a Memento.
      '/releases/',
      '/releases/2026-11-29',
      '/releases/2026-11-29/diff/2026-11-30',
      '/timemap/id/city/tomsk',
      '/releases/2026-11-29/id/city/tomsk',
      ...resources,
    );
    const failures: string[] = [];
    for (const path of pages) {
      const res = await fetch(serving.url + path, { headers: { accept: 'text/html' } });
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      const report = await validator.validateString(await res.text(), path);
      for (const result of report.results)
        for (const m of result.messages) failures.push(`${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`);
    }
    expect(failures.slice(0, 20)).toEqual([]);
    console.log(`html-validate: ${pages.length} pages, no errors`);
  });
});
