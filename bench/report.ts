// The bench's results: the data model, the ratio maths, the Markdown report and the SVG chart.
// Every latency figure is shown with its ratio to a baseline measured in the same run.

import { growthExponent, median, ratio, type Summary } from './stats.ts';
import type { QueryMode, WorkGroup } from './work.ts';
import type { PeerName } from './peers.ts';

export interface Measurement {
  dataset: string;
  work: string;
  label: string;
  group: WorkGroup;
  /** Part of the stored-query mix. */
  stored: boolean;
  /** Stored queries: the same text every request (repeated) or a new one each time (distinct). */
  mode?: QueryMode;
  /** The stored query's name (both modes share it). */
  name?: string;
  concurrency: number;
  peer: PeerName;
  summary: Summary;
  /** Completed responses per second over the measured slices. */
  rps: number;
  failures: number;
  failureStatus?: number;
  /** What a failed request said (status and the start of its body, or the connection error). */
  failureReason?: string;
  /** Mean body bytes of a response (a quick check that peers answer alike). */
  bytesPerResponse: number;
  /** Why a peer was not measured, or ran shortened. */
  note?: string;
}

export interface DatasetInfo {
  name: string;
  quads: number;
  /** Units of the synthetic generator (absent for the article). */
  units?: number;
  /** map/validate/dump, ms (synthetic) or the whole `npm run build` (article). */
  stages?: Record<string, number>;
  buildMs?: number;
  /** Launch to first answer, ms, per peer. */
  startupMs: Partial<Record<PeerName, number>>;
  /** Loading the dump, ms: `oxigraph` in-process, `virtuoso` bulk loader. */
  loadMs: Partial<Record<PeerName, number>>;
  /** Our server's RSS, bytes: with 1 and with 2 query workers (idle after start), and after the measurements. */
  rss?: { workers1?: number; workers2?: number; after?: number };
  /** Our caches under the distinct stored-query load (from /health before and after it). */
  cache?: CacheReport;
  notes: string[];
}

/** Our result cache and query-template cache across the distinct stored-query slices of a dataset. */
export interface CacheReport {
  /** Result cache lookups that hit / missed during the distinct slices. */
  resultHits: number;
  resultMisses: number;
  /** Result cache entries and bytes after them (bounded by sparql.cacheBytes). */
  resultEntries: number;
  resultBytes: number;
  /** Query-template lookups that hit / missed (a hit costs no parse). */
  templateHits: number;
  templateMisses: number;
  /** Our server's RSS before and after the distinct slices, bytes. */
  rssBefore?: number;
  rssAfter?: number;
}

export interface BenchResult {
  started: string;
  finished: string;
  options: Record<string, unknown>;
  machine: { cpus: number; node: string; loadavg: number[] };
  datasets: DatasetInfo[];
  measurements: Measurement[];
  /** `npm run build` (ms) and its baseline, a bare `node -e 0` start (ms). */
  build?: { buildMs: number; baselineMs: number };
  /** `--startup`: launch to first answer on the article, ms, per launch (alternating rounds). */
  startup?: { oursMs: number[]; bareMs: number[] };
  notes: string[];
}

/** The peer each group's ratios are against. */
export function baselineOf(group: WorkGroup): PeerName {
  return group === 'sparql' ? 'ours' : 'bare';
}

export interface Ratios {
  median?: number;
  p99?: number;
  /** Throughput of this peer divided by the baseline's. */
  rps?: number;
  /** Why there is no ratio: a side had failed requests (no ratio is taken from a failing slice). */
  failing?: string;
}

/** Ratios of a measurement against its baseline in the same dataset, work and concurrency. */
export function ratiosOf(m: Measurement, all: readonly Measurement[]): Ratios {
  const base = all.find(
    (x) =>
      x.dataset === m.dataset && x.work === m.work && x.concurrency === m.concurrency && x.peer === baselineOf(m.group),
  );
  if (m.failures > 0) return { failing: m.peer };
  if (base && base.failures > 0) return { failing: base.peer };
  if (!base || base.summary.n === 0 || m.summary.n === 0) return {};
  return {
    median: ratio(m.summary.median, base.summary.median),
    p99: ratio(m.summary.p99, base.summary.p99),
    rps: ratio(m.rps, base.rps),
  };
}

