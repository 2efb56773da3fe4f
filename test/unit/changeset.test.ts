// Changesets: quads removed and added per graph, RDF Patch that turns the older version into the newer,
// the Changeset-vocabulary RDF, and the reading by entity and fact with evidence from each side's
// provenance in the three shapes the model has had (quote; reference → quote or document; document).
import type { Quad } from '@rdfjs/types';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { quadToNQ } from '../../src/rdf/n-triples.ts';
import { changesetQuads, computeChangeset, writeRdfPatch } from '../../src/release/changeset.ts';
import { summarizeChanges } from '../../src/release/fact-changes.ts';
import { renderChangesText } from '../../src/release/render-changes.ts';

const BASE = 'https://w3id.org/anmc21/';
const PREFIXES = `
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix schema: <https://schema.org/> . @prefix wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix anmc: <https://w3id.org/anmc21/ontology/> . @prefix id: <${BASE}id/> . @prefix graph: <${BASE}graph/> .
`;
const trig = (text: string): Quad[] => new Parser({ format: 'application/trig' }).parse(PREFIXES + text);

/** An article quote selector at `line`, and a statement of `s p o` in graph/article derived from it (first model). */
const quoteModel = (n: string, s: string, p: string, o: string, line: number, exact: string) => `
graph:article { ${s} ${p} ${o} . }
graph:provenance {
  id:statement\\/${n} a rdf:Statement ; rdf:subject ${s} ; rdf:predicate ${p} ; rdf:object ${o} ;
    dcterms:isPartOf graph:article ; prov:wasDerivedFrom id:quote\\/${line}-1-9 .
  id:quote\\/${line}-1-9 oa:exact "${exact}" ; anmc:line ${line} ; anmc:column 1 ; anmc:endLine ${line} ; anmc:endColumn 9 .
}`;

/** The same with a reference node between statement and quote (the later model). */
const referenceModel = (n: string, s: string, p: string, o: string, line: number, exact: string) => `
graph:article { ${s} ${p} ${o} . }
graph:provenance {
  id:statement\\/${n} a rdf:Statement ; rdf:subject ${s} ; rdf:predicate ${p} ; rdf:object ${o} ;
    dcterms:isPartOf graph:article ; prov:wasDerivedFrom id:reference\\/q${line} .
  id:reference\\/q${line} a anmc:Reference ; oa:hasSelector id:quote\\/${line}-1-9 ; anmc:confidence anmc:Quoted .
  id:quote\\/${line}-1-9 oa:exact "${exact}" ; anmc:line ${line} ; anmc:column 1 ; anmc:endLine ${line} ; anmc:endColumn 9 .
}`;

const BEFORE = trig(`
${quoteModel('a', 'id:meeting\\/2003-11', 'schema:location', 'id:city\\/hanoi', 45, '第三屆年會，河內')}
${quoteModel('b', 'id:meeting\\/2013-11', 'schema:location', 'id:city\\/hanoi', 66, '第十二屆年會，河內')}
${quoteModel('c', 'id:city\\/yangon', 'rdfs:label', '"仰光"@zh-Hant', 27, '仰光')}
graph:supplements { id:city\\/tomsk wgs84:lat "56.5"^^xsd:decimal . }
graph:provenance {
  id:statement\\/t a rdf:Statement ; rdf:subject id:city\\/tomsk ; rdf:predicate wgs84:lat ; rdf:object "56.5"^^xsd:decimal ;
    dcterms:isPartOf graph:supplements ; prov:wasDerivedFrom <https://mirror.example/tomsk> ;
    anmc:confidence anmc:Probable ; dcterms:identifier "tomsk-coordinates" ; anmc:line 52 .
}
graph:ontology { anmc:City a <http://www.w3.org/2002/07/owl#Class> . }
`);

