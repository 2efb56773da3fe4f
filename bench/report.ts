// The bench's results: the data model, the ratio maths, the Markdown report and the SVG chart.
// Every latency figure is shown with its ratio to a baseline measured in the same run.

import { growthExponent, median, ratio, type Summary } from './stats.ts';
import type { WorkGroup } from './work.ts';
import type { PeerName } from './peers.ts';

export interface Measurement {
  dataset: string;
  work: string;
  label: string;
  group: WorkGroup;
  /** Part of the stored-query mix. */
  stored: boolean;
  concurrency: number;
  peer: PeerName;
  summary: Summary;
  /** Completed responses per second over the measured slices. */
  rps: number;
  failures: number;
  failureStatus?: number;
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
  /** Our server's RSS, bytes: with 1 and with 2 query workers. */
  rss?: { workers1?: number; workers2?: number };
  notes: string[];
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
}

/** Ratios of a measurement against its baseline in the same dataset, work and concurrency. */
export function ratiosOf(m: Measurement, all: readonly Measurement[]): Ratios {
  const base = all.find(
    (x) =>
      x.dataset === m.dataset && x.work === m.work && x.concurrency === m.concurrency && x.peer === baselineOf(m.group),
  );
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

/** The stored-query mix: geometric mean over stored queries of peer/ours median latency. */
export function mixRatio(
  all: readonly Measurement[],
  dataset: string,
  peer: PeerName,
  concurrency: number,
): { median?: number; p99?: number; queries: number } {
  const rows = all.filter(
    (m) => m.dataset === dataset && m.stored && m.peer === peer && m.concurrency === concurrency && m.summary.n > 0,
  );
  const rs = rows.map((m) => ratiosOf(m, all));
  return {
    median: geometricMean(rs.map((r) => r.median ?? Number.NaN)),
    p99: geometricMean(rs.map((r) => r.p99 ?? Number.NaN)),
    queries: rows.length,
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
  value: string;
  met: boolean | undefined;
}

/** The issue's targets against this run's figures; `met` undefined when not measured. */
export function checkTargets(r: BenchResult): TargetCheck[] {
  const out: TargetCheck[] = [];
  const m = r.measurements;
  const big = r.datasets.find((d) => d.name === '1M') ?? r.datasets.filter((d) => d.units !== undefined).at(-1);
  for (const ds of r.datasets.filter((d) => d.name === 'anmc21' || d === big)) {
    const comunica = mixRatio(m, ds.name, 'comunica', 16);
    out.push({
      target: 'stored-query mix ≥10× faster than Comunica (c16, median)',
      dataset: ds.name,
      value: fmt.ratio(comunica.median),
      met: comunica.median === undefined ? undefined : comunica.median >= 10,
    });
    const virtuoso = mixRatio(m, ds.name, 'virtuoso', 16);
    out.push({
      target: 'stored-query mix no slower than Virtuoso (c16, median)',
      dataset: ds.name,
      value: fmt.ratio(virtuoso.median),
      met: virtuoso.median === undefined ? undefined : virtuoso.median >= 1,
    });
  }
  const article = r.datasets.find((d) => d.name === 'anmc21');
  if (article) {
    const startup = ratio(article.startupMs.ours, article.startupMs.bare);
    out.push({
      target: STARTUP_TARGET,
      dataset: article.name,
      value: fmt.ratio(startup),
      met: startup === undefined || !Number.isFinite(startup) ? undefined : startup <= 1.5,
    });
  }
  for (const ds of r.datasets) {
    const deref = m.find(
      (x) => x.dataset === ds.name && x.work === 'deref:ttl' && x.peer === 'ours' && x.concurrency === 16,
    );
    if (deref) {
      const rps = ratiosOf(deref, m).rps;
      out.push({
        target: 'dereference (Turtle) ≥ ½ the bare node:http ceiling (c16 req/s)',
        dataset: ds.name,
        value: fmt.ratio(rps),
        met: rps === undefined ? undefined : rps >= 0.5,
      });
    }
  }
  if (big) {
    const ours = m.filter(
      (x) =>
        x.dataset === big.name &&
        x.group === 'sparql' &&
        x.peer === 'oxigraph' &&
        x.concurrency === 1 &&
        x.summary.n > 0,
    );
    const worst = Math.max(...ours.map((o) => 1 / (ratiosOf(o, m).median ?? Number.NaN)).filter(Number.isFinite));
    out.push({
      target: 'each query: HTTP median ≤ 1.3× in-process Oxigraph (c1)',
      dataset: big.name,
      value: Number.isFinite(worst) ? `worst ${fmt.ratio(worst)}` : '—',
      met: Number.isFinite(worst) ? worst <= 1.3 : undefined,
    });
    const buildLoad =
      big.buildMs !== undefined && big.startupMs.ours !== undefined ? big.buildMs + big.startupMs.ours : undefined;
    out.push({
      target: 'build + load < 30 s',
      dataset: big.name,
      value: buildLoad === undefined ? '—' : `${(buildLoad / 1000).toFixed(1)} s`,
      met: buildLoad === undefined ? undefined : buildLoad < 30_000,
    });
    const perWorker =
      big.rss?.workers2 !== undefined && big.rss.workers1 !== undefined
        ? big.rss.workers2 - big.rss.workers1
        : undefined;
    out.push({
      target: 'RSS per query worker < 700 MB',
      dataset: big.name,
      value: fmt.mb(perWorker),
      met: perWorker === undefined ? undefined : perWorker < 700e6,
    });
  }
  return out;
}

export const STARTUP_TARGET = 'start-up to first answer ≤ 1.5× a bare `node -e` HTTP server';

const mark = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : '**missed**');

/** The Markdown report (bench/results/latest.md). */
export function renderMarkdown(r: BenchResult, chartFile = 'latest.svg'): string {
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `Run ${r.started} → ${r.finished} on ${r.machine.cpus} CPUs, Node ${r.machine.node}, load average at start ${r.machine.loadavg.map((x) => x.toFixed(2)).join(' ')}.`,
  );
  lines.push(`Options: \`${JSON.stringify(r.options)}\`.`, '');
  lines.push(
    'Ratios: SPARQL rows against **ours** (our HTTP endpoint; >1× = slower than ours, Oxigraph in-process <1× = the floor); ' +
      'dereference and dump rows against the **bare node:http** ceiling (req/s ratio: ours ÷ bare). Latencies in ms; medians and p99 over all alternating rounds, warm-up excluded.',
    '',
  );
  lines.push(`![chart](${chartFile})`, '');

  lines.push('## Targets', '', '| target | dataset | this run | |', '|---|---|---|---|');
  for (const t of checkTargets(r)) lines.push(`| ${t.target} | ${t.dataset} | ${t.value} | ${mark(t.met)} |`);
  lines.push('');

  lines.push('## Build, load and memory by size', '');
  lines.push(
    '| dataset | quads | build ms (map / validate / dump) | build µs per quad | our start to first answer ms (× bare) | Oxigraph load ms | Virtuoso start / bulk load ms | Comunica start ms | RSS, 1 worker | RSS, 2 workers | per worker |',
  );
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const d of r.datasets) {
    const s = d.stages ?? {};
    const stages =
      d.units !== undefined
        ? `${fmt.int(d.buildMs)} (${fmt.int(s.map)} / ${fmt.int(s.validate)} / ${fmt.int(s.dump)})`
        : `${fmt.int(d.buildMs)} (npm run build)`;
    const perQuad = d.buildMs !== undefined ? ((d.buildMs * 1000) / d.quads).toFixed(1) : '—';
    const start = `${fmt.int(d.startupMs.ours)} (${fmt.ratio(ratio(d.startupMs.ours, d.startupMs.bare))})`;
    const perWorker =
      d.rss?.workers1 !== undefined && d.rss.workers2 !== undefined ? d.rss.workers2 - d.rss.workers1 : undefined;
    lines.push(
      `| ${d.name} | ${fmt.int(d.quads)} | ${stages} | ${perQuad} | ${start} | ${fmt.int(d.loadMs.oxigraph)} | ${fmt.int(d.startupMs.virtuoso)} / ${fmt.int(d.loadMs.virtuoso)} | ${fmt.int(d.startupMs.comunica)} | ${fmt.mb(d.rss?.workers1)} | ${fmt.mb(d.rss?.workers2)} | ${fmt.mb(perWorker)} |`,
    );
  }
  const synthetic = r.datasets.filter((d) => d.units !== undefined);
  if (synthetic.length >= 2) {
    const exp = (cost: (d: DatasetInfo) => number | undefined) =>
      growthExponent(synthetic.map((d) => ({ size: d.quads, cost: cost(d) ?? 0 })));
    const e = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(2));
    lines.push(
      '',
      `Growth with size (log-log slope; 1.00 = linear): build ${e(exp((d) => d.buildMs))}, map ${e(exp((d) => d.stages?.map))}, ` +
        `validate ${e(exp((d) => d.stages?.validate))}, dump ${e(exp((d) => d.stages?.dump))}, our start-up ${e(exp((d) => d.startupMs.ours))}, ` +
        `Oxigraph load ${e(exp((d) => d.loadMs.oxigraph))}, Virtuoso bulk load ${e(exp((d) => d.loadMs.virtuoso))}.`,
    );
  }
  if (r.build) {
    lines.push(
      '',
      `\`npm run build\` (the article): ${fmt.int(r.build.buildMs)} ms; a bare \`node -e 0\` start: ${fmt.int(r.build.baselineMs)} ms (${fmt.ratio(ratio(r.build.buildMs, r.build.baselineMs))}).`,
    );
  }
  lines.push('');

  lines.push('## Stored-query mix (geometric mean of per-query median ratios, peer ÷ ours)', '');
  lines.push('| dataset | c | Oxigraph in-process | Comunica | Virtuoso |', '|---|---|---|---|---|');
  for (const d of r.datasets) {
    for (const c of [1, 16]) {
      const cell = (p: PeerName) => {
        const x = mixRatio(r.measurements, d.name, p, c);
        return x.queries ? `${fmt.ratio(x.median)} (p99 ${fmt.ratio(x.p99)})` : '—';
      };
      lines.push(`| ${d.name} | ${c} | ${cell('oxigraph')} | ${cell('comunica')} | ${cell('virtuoso')} |`);
    }
  }
  lines.push('');

  for (const d of r.datasets) {
    lines.push(`## ${d.name}: every measurement`, '');
    lines.push('| work | c | peer | n | median ms | p99 ms | req/s | × median | × p99 | × req/s | bytes/resp | note |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const m of r.measurements.filter((x) => x.dataset === d.name)) {
      const q = ratiosOf(m, r.measurements);
      const fail = m.failures ? `${m.failures} failed${m.failureStatus ? ` (HTTP ${m.failureStatus})` : ''}` : '';
      const note = [m.note, fail].filter(Boolean).join('; ');
      lines.push(
        `| ${m.label} | ${m.concurrency} | ${m.peer} | ${m.summary.n} | ${fmt.ms(m.summary.median)} | ${fmt.ms(m.summary.p99)} | ${m.rps.toFixed(1)} | ${fmt.ratio(q.median)} | ${fmt.ratio(q.p99)} | ${fmt.ratio(q.rps)} | ${fmt.int(m.bytesPerResponse)} | ${note} |`,
      );
    }
    if (d.notes.length) lines.push('', ...d.notes.map((n) => `- ${n}`));
    lines.push('');
  }
  if (r.notes.length) lines.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return lines.join('\n');
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