/** Geometric mean (NaN-free): the mix's typical ratio, so one outlier query cannot dominate. */
export function geometricMean(values: readonly number[]): number | undefined {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  if (ok.length === 0) return undefined;
  return Math.exp(ok.reduce((s, v) => s + Math.log(v), 0) / ok.length);
}

export interface Mix {
  median?: number;
  p99?: number;
  /** Throughput ratio (peer ÷ ours), geometric mean. */
  rps?: number;
  /** Stored queries in the mean. */
  queries: number;
  /** Stored queries the peer was measured on but did not answer in time (left out of the mean). */
  unanswered: number;
  /** Set when a side failed requests in any row of the mix: then there is no ratio. */
  failing?: string;
}

/**
 * The stored-query mix: geometric mean over stored queries (of one mode) of peer ÷ ours median latency.
 * A failed request on either side, in any of its rows, makes the whole mix failing: no ratio.
 */
export function mixRatio(
  all: readonly Measurement[],
  dataset: string,
  peer: PeerName,
  concurrency: number,
  mode: QueryMode = 'distinct',
): Mix {
  const slice = all.filter(
    (m) =>
      m.dataset === dataset &&
      m.stored &&
      (m.mode ?? 'repeated') === mode &&
      m.peer === peer &&
      m.concurrency === concurrency,
  );
  const failing = slice.map((m) => ratiosOf(m, all).failing).find((f) => f !== undefined);
  const rows = slice.filter((m) => m.summary.n > 0);
  const unanswered = slice.length - rows.length;
  if (failing) return { queries: rows.length, unanswered, failing };
  const rs = rows.map((m) => ratiosOf(m, all));
  return {
    median: geometricMean(rs.map((r) => r.median ?? Number.NaN)),
    p99: geometricMean(rs.map((r) => r.p99 ?? Number.NaN)),
    rps: geometricMean(rs.map((r) => r.rps ?? Number.NaN)),
    queries: rows.length,
    unanswered,
  };
}

export const fmt = {
  ms: (x: number | undefined) =>
    x === undefined || !Number.isFinite(x) ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2),
  ratio: (x: number | undefined) =>
    x === undefined || !Number.isFinite(x) ? '—' : `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`,
  int: (x: number | undefined) =>
    x === undefined || !Number.isFinite(x) ? '—' : Math.round(x).toLocaleString('en-US'),
  mb: (bytes: number | undefined) => (bytes === undefined ? '—' : `${(bytes / 2 ** 20).toFixed(0)} MiB`),
};

export interface TargetCheck {
  target: string;
  dataset: string;
  /** The measured figure (a ratio, a time, a size). */
  value: string;
  /** The figure against the target's bound (>1× beats a "≥" bound, <1× stays within a "<" bound). */
  ratio?: string;
  met: boolean | undefined;
  /** Why it is not met or not measured (e.g. a failing peer). */
  note?: string;
}

export const STARTUP_TARGET = 'start-up to first answer ≤ 1.5× a bare `node -e` HTTP server';
export const TARGETS = {
  floor: 'c1 median ≤ in-process Oxigraph + 0.2 ms, every stored query (distinct)',
  throughput: 'c16 throughput ≥ 1.5× in-process Oxigraph at c1 (distinct, each stored query)',
  virtuoso: (c: number) => `stored-query mix ≥ 3× faster than Virtuoso (distinct, c${c}, median)`,
  comunica: (c: number) => `stored-query mix ≥ 10× faster than Comunica (distinct, c${c}, median)`,
  cachedVirtuoso: 'cached: repeated stored-query mix no slower than Virtuoso (c16, median)',
  cachedComunica: 'cached: repeated stored-query mix ≥ 10× faster than Comunica (c16, median)',
  deref: 'dereference (Turtle) ≥ ½ the bare node:http ceiling sending the same bytes (c16 req/s)',
  build: 'build (map → validate → dumps) < 30 s',
  startup: 'start-up to first answer < 10 s',
  rss: 'RSS per query worker < 700 MB',
} as const;

/** The synthetic dataset a size-bound target speaks of (within 5 % of the size), if it was measured. */
function datasetFor(r: BenchResult, quads: number): DatasetInfo | undefined {
  return r.datasets.find((d) => d.units !== undefined && Math.abs(d.quads - quads) / quads < 0.05);
}

