// Identifiers are stable: the published IRI set is pinned; a rename needs a redirect. Wikidata links
// in the graph are only the verified ones from the supplements.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSupplements } from '../../src/extract/read-tsv.ts';
import { readRedirects } from '../../src/links/redirects.ts';
import { OWL, WD } from '../../src/vocab.ts';
import { anmc21Graph } from '../support/anmc21-graph.ts';

const BASE = 'https://w3id.org/anmc21/';
const pinned = readFileSync('test/fixtures/ids/published-iris.txt', 'utf8').trim().split('\n');
const redirects = readRedirects(readFileSync('data/redirects.tsv', 'utf8'));

/** Entity IRIs of the graph; statement, reference and quote IRIs are derived from content and positions, not pinned. */
async function currentIris(): Promise<Set<string>> {
  const g = await anmc21Graph();
  const set = new Set<string>();
  for (const q of g.quads) {
    for (const t of [q.subject, q.object]) {
      if (
        t.termType === 'NamedNode' &&
        t.value.startsWith(`${BASE}id/`) &&
        !/^id\/(statement|quote|reference)\//.test(t.value.slice(BASE.length))
      )
        set.add(t.value);
    }
  }
  return set;
}

describe('published identifiers', () => {
  it('every pinned IRI still exists, or redirects to one that does', async () => {
    const current = await currentIris();
    const moved = new Map(redirects.map((r) => [BASE + r.old, BASE + r.new]));
    const lost = pinned.filter((iri) => !current.has(iri) && !(moved.has(iri) && current.has(moved.get(iri)!)));
    expect(lost, 'IRIs were renamed or removed without a redirect in data/redirects.tsv').toEqual([]);
  });

  it('every new IRI is added to the pinned list on purpose', async () => {
    const unpinned = [...(await currentIris())].filter((iri) => !pinned.includes(iri)).sort();
    expect(unpinned, 'new IRIs: review them, then add them to test/fixtures/ids/published-iris.txt').toEqual([]);
  });

  it('follows the documented scheme', () => {
    for (const iri of pinned)
      expect(iri).toMatch(
        /^https:\/\/w3id\.org\/anmc21\/id\/(city|network|person|place|concept|membership|meeting|event|declaration|source|activity)\/[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9-]+)*$/,
      );
  });
});

describe('Wikidata links', () => {
  it('are exactly the verified QIDs of data/supplements/facts.tsv', async () => {
    const { facts } = readSupplements(readFileSync('data/supplements/facts.tsv', 'utf8'), 'data/supplements/facts.tsv');
    const verified = new Set(
      facts
        .filter((f) => ['wikidata', 'contains_place'].includes(f.property) && f.confidence === 'verified')
        .map((f) => f.value),
    );
    const g = await anmc21Graph();
    const inGraph = new Set(
      g.quads
        .filter((q) => q.object.termType === 'NamedNode' && q.object.value.startsWith(WD.iri))
        .map((q) => q.object.value.slice(WD.iri.length)),
    );
    expect(inGraph.size).toBeGreaterThan(10);
    expect([...inGraph].filter((q) => !verified.has(q))).toEqual([]);
    // Tomsk has no verified item and must have none (Q1850 is Phnom Penh).
    expect(inGraph.has('Q1850')).toBe(false);
    // Only the entity's own item is owl:sameAs: Manila (Metropolitan Manila) contains Q1461, is not it.
    const sameAs = g.quads.filter((q) => q.predicate.value === OWL('sameAs') && q.object.value.startsWith(WD.iri));
    const ownItems = new Set(facts.filter((f) => f.property === 'wikidata').map((f) => WD(f.value)));
    expect(sameAs.filter((q) => !ownItems.has(q.object.value))).toEqual([]);
    expect(sameAs.some((q) => q.object.value === WD('Q1461'))).toBe(false);
  });
});