const AFTER = trig(`
${referenceModel('a2', 'id:meeting\\/2003-11', 'schema:location', 'id:city\\/bangkok', 45, '第三屆年會，曼谷')}
${referenceModel('b', 'id:meeting\\/2013-11', 'schema:location', 'id:city\\/hanoi', 68, '第十二屆年會，河內')}
${referenceModel('d', 'id:city\\/tomsk', 'rdfs:label', '"托木斯克"@zh-Hant', 35, '托木斯克')}
graph:supplements { id:city\\/tomsk wgs84:lat "56.4977"^^xsd:decimal . }
graph:provenance {
  id:statement\\/t2 a rdf:Statement ; rdf:subject id:city\\/tomsk ; rdf:predicate wgs84:lat ; rdf:object "56.4977"^^xsd:decimal ;
    dcterms:isPartOf graph:supplements ; prov:wasDerivedFrom id:reference\\/r52 .
  id:reference\\/r52 a anmc:Reference ; dcterms:source <https://www.geonames.org/1489425> ;
    dcterms:identifier "tomsk-coordinates" ; anmc:line 52 ; anmc:confidence anmc:Probable .
}
graph:ontology { anmc:City a <http://www.w3.org/2002/07/owl#Class> . }
`);

/** Apply an RDF Patch (its D and A rows) to quads, as a consumer would. */
function applyPatch(quads: readonly Quad[], patch: string): Set<string> {
  const out = new Set(quads.map(quadToNQ));
  for (const row of patch.split('\n')) {
    const op = row.slice(0, 2);
    if (op !== 'A ' && op !== 'D ') continue;
    const [q] = new Parser({ format: 'application/n-quads' }).parse(row.slice(2));
    if (op === 'A ') out.add(quadToNQ(q!));
    else expect(out.delete(quadToNQ(q!)), `deleting an absent quad: ${row}`).toBe(true);
  }
  return out;
}

describe('computeChangeset', () => {
  const cs = computeChangeset(BEFORE, AFTER);

  it('lists removed and added quads per graph; unchanged graphs are absent', () => {
    expect(cs.graphs.map((g) => [g.graph.slice(BASE.length), g.removed.length, g.added.length])).toEqual([
      ['graph/article', 2, 2],
      ['graph/provenance', cs.graphs[1]!.removed.length, cs.graphs[1]!.added.length],
      ['graph/supplements', 1, 1],
    ]);
    expect(cs.removed).toBe(cs.graphs.reduce((n, g) => n + g.removed.length, 0));
  });

  it('writes RDF Patch that turns the older version into the newer', () => {
    const patch = writeRdfPatch(cs, { id: `${BASE}releases/b/diff/c`, prev: `${BASE}releases/a/diff/b` });
    const rows = patch.trimEnd().split('\n');
    expect(rows.slice(0, 3)).toEqual([
      `H id <${BASE}releases/b/diff/c> .`,
      `H prev <${BASE}releases/a/diff/b> .`,
      'TX .',
    ]);
    expect(rows.at(-1)).toBe('TC .');
    expect(rows.findIndex((r) => r.startsWith('A '))).toBeGreaterThan(rows.findLastIndex((r) => r.startsWith('D ')));
    expect(applyPatch(BEFORE, patch)).toEqual(new Set(AFTER.map(quadToNQ)));
    expect(writeRdfPatch(computeChangeset(AFTER, AFTER))).toBe('TX .\nTC .\n');
  });

  it('as RDF: one reified statement per change, with its graph', () => {
    const quads = changesetQuads(cs, {
      iri: `${BASE}releases/b/diff/c`,
      dataset: `${BASE}dataset`,
      from: `${BASE}releases/b`,
      to: `${BASE}releases/c`,
      reason: 'Why.',
    });
    const additions = quads.filter((q) => q.predicate.value.endsWith('#addition'));
    const removals = quads.filter((q) => q.predicate.value.endsWith('#removal'));
    expect([removals.length, additions.length]).toEqual([cs.removed, cs.added]);
    // The added wgs84:lat triple (not the provenance statement about it, whose rdf:object is the same literal).
    const lat = additions.find((a) =>
      quads.some(
        (q) =>
          q.subject.equals(a.object) && q.predicate.value.endsWith('#predicate') && q.object.value.endsWith('#lat'),
      ),
    )!;
    expect(
      quads.find((q) => q.subject.equals(lat.object) && q.predicate.value === 'http://purl.org/dc/terms/isPartOf')
        ?.object.value,
    ).toBe(`${BASE}graph/supplements`);
    expect(new Set(quads.filter((q) => q.predicate.value.endsWith('#addition')).map((q) => q.object.value)).size).toBe(
      cs.added,
    );
  });

  it('refuses blank nodes rather than compare them by label', () => {
    const withBlank = trig('graph:article { _:x rdfs:label "x" . }');
    expect(() => computeChangeset(BEFORE, withBlank)).toThrow(/needs quads without blank nodes/);
  });
});

