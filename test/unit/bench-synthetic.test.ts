// The synthetic generator: quotes point exactly into its source text, output maps without errors, size is linear.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapFacts } from '../../src/map/map-facts.ts';
import { DEFAULT_BASE } from '../../src/vocab.ts';
import { generateSynthetic, SourceWriter, unitsForTriples } from '../../bench/synthetic.ts';
import type { Quote } from '../../src/extract/facts.ts';

function quotesOf(value: unknown, out: Quote[] = []): Quote[] {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.text === 'string' && typeof v.offset === 'number' && v.span) out.push(v as unknown as Quote);
    for (const child of Object.values(v)) quotesOf(child, out);
  }
  return out;
}

describe('SourceWriter', () => {
  it('hands out code-point offsets and 1-based columns, astral characters counting once', () => {
    const w = new SourceWriter('x.md');
    w.line('ab');
    const { parts, whole } = w.line('𠮷', 'cd');
    expect(parts[1]).toMatchObject({ text: 'cd', offset: 4, endOffset: 6, span: { line: 2, column: 2, endColumn: 4 } });
    expect(whole).toMatchObject({ offset: 3, endOffset: 6 });
    expect([...w.text()].slice(4, 6).join('')).toBe('cd');
  });
});

describe('generateSynthetic', () => {
  const input = generateSynthetic(12);

  it('is deterministic', () => {
    expect(JSON.stringify(generateSynthetic(12))).toBe(JSON.stringify(input));
  });

  it('quotes exactly the text at their offsets', () => {
    const points = [...input.sourceText];
    const quotes = quotesOf(input.facts);
    expect(quotes.length).toBeGreaterThan(100);
    for (const q of quotes) expect(points.slice(q.offset, q.endOffset).join('')).toBe(q.text);
  });

  it('has the shape of ours: one network, cities with three languages, meetings, memberships, votes', () => {
    const kinds = new Set(input.facts.map((f) => f.kind));
    for (const k of [
      'network-name',
      'founding',
      'member-slot',
      'meeting',
      'former-member',
      'withdrawal',
      'hosting-contest',
      'vote-count',
      'vote-margin',
      'entity-link',
    ]) {
      expect(kinds).toContain(k);
    }
    expect(input.registry.filter((e) => e.kind === 'network')).toHaveLength(1);
    expect(input.facts.filter((f) => f.kind === 'member-slot')).toHaveLength(12);
    expect(new Set(input.supplements.map((s) => s.property))).toEqual(
      new Set(['name_en', 'name_ja', 'wikidata', 'coordinates', 'join_date', 'end_date']),
    );
  });

  it('maps without errors, every graph present, and grows linearly', () => {
    const map = (units: number) => {
      const s = generateSynthetic(units);
      return mapFacts(s.facts, s.supplements, s.registry, {
        base: DEFAULT_BASE,
        sourceFile: s.sourceFile,
        sourceText: s.sourceText,
        supplementsFile: s.supplementsFile,
        ontologyTurtle: readFileSync(new URL('../../ontology/ontology.ttl', import.meta.url), 'utf8'),
      });
    };
    const [a, b, c] = [10, 20, 40].map(map);
    for (const r of [a!, b!, c!]) expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const graphs = new Set(a!.quads.map((q) => q.graph.value.replace(DEFAULT_BASE, '')));
    expect(graphs).toEqual(
      new Set(['graph/article', 'graph/supplements', 'graph/provenance', 'graph/derived', 'graph/ontology']),
    );
    const d1 = b!.quads.length - a!.quads.length;
    const d2 = (c!.quads.length - b!.quads.length) / 2;
    expect(Math.abs(d2 - d1) / d1).toBeLessThan(0.05);
    const units = unitsForTriples(
      c!.quads.length,
      { units: 10, quads: a!.quads.length },
      { units: 20, quads: b!.quads.length },
    );
    expect(Math.abs(units - 40)).toBeLessThanOrEqual(2);
  });

  it('refuses sizes it cannot give meeting months for', () => {
    expect(() => generateSynthetic(2)).toThrow(/≥ 4/);
    expect(() => generateSynthetic(100_000)).toThrow(/9999/);
  });
});
