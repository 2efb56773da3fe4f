// Readable Turtle and TriG (src/rdf/turtle.ts): each subject's statements in one block, rdf:type
// first, then the names, then the other properties by IRI; the same set of triples as given.

import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Quad } from '@rdfjs/types';
import { readableOrder, writeTrig, writeTurtle } from '../../src/rdf/turtle.ts';
import { termKey } from '../../src/rdf/terms.ts';
import { RDF, RDFS, SKOS, WRITER_PREFIXES } from '../../src/vocab.ts';
import { DERIVED_TITLE, NAME_PROPERTIES } from '../../src/rdf/labels.ts';
import { anmc21Graph } from '../support/anmc21-graph.ts';

let quads: Quad[];
beforeAll(async () => {
  quads = (await anmc21Graph()).quads;
}, 60_000);

const tripleSet = (qs: readonly Quad[]) =>
  new Set(qs.map((q) => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`));

describe('readable Turtle and TriG', { timeout: 30_000 }, () => {
  it('groups each subject once, rdf:type first, then names, then the rest by IRI', () => {
    const ordered = readableOrder(quads.map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object)));
    const seen = new Set<string>();
    let last = '';
    const leading = [RDF('type'), ...NAME_PROPERTIES, SKOS('altLabel'), DERIVED_TITLE];
    const rank = (p: string) => (leading.includes(p) ? leading.indexOf(p) : leading.length);
    for (let i = 0; i < ordered.length; i++) {
      const s = termKey(ordered[i].subject);
      if (s !== last) {
        expect(seen.has(s), `${s} starts a second block`).toBe(false);
        seen.add(s);
        last = s;
        continue;
      }
      const [a, b] = [ordered[i - 1].predicate.value, ordered[i].predicate.value];
      expect(
        rank(a) < rank(b) || (rank(a) === rank(b) && (rank(a) < leading.length || a <= b)),
        `${a} before ${b}`,
      ).toBe(true);
    }
    expect(tripleSet(ordered)).toEqual(tripleSet(quads));
  });

  it('writes a Turtle document whose subjects each open one block, and that parses to the same triples', () => {
    const ttl = writeTurtle(quads, WRITER_PREFIXES);
    const blocks = ttl.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('@prefix'));
    const subjects = blocks.map((l) => l.split(/\s/)[0]);
    expect(new Set(subjects).size).toBe(subjects.length);
    expect(tripleSet(new N3.Parser({ format: 'Turtle' }).parse(ttl))).toEqual(tripleSet(quads));
    // Taipei: its type, then its names in all languages, in one block (article and supplements merged).
    const taipei = ttl.slice(ttl.indexOf('<https://w3id.org/anmc21/id/city/taipei> a schema:City;'));
    expect(taipei.split('\n')[1]).toMatch(/^ {4}rdfs:label .*"Taipei"@en, .*"台北"@ja, .*"臺北"@zh-hant, .*;$/);
    expect(RDFS('label')).toBe(NAME_PROPERTIES[0]);
  });

  it('keeps the graphs in TriG, each subject once per graph', () => {
    const trig = writeTrig(quads, WRITER_PREFIXES);
    const parsed = new N3.Parser({ format: 'TriG' }).parse(trig);
    const key = (q: Quad) => `${termKey(q.graph)} ${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)}`;
    expect(new Set(parsed.map(key))).toEqual(new Set(quads.map(key)));
    const ordered = readableOrder(quads);
    const starts = ordered.filter(
      (q, i) =>
        i === 0 ||
        termKey(q.subject) !== termKey(ordered[i - 1].subject) ||
        termKey(q.graph) !== termKey(ordered[i - 1].graph),
    );
    const perGraph = new Set(starts.map((q) => `${termKey(q.graph)} ${termKey(q.subject)}`));
    expect(perGraph.size).toBe(starts.length);
  });
});
