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
  TARGETS,
  throughputRows,
  type BenchResult,
  type Measurement,
} from '../../bench/report.ts';
import { summarize } from '../../bench/stats.ts';
import type { PeerName } from '../../bench/peers.ts';

function m(peer: PeerName, work: string, median: number, options: Partial<Measurement> = {}): Measurement {
  const samples = [median, median, median];
  const stored = work.startsWith('q:');
  return {
    dataset: 'd',
    work,
    label: work,
    group: work.startsWith('deref') ? 'deref' : 'sparql',
    stored,
    ...(stored ? { mode: work.endsWith(':distinct') ? 'distinct' : 'repeated', name: work.split(':')[1] } : {}),
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
  // Distinct: Virtuoso 3× and 6× slower; Comunica fails one query.
  m('ours', 'q:a:json:distinct', 4),
  m('virtuoso', 'q:a:json:distinct', 12),
  m('comunica', 'q:a:json:distinct', 100, { failures: 5, failureStatus: 500, failureReason: 'HTTP 500: boom' }),
  m('ours', 'q:b:json:distinct', 10),
  m('virtuoso', 'q:b:json:distinct', 60),
  m('comunica', 'q:b:json:distinct', 900),
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

  it('takes the mix as the geometric mean over stored queries of one mode only', () => {
    expect(geometricMean([2, 8])).toBe(4);
    expect(geometricMean([])).toBeUndefined();
    const comunica = mixRatio(measurements, 'd', 'comunica', 16, 'repeated');
    expect(comunica.queries).toBe(2); // describe:ttl is not a stored query
    expect(comunica.median).toBeCloseTo(Math.sqrt(20 * 10), 10);
    expect(mixRatio(measurements, 'd', 'virtuoso', 16, 'repeated').median).toBeCloseTo(1, 10); // 0.5 and 2
    expect(mixRatio(measurements, 'd', 'virtuoso', 16).median).toBeCloseTo(Math.sqrt(3 * 6), 10); // distinct
  });

  it('takes no ratio from a slice with failures, and no mix from a peer failing any query', () => {
    const failing = measurements.find((x) => x.peer === 'comunica' && x.work === 'q:a:json:distinct')!;
    expect(ratiosOf(failing, measurements)).toEqual({ failing: 'comunica' });
    const mix = mixRatio(measurements, 'd', 'comunica', 16);
    expect(mix.failing).toBe('comunica');
    expect(mix.median).toBeUndefined();
    // Ours failing takes every peer's ratio on that query.
    const oursFailing = measurements.map((x) =>
      x.peer === 'ours' && x.work === 'q:b:json:distinct' ? { ...x, failures: 1 } : x,
    );
    expect(mixRatio(oursFailing, 'd', 'virtuoso', 16).failing).toBe('ours');
  });

  it('checks the targets against the distinct figures, and names a failing peer', () => {
    const targets = checkTargets(result);
    const virtuoso = targets.find((t) => t.target === TARGETS.virtuoso(16))!;
    expect(virtuoso).toMatchObject({ met: true, value: '4.24× (p99 4.24×)', ratio: '1.41×' });
    const comunica = targets.find((t) => t.target === TARGETS.comunica(16))!;
    expect(comunica).toMatchObject({ value: 'comunica failing', met: undefined });
    expect(comunica.note).toContain('HTTP 500: boom');
    expect(targets.find((t) => t.target === TARGETS.cachedComunica)!.met).toBe(true);
    expect(targets.find((t) => t.target === TARGETS.deref)!.met).toBe(false);
    // Size-bound targets speak of 100k and 1M only: not measured on a tiny dataset.
    expect(targets.find((t) => t.target === TARGETS.build)).toMatchObject({ dataset: '1M', met: undefined });
    expect(targets.some((t) => t.target === STARTUP_TARGET)).toBe(false); // the article was not run
  });

  it('checks our HTTP path against the engine at 100k, query by query', () => {
    const at100k = (oursMs: number, engineMs: number, oursRps: number, engineRps: number): BenchResult => ({
      ...result,
      datasets: [{ ...result.datasets[0]!, name: '100k', quads: 100_000 }],
      measurements: [
        m('ours', 'q:a:json:distinct', oursMs, { dataset: '100k', concurrency: 1 }),
        m('oxigraph', 'q:a:json:distinct', engineMs, { dataset: '100k', concurrency: 1, rps: engineRps }),
        m('ours', 'q:a:json:distinct', oursMs, {
          dataset: '100k',
          concurrency: 16,
          rps: oursRps,
          summary: answered(16),
        }),
      ],
    });
    /** A c16 slice's latencies: `n` answers. */
    const answered = (n: number) => summarize(new Array<number>(n).fill(1));
    const floor = (r: BenchResult) => checkTargets(r).find((t) => t.target === TARGETS.floor)!;
    const throughput = (r: BenchResult) => checkTargets(r).find((t) => t.target === TARGETS.throughput)!;
    expect(floor(at100k(0.5, 0.35, 3000, 2000)).met).toBe(true);
    expect(floor(at100k(0.6, 0.35, 3000, 2000))).toMatchObject({ met: false, value: expect.stringContaining('+0.25') });
    expect(throughput(at100k(0.5, 0.35, 3000, 2000)).met).toBe(true);
    expect(throughput(at100k(0.5, 0.35, 2900, 2000)).met).toBe(false);
    // A failing row of ours makes both targets fail, with the reason; a query the engine lacks leaves them unmet.
    const failing = at100k(0.5, 0.35, 3000, 2000);
    failing.measurements = failing.measurements.map((x) =>
      x.peer === 'ours' ? { ...x, failures: 2, failureReason: 'HTTP 503: busy' } : x,
    );
    expect(floor(failing)).toMatchObject({ value: 'failing', met: false, note: expect.stringContaining('503') });
    expect(throughput(failing)).toMatchObject({ value: 'failing', met: false });
    const partial = at100k(0.5, 0.35, 3000, 2000);
    partial.measurements.push(
      m('ours', 'q:b:json:distinct', 0.5, { dataset: '100k', concurrency: 1 }),
      m('ours', 'q:b:json:distinct', 0.5, { dataset: '100k', concurrency: 16, rps: 3000 }),
    );
    expect(floor(partial)).toMatchObject({ met: false, value: expect.stringContaining('1 of 1 within') });
    expect(throughput(partial).met).toBe(false);
    // A c16 slice that ended with fewer answers than requests in flight gives no throughput.
    const short = at100k(0.5, 0.35, 3000, 2000);
    short.measurements = short.measurements.map((x) => (x.concurrency === 16 ? { ...x, summary: answered(15) } : x));
    expect(throughputRows(short.measurements, '100k')[0]).toMatchObject({
      ratio: undefined,
      short: expect.any(String),
    });
    expect(throughput(short)).toMatchObject({ value: '—', met: undefined });
    const oneShort = at100k(0.5, 0.35, 3000, 2000);
    oneShort.measurements.push(
      m('ours', 'q:b:json:distinct', 0.5, { dataset: '100k', concurrency: 1 }),
      m('oxigraph', 'q:b:json:distinct', 0.4, { dataset: '100k', concurrency: 1, rps: 2 }),
      m('ours', 'q:b:json:distinct', 900, { dataset: '100k', concurrency: 16, rps: 0, summary: answered(0) }),
    );
    expect(throughput(oneShort)).toMatchObject({
      met: false,
      note: expect.stringContaining('0 answered, 16 in flight'),
    });
    expect(renderMarkdown(oneShort)).toContain('— (0 answered, 16 in flight');
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
  it('writes the Markdown: the targets first, then repeated and distinct rows side by side', () => {
    const md = renderMarkdown(result);
    expect(md.indexOf('## Targets')).toBeLessThan(md.indexOf('## Build'));
    expect(md).toContain(
      '| a (JSON) | 16 | comunica | 3 | 40.0 | 40.0 | 25.0 | 20× | 3 | 100 | 100 | 10.0 | failing |',
    );
    expect(md).toContain('comunica: 5 failed (HTTP 500: boom)');
    expect(md).toContain('| describe:ttl | 16 | comunica | 3 | 500 | 500 | 2.0 | 100× | 100× |');
  });

  it('marks a run that has not reached its end (written after each dataset)', () => {
    expect(renderMarkdown({ ...result, finished: '' })).toContain(`Run ${result.started} → (not finished) on`);
    expect(renderMarkdown(result)).toContain(`Run ${result.started} → ${result.finished} on`);
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