/** A stored query's rows in one dataset, mode, peer and concurrency. */
function storedRows(
  all: readonly Measurement[],
  dataset: string,
  peer: PeerName,
  concurrency: number,
  mode: QueryMode,
): Measurement[] {
  return all.filter(
    (m) =>
      m.dataset === dataset &&
      m.stored &&
      (m.mode ?? 'repeated') === mode &&
      m.peer === peer &&
      m.concurrency === concurrency,
  );
}

/** Per stored query (distinct), ours at c1 against in-process Oxigraph at c1: the difference of medians. */
export function floorRows(all: readonly Measurement[], dataset: string) {
  return storedRows(all, dataset, 'ours', 1, 'distinct').map((ours) => {
    const engine = all.find(
      (m) => m.dataset === dataset && m.work === ours.work && m.peer === 'oxigraph' && m.concurrency === 1,
    );
    const ok = ours.failures === 0 && ours.summary.n > 0 && engine !== undefined && engine.summary.n > 0;
    return {
      label: ours.label,
      ours: ours.summary.median,
      engine: engine?.summary.median,
      diff: ok ? ours.summary.median - engine!.summary.median : undefined,
      ratio: ok ? ratio(ours.summary.median, engine!.summary.median) : undefined,
      failing: ours.failures > 0 ? (ours.failureReason ?? `${ours.failures} failed`) : undefined,
    };
  });
}

/** Per stored query (distinct), our c16 throughput against in-process Oxigraph's at c1. */
export function throughputRows(all: readonly Measurement[], dataset: string) {
  return storedRows(all, dataset, 'ours', 16, 'distinct').map((ours) => {
    const engine = all.find(
      (m) => m.dataset === dataset && m.work === ours.work && m.peer === 'oxigraph' && m.concurrency === 1,
    );
    // Fewer answers than requests in flight: every answer waited behind the queue the slice started
    // with, so the slice ended before a steady rate was reached (a query of ~0.4 s at c16 on two
    // workers waits ~3 s): no throughput is read from it.
    const short = ours.failures === 0 && ours.summary.n < ours.concurrency;
    const ok = ours.failures === 0 && !short && engine !== undefined && engine.rps > 0;
    return {
      label: ours.label,
      ours: ours.rps,
      engine: engine?.rps,
      ratio: ok ? ours.rps / engine!.rps : undefined,
      failing: ours.failures > 0 ? (ours.failureReason ?? `${ours.failures} failed`) : undefined,
      short: short ? `${ours.summary.n} answered, ${ours.concurrency} in flight: slice too short` : undefined,
    };
  });
}

