// Renders a box-and-arrow diagram (docs/*.diagram.json: boxes at fixed positions, labelled arrows)
// to SVG, deterministically: the same source gives the same bytes, so a test can check that the
// committed SVG is up to date. `node --import tsx scripts/render-diagram.ts docs/x.diagram.json`
// writes docs/x.svg; `--check` only compares and exits 1 when it differs.

import { readFileSync, writeFileSync } from 'node:fs';

export interface DiagramBox {
  id: string;
  /** Top-left corner and size, in SVG user units. */
  x: number;
  y: number;
  width: number;
  /** First line in bold (the IRI or class), then the properties, one a line. */
  title: string;
  lines?: string[];
  /** Colour group: asserted data, statement, reference, quote, document, derived. */
  kind: 'asserted' | 'statement' | 'reference' | 'quote' | 'document' | 'derived';
}

export interface DiagramArrow {
  from: string;
  to: string;
  label: string;
  /** Draw dashed (a link by value, e.g. rdf:subject naming the triple's subject). */
  dashed?: boolean;
}

export interface Diagram {
  title: string;
  width: number;
  height: number;
  boxes: DiagramBox[];
  arrows: DiagramArrow[];
  /** A legend line at the bottom. */
  note?: string;
}

const LINE = 16;
const PAD = 8;
const FILL: Record<DiagramBox['kind'], string> = {
  asserted: '#eef6ee',
  statement: '#eef1f8',
  reference: '#fff4e5',
  quote: '#f6eef8',
  document: '#f2f2f2',
  derived: '#fdfbe8',
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (v: number) => (Math.round(v * 10) / 10).toString();

function height(b: DiagramBox): number {
  return PAD * 2 + LINE * (1 + (b.lines?.length ?? 0));
}

/** Where the segment from the box's centre towards (tx, ty) leaves the box. */
function exitPoint(b: DiagramBox, tx: number, ty: number): [number, number] {
  const h = height(b);
  const cx = b.x + b.width / 2;
  const cy = b.y + h / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const sx = dx === 0 ? Infinity : b.width / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [cx + dx * s, cy + dy * s];
}

/** The SVG text of a diagram. */
export function renderDiagram(d: Diagram): string {
  const byId = new Map(d.boxes.map((b) => [b.id, b]));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${d.width}" height="${d.height}" viewBox="0 0 ${d.width} ${d.height}" font-family="DejaVu Sans, Noto Sans CJK TC, sans-serif" font-size="12">`,
    `<title>${esc(d.title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#444"/></marker></defs>',
    `<rect width="${d.width}" height="${d.height}" fill="#ffffff"/>`,
  ];
  for (const b of d.boxes) {
    out.push(
      `<g id="${esc(b.id)}"><rect x="${b.x}" y="${b.y}" width="${b.width}" height="${height(b)}" rx="6" fill="${FILL[b.kind]}" stroke="#555"/>`,
      `<text x="${b.x + PAD}" y="${b.y + PAD + 12}" font-weight="bold">${esc(b.title)}</text>`,
      ...(b.lines ?? []).map(
        (l, i) =>
          `<text x="${b.x + PAD}" y="${b.y + PAD + 12 + LINE * (i + 1)}" font-family="DejaVu Sans Mono, monospace" font-size="11">${esc(l)}</text>`,
      ),
      '</g>',
    );
  }
  for (const a of d.arrows) {
    const from = byId.get(a.from);
    const to = byId.get(a.to);
    if (!from || !to) throw new Error(`Arrow ${a.from} → ${a.to}: no box with that id`);
    const [tcx, tcy] = [to.x + to.width / 2, to.y + height(to) / 2];
    const [fcx, fcy] = [from.x + from.width / 2, from.y + height(from) / 2];
    const [x1, y1] = exitPoint(from, tcx, tcy);
    const [x2, y2] = exitPoint(to, fcx, fcy);
    out.push(
      `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="#444"${a.dashed ? ' stroke-dasharray="5 4"' : ''} marker-end="url(#arrow)"/>`,
      `<text x="${n((x1 + x2) / 2)}" y="${n((y1 + y2) / 2 - 5)}" text-anchor="middle" font-family="DejaVu Sans Mono, monospace" font-size="11" fill="#223" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(a.label)}</text>`,
    );
  }
  if (d.note) out.push(`<text x="12" y="${d.height - 12}" fill="#444">${esc(d.note)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** `docs/x.diagram.json` → `docs/x.svg`. */
export function svgPathFor(source: string): string {
  return source.replace(/\.diagram\.json$/, '.svg');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  let stale = 0;
  for (const source of args.filter((a) => a !== '--check')) {
    const svg = renderDiagram(JSON.parse(readFileSync(source, 'utf8')) as Diagram);
    const target = svgPathFor(source);
    if (check) {
      let current = '';
      try {
        current = readFileSync(target, 'utf8');
      } catch {
        // missing counts as stale
      }
      if (current !== svg) {
        console.error(`${target} is not up to date with ${source}: run npm run diagrams`);
        stale++;
      }
    } else {
      writeFileSync(target, svg);
      console.log(`wrote ${target}`);
    }
  }
  process.exit(stale > 0 ? 1 : 0);
}
