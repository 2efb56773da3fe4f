// The bench's report: ratios against the right baseline, the mix's geometric mean, targets, well-formed SVG.
import { describe, expect, it } from 'vitest';
import {
  checkTargets,
  escapeXml,
  geometricMean,
  mixRatio,
  ratiosOf,
  renderMarkdown,
  renderStartupMarkdown,
  renderSvg,
  STARTUP_TARGET,
  type BenchResult,
  type Measurement,
} from '../../bench/report.ts';
import { summarize } from '../../bench/stats.ts';
import type { PeerName } from '../../bench/peers.ts';

function m(peer: PeerName, work: string, median: number, options: Partial<Measurement> = {}): Measurement {
  const samples = [median, median, median];
  return {
    dataset: 'd',
    work,
    label: work,
    group: work.startsWith('deref') ? 'deref' : 'sparql',
    stored: work.startsWith('q:'),
    concurrency: 16,
    peer,
    summary: summarize(samples),
    rps: 1000 / median,
    failures: 0,
    bytesPerResponse: 100,
    ...options,
  };
}

const measurements: Measurement[] = [
  m('ours', 'q:a:json', 2),
  m('comunica', 'q:a:json', 40),
  m('virtuoso', 'q:a:json', 1),
  m('ours', 'q:b:json', 8),
  m('comunica', 'q:b:json', 80),
  m('virtuoso', 'q:b:json', 16),
  m('ours', 'describe:ttl', 5),
  m('comunica', 'describe:ttl', 500),
  m('bare', 'deref:ttl', 1),
  m('ours', 'deref:ttl', 4),
];

const result: BenchResult = {
  started: '2000-01-01T00:00:00Z',
  finished: '2000-01-01T00:01:00Z',
  options: {},
  machine: { cpus: 2, node: '20', loadavg: [0, 0, 0] },
  datasets: [
    {
      name: 'd',
      quads: 10,
      units: 3,
      buildMs: 100,
      stages: { map: 50, validate: 30, dump: 20 },
      startupMs: { ours: 1000, bare: 100 },
      loadMs: {},
      notes: [],
    },
  ],
  measurements,
  notes: ['a <note> & more'],
};

describe('ratios', () => {
  it('compares SPARQL against ours and dereference against the bare ceiling', () => {
    expect(ratiosOf(measurements[1]!, measurements).median).toBe(20);
    expect(ratiosOf(measurements[0]!, measurements).median).toBe(1);
    const deref = ratiosOf(measurements[9]!, measurements);
    expect(deref.median).toBe(4);
    expect(deref.rps).toBeCloseTo(0.25, 10);
  });

  it('has no ratio without a baseline in the same dataset, work and concurrency', () => {
    expect(ratiosOf(m('comunica', 'q:a:json', 10, { concurrency: 1 }), measurements)).toEqual({});
  });

  it('takes the mix as the geometric mean over stored queries only', () => {
    expect(geometricMean([2, 8])).toBe(4);
    expect(geometricMean([])).toBeUndefined();
    const comunica = mixRatio(measurements, 'd', 'comunica', 16);
    expect(comunica.queries).toBe(2); // describe:ttl is not a stored query
    expect(comunica.median).toBeCloseTo(Math.sqrt(20 * 10), 10);
    expect(mixRatio(measurements, 'd', 'virtuoso', 16).median).toBeCloseTo(1, 10); // 0.5 and 2
  });

  it('checks the targets against the figures', () => {
    const targets = checkTargets(result);
    const comunica = targets.find((t) => t.target.includes('Comunica'))!;
    expect(comunica.met).toBe(true);
    const virtuoso = targets.find((t) => t.target.includes('Virtuoso'))!;
    expect(virtuoso.met).toBe(true);
    const deref = targets.find((t) => t.target.includes('dereference'))!;
    expect(deref.met).toBe(false);
    expect(targets.some((t) => t.target === STARTUP_TARGET)).toBe(false); // the article was not run
  });

  it('checks start-up on the article against 1.5× the bare server', () => {
    const article = (ours: number) => ({ ...result.datasets[0]!, name: 'anmc21', startupMs: { ours, bare: 100 } });
    const startup = (ours: number) =>
      checkTargets({ ...result, datasets: [article(ours)] }).find((t) => t.target === STARTUP_TARGET)!;
    expect(startup(150)).toMatchObject({ value: '1.50×', met: true });
    expect(startup(151)).toMatchObject({ value: '1.51×', met: false });
  });
});

describe('report files', () => {
  it('writes the Markdown with absolute figures and ratios', () => {
    const md = renderMarkdown(result);
    expect(md).toContain('| q:a:json | 16 | comunica | 3 | 40.0 | 40.0 | 25.0 | 20× | 20× |');
    expect(md).toContain('## Targets');
  });

  it('writes the start-up report with every launch, the medians and the ratio', () => {
    const md = renderStartupMarkdown({ ...result, startup: { oursMs: [300, 200, 250], bareMs: [90, 100, 110] } });
    expect(md).toContain('| ours | 300, 200, 250 | 250 |');
    expect(md).toContain('| bare | 90, 100, 110 | 100 |');
    expect(md).toContain(`| ${STARTUP_TARGET} | 2.50× | **missed** |`);
  });

  it('writes a well-formed SVG', () => {
    const svg = renderSvg(result);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(wellFormed(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(escapeXml('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });
});

/** Tags balance, attributes are quoted, text has no bare `<` or `&`. */
function wellFormed(xml: string): boolean {
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = token.exec(xml))) {
    end = token.lastIndex;
    const [, close, name, , selfClose, text] = match;
    if (text !== undefined) {
      if (/&(?!(lt|gt|amp|quot|apos);)/.test(text)) return false;
    } else if (close) {
      if (stack.pop() !== name) return false;
    } else if (!selfClose) stack.push(name!);
  }
  return end === xml.length && stack.length === 0;
}