/** The issue's targets against this run's figures; `met` undefined when not measured. */
export function checkTargets(r: BenchResult): TargetCheck[] {
  const out: TargetCheck[] = [];
  const m = r.measurements;
  const notMeasured = (target: string, dataset = '—', note?: string) =>
    out.push({ target, dataset, value: '—', met: undefined, ...(note ? { note } : {}) });

  // Our HTTP path against the engine alone (100k).
  const mid = datasetFor(r, 100_000);
  if (!mid) {
    notMeasured(TARGETS.floor, '100k');
    notMeasured(TARGETS.throughput, '100k');
  } else {
    /**
     * A target over per-query rows against the engine: failing when a row fails, not measured when no
     * row has a figure, else what `judge` makes of the rows that have one.
     */
    const engineTarget = <R extends { label: string; failing?: string }>(
      target: string,
      rows: R[],
      hasFigure: (row: R) => boolean,
      judge: (measured: R[]) => Pick<TargetCheck, 'value' | 'ratio' | 'met' | 'note'>,
    ) => {
      const failing = rows.find((x) => x.failing);
      const measured = rows.filter(hasFigure);
      if (failing)
        out.push({
          target,
          dataset: mid.name,
          value: 'failing',
          met: false,
          note: `${failing.label}: ${failing.failing}`,
        });
      else if (measured.length === 0) notMeasured(target, mid.name);
      else {
        const judged = judge(measured);
        // A row without a figure (and not failing) leaves the target unmet.
        out.push({ target, dataset: mid.name, ...judged, met: judged.met && measured.length === rows.length });
      }
    };
    engineTarget(
      TARGETS.floor,
      floorRows(m, mid.name),
      (x) => x.diff !== undefined,
      (measured) => {
        const worst = measured.reduce((a, b) => (b.diff! > a.diff! ? b : a));
        const within = measured.filter((x) => x.diff! <= 0.2).length;
        return {
          value: `worst ${signed(worst.diff!)} ms (${worst.label}); ${within} of ${measured.length} within`,
          ratio: `worst ${fmt.ratio(worst.ratio)} of the engine's median`,
          met: within === measured.length,
        };
      },
    );
    const throughput = throughputRows(m, mid.name);
    const short = throughput.filter((x) => x.short).map((x) => `${x.label}: ${x.short}`);
    engineTarget(
      TARGETS.throughput,
      throughput,
      (x) => x.ratio !== undefined,
      (measured) => {
        const worst = measured.reduce((a, b) => (b.ratio! < a.ratio! ? b : a));
        const mean = geometricMean(measured.map((x) => x.ratio!));
        return {
          value: `mix ${fmt.ratio(mean)}; worst ${fmt.ratio(worst.ratio)} (${worst.label})`,
          ratio: fmt.ratio(worst.ratio! / 1.5),
          met: worst.ratio! >= 1.5,
          ...(short.length ? { note: short.join('; ') } : {}),
        };
      },
    );
  }

  // Against the peers, distinct queries, every dataset.
  const peerTarget = (target: string, ds: string, peer: PeerName, c: number, mode: QueryMode, bound: number) => {
    const mix = mixRatio(m, ds, peer, c, mode);
    if (mix.failing) {
      const row = storedRows(m, ds, mix.failing as PeerName, c, mode).find((x) => x.failures > 0);
      out.push({
        target,
        dataset: ds,
        value: `${mix.failing} failing`,
        met: mix.failing === 'ours' ? false : undefined,
        note: row
          ? `${row.label}: ${row.failures} failed; ${row.failureReason ?? `HTTP ${row.failureStatus ?? '?'}`}`
          : undefined,
      });
      return;
    }
    if (mix.median === undefined) return notMeasured(target, ds);
    out.push({
      target,
      dataset: ds,
      value: `${fmt.ratio(mix.median)} (p99 ${fmt.ratio(mix.p99)})`,
      ratio: fmt.ratio(mix.median / bound),
      met: mix.median >= bound && mix.unanswered === 0,
      ...(mix.unanswered
        ? { note: `${mix.unanswered} stored queries not answered in time by ${peer}, left out of the mean` }
        : {}),
    });
  };
  for (const ds of r.datasets) {
    for (const c of [1, 16]) peerTarget(TARGETS.virtuoso(c), ds.name, 'virtuoso', c, 'distinct', 3);
    for (const c of [1, 16]) peerTarget(TARGETS.comunica(c), ds.name, 'comunica', c, 'distinct', 10);
  }
  for (const ds of r.datasets) {
    peerTarget(TARGETS.cachedVirtuoso, ds.name, 'virtuoso', 16, 'repeated', 1);
    peerTarget(TARGETS.cachedComunica, ds.name, 'comunica', 16, 'repeated', 10);
  }
  for (const ds of r.datasets) {
    const deref = m.find(
      (x) => x.dataset === ds.name && x.work === 'deref:ttl' && x.peer === 'ours' && x.concurrency === 16,
    );
    if (!deref) continue;
    const q = ratiosOf(deref, m);
    out.push({
      target: TARGETS.deref,
      dataset: ds.name,
      value: q.failing ? `${q.failing} failing` : fmt.ratio(q.rps),
      ratio: q.rps === undefined ? undefined : fmt.ratio(q.rps / 0.5),
      met: q.failing ? false : q.rps === undefined ? undefined : q.rps >= 0.5,
    });
  }

  // A million quads.
  const big = datasetFor(r, 1_000_000);
  if (!big) {
    for (const t of [TARGETS.build, TARGETS.startup, TARGETS.rss]) notMeasured(t, '1M');
  } else {
    const within = (target: string, value: number | undefined, bound: number, show: (v: number) => string) =>
      out.push({
        target,
        dataset: big.name,
        value: value === undefined ? '—' : show(value),
        ratio: value === undefined ? undefined : fmt.ratio(value / bound),
        met: value === undefined ? undefined : value < bound,
      });
    within(TARGETS.build, big.buildMs, 30_000, (v) => `${(v / 1000).toFixed(1)} s`);
    within(TARGETS.startup, big.startupMs.ours, 10_000, (v) => `${(v / 1000).toFixed(1)} s`);
    within(TARGETS.rss, perWorker(big), 700e6, (v) => fmt.mb(v));
  }

  const article = r.datasets.find((d) => d.name === 'anmc21');
  if (article) {
    const startup = ratio(article.startupMs.ours, article.startupMs.bare);
    out.push({
      target: STARTUP_TARGET,
      dataset: article.name,
      value: fmt.ratio(startup),
      ratio: startup === undefined ? undefined : fmt.ratio(startup / 1.5),
      met: startup === undefined || !Number.isFinite(startup) ? undefined : startup <= 1.5,
    });
  }
  return out;
}

