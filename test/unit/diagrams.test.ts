// The diagrams in docs/ are generated from their sources beside them (scripts/render-diagram.ts):
// the committed SVG must be what the source renders to today.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDiagram, svgPathFor, type Diagram } from '../../scripts/render-diagram.ts';

const SOURCES = ['docs/provenance-model.diagram.json'];

describe('docs diagrams', () => {
  for (const source of SOURCES) {
    it(`${svgPathFor(source)} is up to date with ${source} (npm run diagrams)`, () => {
      const diagram = JSON.parse(readFileSync(source, 'utf8')) as Diagram;
      expect(readFileSync(svgPathFor(source), 'utf8')).toBe(renderDiagram(diagram));
    });
  }

  it('refuses an arrow to a box that does not exist, and escapes text', () => {
    const d: Diagram = {
      title: 'a < b',
      width: 10,
      height: 10,
      boxes: [],
      arrows: [{ from: 'x', to: 'y', label: '' }],
    };
    expect(() => renderDiagram(d)).toThrow('Arrow x → y: no box with that id');
    expect(renderDiagram({ ...d, arrows: [] })).toContain('<title>a &lt; b</title>');
  });
});
