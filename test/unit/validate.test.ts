// SHACL: the real dataset conforms; broken graphs give error diagnostics with focus node, path,
// message and the article line the fact came from.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Quad } from '@rdfjs/types';
import N3 from 'n3';
import { beforeAll, describe, expect, it } from 'vitest';
import { validateGraph } from '../../src/validate/validate-graph.ts';
import { ROOT, realDataset } from '../fixtures/map/real-dataset.ts';

const { namedNode, literal, quad } = N3.DataFactory;
const ID = 'https://w3id.org/anmc21/id/';
const ANMC = 'https://w3id.org/anmc21/ontology/';
const RDFS_LABEL = 'http://www.w3.org/2000/01/rdf-schema#label';
const shapes = readFileSync(path.join(ROOT, 'ontology/shapes.ttl'), 'utf8');
let quads: Quad[];

beforeAll(async () => {
  quads = (await realDataset()).quads;
}, 60_000);

const without = (pred: (q: Quad) => boolean) => quads.filter((q) => !pred(q));

describe('validateGraph', { timeout: 30_000 }, () => {
  it('passes on the real mapped data', async () => {
    const result = await validateGraph(quads, shapes);
    expect(result.diagnostics).toEqual([]);
    expect(result.conforms).toBe(true);
  });

  it('a city without its zh-Hant label: error at the line of the city', async () => {
    const broken = without(
      (q) =>
        q.subject.value === `${ID}city/yangon` &&
        q.predicate.value === RDFS_LABEL &&
        (q.object as N3.Literal).language === 'zh-hant',
    );
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d.severity).toBe('error');
    expect(d.rule).toBe('validate/shacl');
    expect(d.message).toContain(`<${ID}city/yangon>`);
    expect(d.message).toContain(`<${RDFS_LABEL}>`);
    expect(d.message).toContain('A city needs a zh-Hant label');
    // Yangon is on line 27 of the article (member 9): its label statements left are the supplements'
    // (en, ja), but a place in the article is preferred over a row of the supplements.
    expect(d.span?.file).toBe('data/source/anmc21.zh-hant.md');
    expect(d.span?.line).toBe(27);
  });

  it('negative votes: error at line 72', async () => {
    const tally = `${ID}event/hosting-vote-2005-beijing`;
    const broken = without((q) => q.subject.value === tally && q.predicate.value === `${ANMC}votes`);
    broken.push(
      quad(
        namedNode(tally),
        namedNode(`${ANMC}votes`),
        literal('-7', namedNode('http://www.w3.org/2001/XMLSchema#integer')),
        namedNode('https://w3id.org/anmc21/graph/article'),
      ),
    );
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics.map((d) => [d.span?.line, d.actual])).toEqual([[72, '"-7"']]);
    expect(result.diagnostics[0].message).toContain('Votes are a non-negative integer');
  });

  it('a meeting with neither host nor recorded gap', async () => {
    const m = `${ID}meeting/2012-06`;
    const broken = without(
      (q) =>
        q.subject.value === m &&
        (q.predicate.value === 'https://schema.org/location' || q.predicate.value === `${ANMC}unstated`),
    );
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0].message).toContain('A meeting has a host city or a recorded gap');
    expect(result.diagnostics[0].span?.line).toBe(64);
  });

  it('an article statement without its quote', async () => {
    const vote = quads.find((q) => q.predicate.value === `${ANMC}votes` && q.graph.value.endsWith('/article'))!;
    const statement = quads.find(
      (q) =>
        q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#subject' &&
        q.object.equals(vote.subject) &&
        quads.some((p) => p.subject.equals(q.subject) && p.object.value === `${ANMC}votes`),
    )!.subject;
    const broken = without(
      (q) => q.subject.equals(statement) && q.predicate.value === 'http://www.w3.org/ns/prov#wasDerivedFrom',
    );
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('An article statement is derived from references that quote the article'),
    ]);
  });

  it('a supplement reference without confidence: placed at its row of facts.tsv', async () => {
    const ref = firstReferenceOf(firstSupplementStatement());
    const broken = without((q) => q.predicate.value === `${ANMC}confidence` && q.subject.value === ref);
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0].message).toContain('A reference carries its confidence');
    expect(result.diagnostics[0].span?.file).toBe('data/supplements/facts.tsv');
    const line = quads.find((q) => q.subject.value === ref && q.predicate.value === `${ANMC}line`)!.object.value;
    expect(result.diagnostics[0].span?.line).toBe(Number(line));
  });

  it('confidence on a statement (the merged model) is refused: it belongs to each reference', async () => {
    const stmt = firstSupplementStatement();
    const broken = [
      ...quads,
      quad(namedNode(stmt), namedNode(`${ANMC}confidence`), namedNode(`${ANMC}Verified`), namedNode(PROV_GRAPH)),
    ];
    const result = await validateGraph(broken, shapes);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('Confidence belongs to each reference, not to the statement'),
    ]);
  });

  it('a reference that is neither a quote nor a row, or cites two documents', async () => {
    const ref = firstReferenceOf(firstSupplementStatement());
    const broken = without(
      (q) => q.subject.value === ref && q.predicate.value === 'http://purl.org/dc/terms/identifier',
    );
    broken.push(
      quad(
        namedNode(ref),
        namedNode('http://purl.org/dc/terms/source'),
        namedNode('https://example.org/another'),
        namedNode(PROV_GRAPH),
      ),
    );
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics.map((d) => d.message).sort()).toEqual([
      expect.stringContaining('A reference names the one document it cites'),
      expect.stringContaining('A reference is either a quote (oa:hasSelector) or a supplement row'),
    ]);
  });
});