describe('summarizeChanges', () => {
  const s = summarizeChanges(computeChangeset(BEFORE, AFTER), BEFORE, AFTER);
  const facts = Object.fromEntries(
    s.entities.flatMap((e) =>
      e.facts.map((f) => [`${e.subject.slice(BASE.length)} ${f.predicate.replace(/^.*[#/]/, '')}`, f]),
    ),
  );

  it('tells changed, added, removed and moved facts apart, across provenance models', () => {
    expect(Object.fromEntries(Object.entries(facts).map(([k, f]) => [k, f.kind]))).toEqual({
      'id/city/tomsk label': 'added',
      'id/city/tomsk lat': 'changed',
      'id/city/yangon label': 'removed',
      'id/meeting/2003-11 location': 'changed',
      'id/meeting/2013-11 location': 'moved',
    });
    expect(s.counts).toEqual({ changed: 2, added: 1, removed: 1, moved: 1, resourced: 0 });
    expect(s.factGraphs).toEqual([`${BASE}graph/article`, `${BASE}graph/supplements`]);
  });

  it('gives each side its evidence: quotes with their place, references with their document and row', () => {
    const location = facts['id/meeting/2003-11 location']!;
    expect(location.before[0]!.evidence).toMatchObject([
      { kind: 'quote', text: '第三屆年會，河內', line: 45, column: 1 },
    ]);
    expect(location.after[0]!.evidence).toMatchObject([
      { kind: 'quote', text: '第三屆年會，曼谷', line: 45, confidence: 'Quoted' },
    ]);
    const lat = facts['id/city/tomsk lat']!;
    expect(lat.before[0]!.evidence).toEqual([
      {
        kind: 'reference',
        text: 'https://mirror.example/tomsk',
        line: 52,
        rows: ['tomsk-coordinates'],
        confidence: 'Probable',
        key: 'reference https://mirror.example/tomsk',
      },
    ]);
    expect(lat.after[0]!.evidence[0]).toMatchObject({
      text: 'https://www.geonames.org/1489425',
      line: 52,
      rows: ['tomsk-coordinates'],
    });
    const moved = facts['id/meeting/2013-11 location']!;
    expect([moved.before[0]!.evidence[0]!.line, moved.after[0]!.evidence[0]!.line]).toEqual([66, 68]);
  });

  it('sees no change where the same documents are cited with more detail or in another order', () => {
    const statement = (refs: string) => `
graph:supplements { id:city\\/seoul wgs84:lat "37.56"^^xsd:decimal . }
graph:provenance { id:statement\\/s a rdf:Statement ; rdf:subject id:city\\/seoul ; rdf:predicate wgs84:lat ;
  rdf:object "37.56"^^xsd:decimal ; dcterms:isPartOf graph:supplements ; ${refs} }`;
    const before = trig(
      statement('prov:wasDerivedFrom <https://a.example/>, <https://b.example/> ; dcterms:identifier "r1", "r2" .'),
    );
    const after = trig(
      statement('prov:wasDerivedFrom id:reference\\/2, id:reference\\/1 .') +
        `graph:provenance { id:reference\\/1 dcterms:source <https://a.example/> ; anmc:line 9 .
          id:reference\\/2 dcterms:source <https://b.example/> ; anmc:line 3 . }`,
    );
    const summary = summarizeChanges(computeChangeset(before, after), before, after);
    expect(summary.entities).toEqual([]);
  });

  it('reads as text with both sides’ places', () => {
    const text = renderChangesText(s, { from: 'b', to: 'c', base: BASE });
    expect(text).toContain('Changes from b to c: facts 2 changed, 1 added, 1 removed, 1 moved, 0 re-sourced');
    expect(text).toContain('− id/city/hanoi  ← line 45:1-9 「第三屆年會，河內」');
    expect(text).toContain(
      '+ "56.4977"^^xsd:decimal  ← https://www.geonames.org/1489425 (row tomsk-coordinates, line 52, Probable)',
    );
    expect(text).toContain('line 66 → 68: 1 fact of id/meeting/2013-11');
  });
});