/** RSS of one more query worker: with two workers less with one, bytes. */
export function perWorker(d: DatasetInfo): number | undefined {
  return d.rss?.workers2 !== undefined && d.rss.workers1 !== undefined ? d.rss.workers2 - d.rss.workers1 : undefined;
}

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${fmt.ms(Math.abs(ms))}`;

const mark = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : '**missed**');

/** The Markdown report (bench/results/latest.md). */
export function renderMarkdown(r: BenchResult, chartFile = 'latest.svg'): string {
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Run ${r.started} → ${r.finished || '(not finished)'} on ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average at start ${r.machine.loadavg.map((x) => x.toFixed(2)).join(' ')}.`,
  );
  lines.push(`Options: \`${JSON.stringify(r.options)}\`.`, '');

  lines.push('## Targets', '');
  lines.push(
    'All from this run. Stored queries are measured twice: **repeated** (the same text every request, so our result cache answers all but the first) and **distinct** (every request a new text of the same shape, cost and result, so no cache can answer); the query targets use the distinct rows. A peer with failed requests is reported as failing: no ratio is taken from a slice with failures.',
    '',
  );
  lines.push('| target | dataset | this run | vs the target | | note |', '|---|---|---|---|---|---|');
  for (const t of checkTargets(r))
    lines.push(`| ${t.target} | ${t.dataset} | ${t.value} | ${t.ratio ?? '—'} | ${mark(t.met)} | ${t.note ?? ''} |`);
  lines.push('');

  const mid = datasetFor(r, 100_000);
  if (mid) {
    const floor = floorRows(r.measurements, mid.name);
    const tp = throughputRows(r.measurements, mid.name);
    if (floor.length || tp.length) {
      lines.push(`### Our HTTP path against the engine alone (${mid.name}, distinct)`, '');
      lines.push(
        '| stored query | ours c1 median ms | in-process c1 median ms | difference ms | ours c16 req/s | in-process c1 req/s | × throughput |',
        '|---|---|---|---|---|---|---|',
      );
      for (const f of floor) {
        const t = tp.find((x) => x.label === f.label);
        lines.push(
          `| ${f.label} | ${fmt.ms(f.ours)} | ${fmt.ms(f.engine)} | ${f.diff === undefined ? (f.failing ? 'failing' : '—') : signed(f.diff)} | ${t ? t.ours.toFixed(0) : '—'} | ${t?.engine !== undefined ? t.engine.toFixed(0) : '—'} | ${t?.ratio !== undefined ? fmt.ratio(t.ratio) : t?.failing ? 'failing' : t?.short ? `— (${t.short})` : '—'} |`,
        );
      }
      lines.push('');
    }
  }
  lines.push(
    'Ratios: SPARQL rows against **ours** (our HTTP endpoint; >1× = slower than ours, Oxigraph in-process <1× = the floor); ' +
      'dereference and dump rows against the **bare node:http** ceiling (req/s ratio: ours ÷ bare), which sends the same body: our answer to the same request for dereference (runs before 2026-11-30 18:40 UTC had it send a fixed 329-byte body against our 16–28 KB), the same dump file. Latencies in ms; medians and p99 over all alternating rounds, warm-up excluded.',
    '',
  );
  lines.push(`![chart](${chartFile})`, '');

  lines.push('## Build, load and memory by size', '');
  lines.push(
    '| dataset | quads | build ms (map / validate / dump) | build µs per quad | our start to first answer ms (× bare) | Oxigraph load ms | Virtuoso start / bulk load ms | Comunica start ms | RSS, 1 worker | RSS, 2 workers | per worker | RSS after the run |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const d of r.datasets) {
    const st = d.stages ?? {};
    const stages =
      d.units !== undefined
        ? `${fmt.int(d.buildMs)} (${fmt.int(st.map)} / ${fmt.int(st.validate)} / ${fmt.int(st.dump)})`
        : `${fmt.int(d.buildMs)} (npm run build)`;
    const perQuad = d.buildMs !== undefined ? ((d.buildMs * 1000) / d.quads).toFixed(1) : '—';
    const start = `${fmt.int(d.startupMs.ours)} (${fmt.ratio(ratio(d.startupMs.ours, d.startupMs.bare))})`;
    lines.push(
      `| ${d.name} | ${fmt.int(d.quads)} | ${stages} | ${perQuad} | ${start} | ${fmt.int(d.loadMs.oxigraph)} | ${fmt.int(d.startupMs.virtuoso)} / ${fmt.int(d.loadMs.virtuoso)} | ${fmt.int(d.startupMs.comunica)} | ${fmt.mb(d.rss?.workers1)} | ${fmt.mb(d.rss?.workers2)} | ${fmt.mb(perWorker(d))} | ${fmt.mb(d.rss?.after)} |`,
    );
  }
  const synthetic = r.datasets.filter((d) => d.units !== undefined);
  if (synthetic.length >= 2) {
    const exp = (cost: (d: DatasetInfo) => number | undefined) =>
      growthExponent(synthetic.map((d) => ({ size: d.quads, cost: cost(d) ?? 0 })));
    const e = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
    const span = `${synthetic[0]!.name} to ${synthetic.at(-1)!.name}`;
    lines.push('', `Growth with size, ${span} (log–log slope of cost over quads; 1.00 = linear):`, '');
    lines.push(
      '| build | map | validate | dump | our start-up | RSS per worker | Oxigraph load | Virtuoso bulk load |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    lines.push(
      `| ${e(exp((d) => d.buildMs))} | ${e(exp((d) => d.stages?.map))} | ${e(exp((d) => d.stages?.validate))} | ${e(exp((d) => d.stages?.dump))} | ${e(exp((d) => d.startupMs.ours))} | ${e(exp(perWorker))} | ${e(exp((d) => d.loadMs.oxigraph))} | ${e(exp((d) => d.loadMs.virtuoso))} |`,
    );
  }
  if (r.build) {
    lines.push(
      '',
      `\`npm run build\` (the article): ${fmt.int(r.build.buildMs)} ms; a bare \`node -e 0\` start: ${fmt.int(r.build.baselineMs)} ms (${fmt.ratio(ratio(r.build.buildMs, r.build.baselineMs))}).`,
    );
  }
  lines.push('');

  const cached = r.datasets.filter((d) => d.cache);
  if (cached.length) {
    lines.push('## Our caches under distinct load', '');
    lines.push(
      'Over the distinct stored-query slices of each dataset (from `/health` before and after): every request is a new text, so the result cache should miss and the template cache (a known query shape needs no parse) should hit.',
      '',
    );
    lines.push(
      '| dataset | result cache hits / misses | hit rate | result cache entries, bytes after | template hits / misses | RSS before → after |',
      '|---|---|---|---|---|---|',
    );
    for (const d of cached) {
      const c = d.cache!;
      const rate = c.resultHits + c.resultMisses ? (100 * c.resultHits) / (c.resultHits + c.resultMisses) : undefined;
      lines.push(
        `| ${d.name} | ${fmt.int(c.resultHits)} / ${fmt.int(c.resultMisses)} | ${rate === undefined ? '—' : `${rate.toFixed(1)} %`} | ${fmt.int(c.resultEntries)}, ${fmt.mb(c.resultBytes)} | ${fmt.int(c.templateHits)} / ${fmt.int(c.templateMisses)} | ${fmt.mb(c.rssBefore)} → ${fmt.mb(c.rssAfter)} |`,
      );
    }
    lines.push('');
  }

  lines.push('## Stored-query mix (geometric mean of per-query median ratios, peer ÷ ours)', '');
  lines.push(
    '| dataset | c | Oxigraph in-process, repeated | distinct | Comunica, repeated | distinct | Virtuoso, repeated | distinct |',
    '|---|---|---|---|---|---|---|---|',
  );
  const cell = (x: Mix) =>
    x.failing ? `failing (${x.failing})` : x.queries ? `${fmt.ratio(x.median)} (p99 ${fmt.ratio(x.p99)})` : '—';
  for (const d of r.datasets) {
    for (const c of [1, 16]) {
      const both = (p: PeerName) =>
        `${cell(mixRatio(r.measurements, d.name, p, c, 'repeated'))} | ${cell(mixRatio(r.measurements, d.name, p, c, 'distinct'))}`;
      lines.push(`| ${d.name} | ${c} | ${both('oxigraph')} | ${both('comunica')} | ${both('virtuoso')} |`);
    }
  }
  lines.push('');

  for (const d of r.datasets) {
    lines.push(`## ${d.name}: every measurement`, '');
    const rows = r.measurements.filter((x) => x.dataset === d.name);
    const stored = rows.filter((x) => x.stored);
    if (stored.length) {
      lines.push('Stored queries, repeated and distinct side by side:', '');
      lines.push(
        '| stored query | c | peer | repeated n | median ms | p99 ms | req/s | × median | distinct n | median ms | p99 ms | req/s | × median | bytes/resp | note |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      );
      const keys = [
        ...new Set(stored.map((x) => `${x.name}\u0000${x.work.split(':')[2]}\u0000${x.concurrency}\u0000${x.peer}`)),
      ];
      for (const key of keys) {
        const [name, format, c, peer] = key.split('\u0000');
        const pick = (mode: QueryMode) =>
          stored.find(
            (x) =>
              x.name === name &&
              x.work.split(':')[2] === format &&
              String(x.concurrency) === c &&
              x.peer === peer &&
              (x.mode ?? 'repeated') === mode,
          );
        const [rep, dis] = [pick('repeated'), pick('distinct')];
        const part = (x: Measurement | undefined) => {
          if (!x) return '— | — | — | — | —';
          const q = ratiosOf(x, r.measurements);
          const times = q.failing ? 'failing' : fmt.ratio(q.median);
          return `${x.summary.n} | ${fmt.ms(x.summary.median)} | ${fmt.ms(x.summary.p99)} | ${x.rps.toFixed(1)} | ${times}`;
        };
        const notes = [rep, dis].flatMap((x) => (x ? noteOf(x) : [])).filter(Boolean);
        lines.push(
          `| ${name} (${format!.toUpperCase()}) | ${c} | ${peer} | ${part(rep)} | ${part(dis)} | ${fmt.int((dis ?? rep)?.bytesPerResponse)} | ${notes.join('; ')} |`,
        );
      }
      lines.push('');
    }
    const other = rows.filter((x) => !x.stored);
    if (other.length) {
      lines.push(
        '| work | c | peer | n | median ms | p99 ms | req/s | × median | × p99 | × req/s | bytes/resp | note |',
      );
      lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
      for (const x of other) {
        const q = ratiosOf(x, r.measurements);
        const times = (v: number | undefined) => (q.failing ? 'failing' : fmt.ratio(v));
        lines.push(
          `| ${x.label} | ${x.concurrency} | ${x.peer} | ${x.summary.n} | ${fmt.ms(x.summary.median)} | ${fmt.ms(x.summary.p99)} | ${x.rps.toFixed(1)} | ${times(q.median)} | ${times(q.p99)} | ${times(q.rps)} | ${fmt.int(x.bytesPerResponse)} | ${noteOf(x)} |`,
        );
      }
    }
    if (d.notes.length) lines.push('', ...d.notes.map((n) => `- ${n}`));
    lines.push('');
  }
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
}