describe('types and derived titles', { timeout: 30_000 }, () => {
  it('a meeting whose schema:Event type is missing, and an objection typed only as ours', async () => {
    const meeting = `${ID}meeting/2004-11`;
    const objection = `${ID}event/objection-beijing`;
    const broken = without(
      (q) =>
        (q.subject.value === meeting && q.object.value === 'https://schema.org/Event') ||
        (q.subject.value === objection && q.object.value === 'https://schema.org/DisagreeAction'),
    );
    const result = await validateGraph(broken, shapes);
    expect(
      result.diagnostics.map((d) => [d.message.split(':')[0] + ':' + d.message.split(':')[1], d.span?.line]),
    ).toEqual([
      [expect.stringContaining(`<${ID}meeting/2004-11>`), 47],
      [expect.stringContaining(`<${ID}event/objection-beijing>`), 73],
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining('A meeting or vote is also a schema:Event'),
      expect.stringContaining('An objection is also a schema:DisagreeAction'),
    ]);
  });

  it('two derived titles in one language, or one in another language, are refused', async () => {
    const m = namedNode(`${ID}meeting/2004-11`);
    const derived = namedNode('https://w3id.org/anmc21/graph/derived');
    const broken = [
      ...quads,
      quad(m, namedNode(`${ANMC}displayTitle`), literal('another title', 'en'), derived),
      quad(m, namedNode(`${ANMC}displayTitle`), literal('titre', 'fr'), derived),
    ];
    const result = await validateGraph(broken, shapes);
    expect(result.conforms).toBe(false);
    expect(result.diagnostics.every((d) => d.message.includes('A derived title is a language-tagged string'))).toBe(
      true,
    );
    expect(result.diagnostics).toHaveLength(2);
  });
});

const PROV_GRAPH = 'https://w3id.org/anmc21/graph/provenance';

function firstReferenceOf(statement: string): string {
  return quads.find(
    (q) => q.subject.value === statement && q.predicate.value === 'http://www.w3.org/ns/prov#wasDerivedFrom',
  )!.object.value;
}

function firstSupplementStatement(): string {
  return quads.find(
    (q) =>
      q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' &&
      q.object.value === `${ANMC}SupplementStatement`,
  )!.subject.value;
}