/** A row's note and its failures, with what the failing requests said. */
function noteOf(m: Measurement): string {
  const fail = m.failures
    ? `${m.peer}: ${m.failures} failed${m.failureReason ? ` (${m.failureReason})` : m.failureStatus ? ` (HTTP ${m.failureStatus})` : ''}`
    : '';
  return [m.note, fail].filter(Boolean).join('; ');
}

/** The `--startup` report (bench/results/startup.md): every launch, the medians and their ratio. */
export function renderStartupMarkdown(r: BenchResult): string {
  const { oursMs = [], bareMs = [] } = r.startup ?? {};
  const [ours, bare] = [median(oursMs), median(bareMs)];
  const x = ratio(ours, bare);
  return [
    '# Start-up to first answer (the article)',
    '',
    `Run ${r.started} → ${r.finished} on ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average at start ${r.machine.loadavg.map((v) => v.toFixed(2)).join(' ')}.`,
    '',
    'Launch to the first 2xx answer, polled every 5 ms, in alternating rounds. **ours**: `node bin/anmc21.js serve` ' +
      'with dist/ already built (compiled JavaScript, two query workers), answering a SPARQL `ASK {}` (so the workers ' +
      'have loaded the dataset); **bare**: `node -e` running bench/peers/bare-http.cjs, answering `GET /`.',
    '',
    '| | launches (ms) | median ms |',
    '|---|---|---|',
    `| ours | ${oursMs.map((v) => fmt.int(v)).join(', ')} | ${fmt.int(ours)} |`,
    `| bare | ${bareMs.map((v) => fmt.int(v)).join(', ')} | ${fmt.int(bare)} |`,
    '',
    `| target | this run | |`,
    '|---|---|---|',
    `| ${STARTUP_TARGET} | ${fmt.ratio(x)} | ${mark(x === undefined || !Number.isFinite(x) ? undefined : x <= 1.5)} |`,
    '',
    ...(r.notes.length ? ['## Notes', '', ...r.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

export function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

const COLORS: Partial<Record<PeerName, string>> = {
  oxigraph: '#8c8c8c',
  ours: '#1f77b4',
  comunica: '#d62728',
  virtuoso: '#2ca02c',
};

/**
 * A grouped bar chart: per dataset and concurrency, the stored-query mix's median latency ratio
 * (peer ÷ ours) on a log scale; ours is the 1× line.
 */
export function renderSvg(r: BenchResult): string {
  const peers: PeerName[] = ['oxigraph', 'comunica', 'virtuoso'];
  const groups: { label: string; values: { peer: PeerName; value?: number }[] }[] = [];
  for (const d of r.datasets) {
    for (const c of [1, 16]) {
      groups.push({
        label: `${d.name} c${c}`,
        values: peers.map((p) => ({ peer: p, value: mixRatio(r.measurements, d.name, p, c).median })),
      });
    }
  }
  const all = groups.flatMap((g) => g.values.map((v) => v.value)).filter((v): v is number => v !== undefined && v > 0);
  const lo = Math.floor(Math.log10(Math.min(0.1, ...all)));
  const hi = Math.ceil(Math.log10(Math.max(10, ...all)));
  const [left, top, barH, gap, width] = [150, 40, 12, 14, 520];
  const rowH = peers.length * barH + gap;
  const height = top + groups.length * rowH + 50;
  const x = (v: number) => left + ((Math.log10(v) - lo) / (hi - lo)) * width;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 140}" height="${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<title>${escapeXml('Stored-query mix: median latency, peer ÷ ours (log scale)')}</title>`);
  out.push(
    `<text x="${left}" y="20" font-size="13">${escapeXml('Stored-query mix: median latency ratio, peer ÷ ours (log scale; <1 faster than ours)')}</text>`,
  );
  for (let e = lo; e <= hi; e++) {
    const xe = x(10 ** e).toFixed(1);
    out.push(`<line x1="${xe}" y1="${top - 5}" x2="${xe}" y2="${height - 40}" stroke="${e === 0 ? '#000' : '#ddd'}"/>`);
    out.push(
      `<text x="${xe}" y="${height - 25}" text-anchor="middle">${escapeXml(`${10 ** e >= 1 ? 10 ** e : (10 ** e).toFixed(-e)}×`)}</text>`,
    );
  }
  groups.forEach((g, i) => {
    const y0 = top + i * rowH;
    out.push(
      `<text x="${left - 8}" y="${(y0 + (peers.length * barH) / 2 + 4).toFixed(1)}" text-anchor="end">${escapeXml(g.label)}</text>`,
    );
    g.values.forEach((v, k) => {
      const y = y0 + k * barH;
      if (v.value === undefined || !(v.value > 0)) {
        out.push(
          `<text x="${left + 4}" y="${y + barH - 2}" fill="#999">${escapeXml(`${v.peer}: not measured`)}</text>`,
        );
        return;
      }
      const [a, b] = [x(Math.min(1, v.value)), x(Math.max(1, v.value))];
      out.push(
        `<rect x="${a.toFixed(1)}" y="${y}" width="${Math.max(1, b - a).toFixed(1)}" height="${barH - 2}" fill="${COLORS[v.peer]}"><title>${escapeXml(`${v.peer} ${g.label}: ${fmt.ratio(v.value)}`)}</title></rect>`,
      );
      out.push(
        `<text x="${(b + 4).toFixed(1)}" y="${y + barH - 3}">${escapeXml(`${v.peer} ${fmt.ratio(v.value)}`)}</text>`,
      );
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
