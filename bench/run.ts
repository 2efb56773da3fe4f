// `npm run bench`: sets up the peers, builds the article and the synthetic sizes, measures every work
// item on every peer in alternating rounds, prints progress with ratios, and writes
// bench/results/latest.md, latest.svg and latest.json.
//
// Options: --quick (short slices, 10k only), --duration MS (measured time per peer, work and
// concurrency), --rounds N, --warmup MS, --sizes 10k,100k,1M,2M, --peers ours,comunica,…,
// --only REGEX (work ids), --no-article, --concurrency 1,16, --slow MS, --timeout S, --comunica-up-to
// SIZE|all (default 100k: see COMUNICA_UP_TO).
// --startup: only start-up to first answer on the article against a bare `node -e` server, --rounds
// times each, alternating (default 7); writes bench/results/startup.md and startup.json.

import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { DEFAULT_BASE, iris } from '../src/vocab.ts';
import { buildSynthetic, DATA_DIR } from './build-synthetic.ts';
import { mergeSlices, runHttp, runInProcess, type HttpRequestSpec, type Slice } from './load.ts';
import {
  ROOT,
  setupComunica,
  startBare,
  startComunica,
  startOurs,
  startOxigraph,
  startVirtuoso,
  treeCpuTicks,
  treeRss,
  type HttpPeer,
  type InProcessPeer,
  type PeerName,
} from './peers.ts';
import {
  fmt,
  ratiosOf,
  renderMarkdown,
  renderStartupMarkdown,
  renderSvg,
  type BenchResult,
  type CacheReport,
  type DatasetInfo,
  type Measurement,
} from './report.ts';
import { untilIdle, untilQuiet } from './quiet.ts';
import { alternate, sliceDuration } from './schedule.ts';
import { median, ratio, summarize, throughput } from './stats.ts';
import { nextQuery, peersFor, requestFor, requestsFor, workList, type Work } from './work.ts';

const exec = promisify(execFile);
const RESULTS = path.join(ROOT, 'bench/results');

export interface BenchOptions {
  durationMs: number;
  rounds: number;
  warmupMs: number;
  sizes: number[];
  peers: PeerName[];
  only?: RegExp;
  article: boolean;
  concurrency: number[];
  /** A peer whose single request takes longer than this runs 3 requests at c1 only. */
  slowMs: number;
  timeoutSec: number;
  /** The largest synthetic size Comunica is run at (the article always): see COMUNICA_UP_TO. */
  comunicaUpTo: number;
  /** Only the start-up comparison (`--startup`). */
  startupOnly: boolean;
}

/**
 * Comunica is run up to 100k quads by default. Above, its queries outlast the slices that send them
 * (10 s timeouts at 1M) and keep both cores busy, so the bench restarts it after nearly every slice
 * (see settle), and each restart fetches and parses the dump again: ~35 s at 1M, ~65 s at 2M, some
 * hundred times per size. A run of 30 November 2026 with it at every size was still in 1M after 80
 * minutes (11 of 26 work items); `--comunica-up-to all` runs it anyway.
 */
export const COMUNICA_UP_TO = 100_000;

/** Whether Comunica is run on a dataset of `quads` (undefined: the article); synthetic sizes land within 5 %. */
export function comunicaRunsAt(options: Pick<BenchOptions, 'comunicaUpTo'>, quads: number | undefined): boolean {
  return quads === undefined || quads <= options.comunicaUpTo * 1.05;
}

/** `10k` → 10000, `1M` → 1000000. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new Error(`size must look like 10k, 100k or 1M, got "${text}"`);
  const n = Number(m[1]) * (m[2]!.toLowerCase() === 'k' ? 1e3 : m[2]!.toLowerCase() === 'm' ? 1e6 : 1);
  if (n < 5_000) throw new Error(`size must be at least 5k (the ontology alone is over 1k quads), got "${text}"`);
  return Math.round(n);
}

export function sizeName(n: number): string {
  return n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n);
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      sizes: { type: 'string' },
      peers: { type: 'string' },
      only: { type: 'string' },
      'no-article': { type: 'boolean' },
      concurrency: { type: 'string' },
      slow: { type: 'string' },
      timeout: { type: 'string' },
      'comunica-up-to': { type: 'string' },
      startup: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(
      readFileSync(new URL(import.meta.url), 'utf8')
        .split('\n')
        .slice(0, 10)
        .join('\n'),
    );
    process.exit(0);
  }
  const quick = !!values.quick;
  const int = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${text}"`);
    return n;
  };
  const allPeers: PeerName[] = ['oxigraph', 'ours', 'comunica', 'virtuoso', 'bare'];
  const peers = values.peers ? (values.peers.split(',') as PeerName[]) : allPeers;
  for (const p of peers)
    if (!allPeers.includes(p)) throw new Error(`--peers: unknown peer "${p}" (${allPeers.join(', ')})`);
  return {
    durationMs: int('duration', values.duration, quick ? 1_000 : 5_000),
    rounds: int('rounds', values.rounds, values.startup ? 7 : quick ? 2 : 4),
    warmupMs: int('warmup', values.warmup, quick ? 300 : 1_000),
    sizes: (values.sizes ?? (quick ? '10k' : '10k,100k,1M,2M')).split(',').filter(Boolean).map(parseSize),
    peers,
    only: values.only ? new RegExp(values.only) : undefined,
    article: !values['no-article'],
    concurrency: (values.concurrency ?? '1,16').split(',').map((c) => int('concurrency', c, 1)),
    slowMs: int('slow', values.slow, quick ? 5_000 : 10_000),
    timeoutSec: int('timeout', values.timeout, 60),
    comunicaUpTo:
      values['comunica-up-to'] === 'all'
        ? Number.POSITIVE_INFINITY
        : parseSize(values['comunica-up-to'] ?? sizeName(COMUNICA_UP_TO)),
    startupOnly: !!values.startup,
  };
}

const log = (line: string) => console.log(line);

interface Peers {
  http: Partial<Record<PeerName, HttpPeer>>;
  oxigraph?: InProcessPeer;
  /** Stop Comunica and start it again (its abandoned queries would run on into other slices). */
  restartComunica?: () => Promise<void>;
}

/** Slices after which a peer was still busy 3 s later, and Comunica's restarts (reported at the end). */
const unsettled: Partial<Record<PeerName, number>> = {};
let comunicaRestarts = 0;

/**
 * After a slice of an HTTP peer: wait until its processes have stopped working on the requests the
 * slice abandoned (≤ 10 % of a core over 200 ms), at most 3 s; Comunica, still busy then, is restarted.
 */
async function settle(peers: Peers, peer: PeerName): Promise<void> {
  const p = peer === 'oxigraph' ? undefined : peers.http[peer];
  if (!p) return;
  const { idle } = await untilIdle(() => treeCpuTicks(p.pid));
  if (idle) return;
  unsettled[peer] = (unsettled[peer] ?? 0) + 1;
  if (peer === 'comunica' && peers.restartComunica) {
    comunicaRestarts++;
    await peers.restartComunica();
  }
}

/** How long each slice waited for the machine to go quiet (reported at the end of the run). */
const quietWaits: number[] = [];

/** One slice of a work item on one peer. */
async function slice(
  peers: Peers,
  peer: PeerName,
  work: Work,
  concurrency: number,
  durationMs: number,
  options: BenchOptions,
  amount?: number,
): Promise<Slice> {
  // What the previous slice left running (a peer's abandoned requests) must not land in this one.
  quietWaits.push((await untilQuiet()).waitedMs);
  if (peer === 'oxigraph') {
    const store = peers.oxigraph!.store;
    const run = () =>
      store.query(nextQuery(work), { results_format: work.accept, use_default_graph_as_union: true }) as string;
    return runInProcess(run, durationMs, amount);
  }
  const p = peers.http[peer]!;
  const measured = await runHttp({
    origin: p.origin,
    request: requestsFor(peer, work, DEFAULT_BASE),
    connections: concurrency,
    durationMs,
    timeoutSec: options.timeoutSec,
    amount,
  });
  await settle(peers, peer);
  return measured;
}

/** One request per peer: is the answer 2xx, how big, how slow. */
async function check(
  peers: Peers,
  peer: PeerName,
  work: Work,
  options: BenchOptions,
): Promise<{ ok: boolean; ms: number; bytes: number; note?: string }> {
  try {
    const s = await slice(peers, peer, work, 1, 1, options, 1);
    if (s.latencies.length === 0) {
      const said = s.failureStatus ? await failureReason(peers, peer, work) : s.failureReason;
      return { ok: false, ms: Number.NaN, bytes: 0, note: `no 2xx answer (${said ?? 'error or timeout'})` };
    }
    return { ok: true, ms: s.latencies[0]!, bytes: s.bytes };
  } catch (error) {
    return { ok: false, ms: Number.NaN, bytes: 0, note: (error as Error).message.split('\n')[0] };
  }
}

/**
 * The dereference ceiling sends what we send: our server's answer to the work item's request (body
 * and Content-Type) is put on the bare server's /document, so the ratio compares the same bytes.
 */
async function sameDocument(peers: Peers, work: Work): Promise<void> {
  const { ours, bare } = peers.http;
  if (!ours || !bare) return;
  const request = requestFor('ours', work, DEFAULT_BASE);
  const answer = await fetch(`${ours.origin}${request.path}`, {
    headers: request.headers,
    signal: AbortSignal.timeout(60_000),
  });
  if (!answer.ok) return; // the check reports our failure
  const put = await fetch(`${bare.origin}/document`, {
    method: 'PUT',
    headers: { 'Content-Type': answer.headers.get('content-type') ?? 'application/octet-stream' },
    body: Buffer.from(await answer.arrayBuffer()),
    signal: AbortSignal.timeout(60_000),
  });
  if (put.status !== 204) throw new Error(`the bare server refused the document: HTTP ${put.status}`);
}

/** What a failing peer says: one more request, its status and the start of its body. */
async function failureReason(peers: Peers, peer: PeerName, work: Work): Promise<string | undefined> {
  const p = peers.http[peer];
  if (!p) return undefined;
  const next = requestsFor(peer, work, DEFAULT_BASE);
  const request: HttpRequestSpec = typeof next === 'function' ? next() : next;
  try {
    const response = await fetch(`${p.origin}${request.path}`, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(60_000),
    });
    const text = (await response.text()).replace(/\s+/g, ' ').trim().slice(0, 160);
    return `HTTP ${response.status}${text ? `: ${text}` : ''}`;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

/**
 * Progress of a long run: what is being measured and an estimate of the time left, from the measuring
 * time planned (warm-up + measured time per peer, work and concurrency) and the pace so far (which
 * includes the checks, builds and loads around it).
 */
class Progress {
  private plannedMs = 0;
  private doneMs = 0;
  private readonly started = performance.now();
  constructor(private readonly options: BenchOptions) {}

  /** Measuring time planned for one dataset's work (sides: the peers that take part). */
  plan(works: readonly Work[], sides: (work: Work) => PeerName[]): number {
    let ms = 0;
    for (const w of works)
      for (const c of this.options.concurrency) {
        const timed = sides(w).filter((p) => !(p === 'oxigraph' && c > 1)).length;
        ms += timed * (this.options.warmupMs + this.options.durationMs);
      }
    return ms;
  }
  add(ms: number): void {
    this.plannedMs += ms;
  }
  done(ms: number): void {
    this.doneMs += ms;
  }
  /** `37 % · 12 min left` (the pace so far applied to what is left). */
  status(): string {
    const share = this.plannedMs ? Math.min(1, this.doneMs / this.plannedMs) : 0;
    const elapsed = performance.now() - this.started;
    const left = share > 0.01 ? (elapsed / share) * (1 - share) : undefined;
    return `${(100 * share).toFixed(0)} %${left === undefined ? '' : ` · ~${minutes(left)} left`}`;
  }
}

function minutes(ms: number): string {
  return ms < 90_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

/** Our caches as /health shows them (the result cache and the query templates). */
interface CacheFigures {
  results: { hits: number; misses: number; entries: number; bytes: number };
  templates: { hits: number; misses: number; entries: number };
}

async function ourCaches(peers: Peers): Promise<CacheFigures | undefined> {
  const ours = peers.http.ours;
  if (!ours) return undefined;
  try {
    const body = (await (await fetch(`${ours.origin}/health`, { signal: AbortSignal.timeout(5_000) })).json()) as {
      caches?: CacheFigures;
    };
    return body.caches;
  } catch {
    return undefined;
  }
}

/** Measure every work item of a dataset on its peers, alternating. */
async function measure(
  dataset: string,
  works: Work[],
  peers: Peers,
  options: BenchOptions,
  out: Measurement[],
  progress: Progress,
  cache: CacheReport,
): Promise<void> {
  const available = (p: PeerName) => (p === 'oxigraph' ? !!peers.oxigraph : !!peers.http[p]);
  const sidesOf = (work: Work) => peersFor(work).filter((p) => options.peers.includes(p) && available(p));
  for (const [index, work] of works.entries()) {
    const sides = sidesOf(work);
    const where = `[${dataset} ${index + 1}/${works.length}] ${work.id}`;
    log(`  ${where}: checking ${sides.join(', ')} · ${progress.status()}`);
    if (work.group === 'deref') await sameDocument(peers, work);
    const checks = new Map<PeerName, Awaited<ReturnType<typeof check>>>();
    for (const p of sides) checks.set(p, await check(peers, p, work, options));
    if (work.mode === 'distinct' && checks.get('oxigraph')?.ok) await sameAnswer(peers, work);
    for (const c of options.concurrency) {
      // In-process Oxigraph is serial: it has no concurrency 16.
      const running = sides.filter((p) => checks.get(p)!.ok && !(p === 'oxigraph' && c > 1));
      const slow = running.filter((p) => checks.get(p)!.ms > options.slowMs);
      const timed = running.filter((p) => !slow.includes(p));
      const record = async (p: PeerName, merged: Slice, note?: string) => {
        const summary = summarize(merged.latencies);
        const reason =
          merged.failures === 0
            ? undefined
            : merged.failureStatus !== undefined
              ? await failureReason(peers, p, work)
              : merged.failureReason;
        out.push({
          dataset,
          work: work.id,
          label: work.label,
          group: work.group,
          stored: !!work.stored,
          ...(work.mode ? { mode: work.mode, name: work.name } : {}),
          concurrency: c,
          peer: p,
          summary,
          rps: throughput(merged.latencies.length, merged.elapsedMs),
          failures: merged.failures,
          failureStatus: merged.failureStatus,
          ...(reason ? { failureReason: reason } : {}),
          bytesPerResponse: merged.latencies.length ? merged.bytes / merged.latencies.length : 0,
          note,
        });
      };
      for (const p of sides.filter((s) => !checks.get(s)!.ok))
        await record(p, mergeSlices([]), `not measured: ${checks.get(p)!.note}`);
      const each = sliceDuration(options.durationMs, options.rounds);
      // Our caches over the distinct slices (warm-up included: every request is new anyway).
      const watch = work.mode === 'distinct' && timed.includes('ours');
      const before = watch ? await ourCaches(peers) : undefined;
      for (const p of timed) {
        log(`  ${where} c${c} ${p}: warm-up ${options.warmupMs} ms · ${progress.status()}`);
        await slice(peers, p, work, c, options.warmupMs, options);
        progress.done(options.warmupMs);
      }
      const slices = new Map<PeerName, Slice[]>(timed.map((p) => [p, []]));
      for (const [r, round] of alternate(timed, options.rounds).entries()) {
        log(`  ${where} c${c} round ${r + 1}/${options.rounds}: ${round.join(', ')} · ${progress.status()}`);
        for (const p of round) {
          slices.get(p)!.push(await slice(peers, p, work, c, each, options));
          progress.done(each);
        }
      }
      if (watch) {
        const after = await ourCaches(peers);
        if (before && after) {
          cache.resultHits += after.results.hits - before.results.hits;
          cache.resultMisses += after.results.misses - before.results.misses;
          cache.resultEntries = after.results.entries;
          cache.resultBytes = after.results.bytes;
          cache.templateHits += after.templates.hits - before.templates.hits;
          cache.templateMisses += after.templates.misses - before.templates.misses;
        }
        cache.rssAfter = treeRss(peers.http.ours!.pid);
      }
      for (const p of timed) {
        const merged = mergeSlices(slices.get(p)!);
        // autocannon ends a slice at its deadline; a peer slower than a slice completes nothing in it.
        const none =
          merged.latencies.length === 0 && merged.failures === 0
            ? `no response completed within ${each} ms slices (each takes longer; raise --duration)`
            : undefined;
        await record(p, merged, none);
      }
      for (const p of slow) {
        if (c > 1) {
          await record(
            p,
            mergeSlices([]),
            `not measured at c${c}: one request took ${fmt.ms(checks.get(p)!.ms)} ms (> --slow ${options.slowMs}); at c1 it runs 3 requests`,
          );
        } else {
          log(`  ${where} c1 ${p}: slow, 3 requests · ${progress.status()}`);
          await record(
            p,
            await slice(peers, p, work, 1, options.slowMs, options, 3),
            `slow: 3 requests, no warm-up (one took ${fmt.ms(checks.get(p)!.ms)} ms)`,
          );
        }
      }
      for (const m of out.filter((x) => x.dataset === dataset && x.work === work.id && x.concurrency === c)) {
        const q = ratiosOf(m, out);
        const failed = m.failures
          ? `  FAILING: ${m.failures} failed (${m.failureReason ?? `HTTP ${m.failureStatus}`})`
          : '';
        log(
          `  [${dataset}] ${work.id.padEnd(30)} c${String(c).padEnd(2)} ${m.peer.padEnd(8)} ` +
            (m.summary.n
              ? `median ${fmt.ms(m.summary.median).padStart(7)} ms (${(q.failing ? '—' : fmt.ratio(q.median)).padStart(6)})  p99 ${fmt.ms(m.summary.p99).padStart(7)} ms (${(q.failing ? '—' : fmt.ratio(q.p99)).padStart(6)})  ${m.rps.toFixed(1).padStart(8)} req/s`
              : (m.note ?? 'no samples')) +
            failed,
        );
      }
    }
  }
}

/**
 * A distinct variant must answer what the query answers (as many bytes in-process), or the distinct rows
 * would not measure the same work: checked once per work item on the in-process engine.
 */
async function sameAnswer(peers: Peers, work: Work): Promise<void> {
  const store = peers.oxigraph!.store;
  const run = (text: string) =>
    store.query(text, { results_format: work.accept, use_default_graph_as_union: true }) as string;
  // Row order may differ (the plan may), and blank node labels do: the same rows give the same length.
  const [plain, variant] = [run(work.query!), run(nextQuery(work))];
  if (plain.length !== variant.length)
    throw new Error(`${work.id}: the distinct variant answers ${variant.length} characters, the query ${plain.length}`);
}

async function timeCommand(args: string[]): Promise<{ ms: number; ok: boolean; output: string }> {
  const t0 = performance.now();
  try {
    const r = await exec(process.execPath, args, { cwd: ROOT, timeout: 600_000, maxBuffer: 64 << 20 });
    return { ms: performance.now() - t0, ok: true, output: r.stdout + r.stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ms: performance.now() - t0, ok: false, output: `${e.stdout ?? ''}${e.stderr ?? e.message}` };
  }
}

/** Start the peers for one dump, run the work, stop them. */
async function runDataset(
  info: DatasetInfo,
  dumpFile: string,
  distDir: string | undefined,
  targets: { network: string; entityPath: string },
  options: BenchOptions,
  out: Measurement[],
  progress: Progress,
): Promise<void> {
  const peers: Peers = { http: {} };
  const want = (p: PeerName) => options.peers.includes(p);
  const started: HttpPeer[] = [];
  const attempt = async <T>(name: PeerName, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (error) {
      const message = (error as Error).message.split('\n').slice(0, 3).join(' ');
      info.notes.push(`${name}: not available (${message})`);
      log(`  ${name}: not available: ${message}`);
      return undefined;
    }
  };
  try {
    if (want('bare') || want('comunica')) {
      const bare = await attempt('bare', () => startBare(dumpFile));
      if (bare) {
        started.push(bare);
        peers.http.bare = bare;
        info.startupMs.bare = bare.startupMs;
      }
    }
    if (want('ours')) {
      // Once with one query worker (start-up and RSS), then with the default two for the measurements.
      const one = await attempt('ours', () => startOurs({ distDir, workers: 1, label: `${info.name}-w1` }));
      if (one) {
        info.rss = { workers1: treeRss(one.pid) };
        await one.stop();
      }
      const ours = await attempt('ours', () => startOurs({ distDir, workers: 2, label: `${info.name}-w2` }));
      if (ours) {
        started.push(ours);
        peers.http.ours = ours;
        info.startupMs.ours = ours.startupMs;
        info.rss = { ...info.rss, workers2: treeRss(ours.pid) };
        log(
          `  ours: first answer after ${fmt.int(ours.startupMs)} ms; RSS ${fmt.mb(info.rss.workers1)} (1 worker), ${fmt.mb(info.rss.workers2)} (2 workers)`,
        );
      }
    }
    const comunicaHere = comunicaRunsAt(options, info.units === undefined ? undefined : info.quads);
    if (want('comunica') && !comunicaHere)
      info.notes.push(
        `comunica: not run at this size (--comunica-up-to ${sizeName(options.comunicaUpTo)}): every slice leaves ` +
          `queries running and each restart reloads the dump (see COMUNICA_UP_TO in bench/run.ts)`,
      );
    if (want('comunica') && comunicaHere && peers.http.bare) {
      const comunica = await attempt('comunica', () => startComunica(`${peers.http.bare!.origin}/dump`));
      if (comunica) {
        started.push(comunica);
        peers.http.comunica = comunica;
        info.startupMs.comunica = comunica.startupMs;
        peers.restartComunica = async () => {
          const old = peers.http.comunica!;
          await old.stop();
          started.splice(started.indexOf(old), 1);
          delete peers.http.comunica;
          const fresh = await startComunica(`${peers.http.bare!.origin}/dump`);
          started.push(fresh);
          peers.http.comunica = fresh;
        };
      }
    }
    if (want('virtuoso')) {
      const virtuoso = await attempt('virtuoso', () => startVirtuoso(dumpFile));
      if (virtuoso) {
        started.push(virtuoso);
        peers.http.virtuoso = virtuoso;
        info.startupMs.virtuoso = virtuoso.startupMs;
        info.loadMs.virtuoso = virtuoso.loadMs;
        log(`  virtuoso: started in ${fmt.int(virtuoso.startupMs)} ms, bulk load ${fmt.int(virtuoso.loadMs)} ms`);
      }
    }
    if (want('oxigraph')) {
      peers.oxigraph = await attempt('oxigraph', () => startOxigraph(dumpFile));
      if (peers.oxigraph) info.loadMs.oxigraph = peers.oxigraph.loadMs;
    }
    const cache: CacheReport = {
      resultHits: 0,
      resultMisses: 0,
      resultEntries: 0,
      resultBytes: 0,
      templateHits: 0,
      templateMisses: 0,
      ...(peers.http.ours ? { rssBefore: treeRss(peers.http.ours.pid) } : {}),
    };
    await measure(info.name, workList(ROOT, targets, { only: options.only }), peers, options, out, progress, cache);
    if (peers.http.ours) {
      info.rss = { ...info.rss, after: treeRss(peers.http.ours.pid) };
      if (cache.resultHits + cache.resultMisses > 0) info.cache = cache;
    }
  } finally {
    for (const p of started.reverse()) await p.stop();
  }
}

/**
 * `--startup`: our server and the bare `node -e` server launched in turn (`--rounds` each, the order
 * alternating) over the article's dist/, built first and not timed; the ratio of the medians.
 */
async function measureStartup(options: BenchOptions, result: BenchResult): Promise<void> {
  log('article: npm run build (dist/ is built before start-up is timed)');
  const build = await timeCommand(['bin/anmc21.js', 'build', '--quiet']);
  if (!build.ok) throw new Error(`npm run build failed: ${build.output.trim().split('\n').slice(-3).join(' / ')}`);
  const dump = path.join(ROOT, 'dist/anmc21.nq');
  const startup = { oursMs: [] as number[], bareMs: [] as number[] };
  for (const round of alternate(['bare', 'ours'] as const, options.rounds)) {
    for (const side of round) {
      const peer = side === 'bare' ? await startBare(dump) : await startOurs({ label: 'startup' });
      await peer.stop();
      (side === 'bare' ? startup.bareMs : startup.oursMs).push(peer.startupMs);
      log(`  ${side.padEnd(4)} first answer after ${fmt.int(peer.startupMs)} ms`);
    }
  }
  result.startup = startup;
  result.finished = new Date().toISOString();
  const markdown = renderStartupMarkdown(result);
  writeFileSync(path.join(RESULTS, 'startup.json'), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(path.join(RESULTS, 'startup.md'), markdown);
  const [ours, bare] = [median(startup.oursMs), median(startup.bareMs)];
  log(
    `  medians: ours ${fmt.int(ours)} ms, bare ${fmt.int(bare)} ms: ${fmt.ratio(ratio(ours, bare))} (target ≤ 1.5×)\n` +
      'wrote bench/results/startup.md, startup.json',
  );
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const result: BenchResult = {
    started: new Date().toISOString(),
    finished: '',
    machine: { cpus: os.cpus().length, node: process.versions.node, loadavg: os.loadavg() },
    options: { ...options, only: options.only?.source },
    datasets: [],
    measurements: [],
    notes: [],
  };
  mkdirSync(RESULTS, { recursive: true });
  mkdirSync(DATA_DIR, { recursive: true });
  log(
    options.startupOnly
      ? `bench --startup: the article, ours and bare ${options.rounds} times each`
      : `bench: ${options.sizes.map(sizeName).join(', ')}${options.article ? ' + the article' : ''}; peers ${options.peers.join(', ')}; ` +
          `${options.durationMs} ms per side in ${options.rounds} rounds, warm-up ${options.warmupMs} ms, c ${options.concurrency.join('/')}`,
  );
  if (os.loadavg()[0]! > os.cpus().length) {
    result.notes.push(
      `The machine was busy at start (load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs): re-run when quiet for figures to quote.`,
    );
  }
  // bin/anmc21.js compiles build/ when src/ changed: done here, so that no measured launch pays for it.
  const compiled = await timeCommand(['bin/anmc21.js', '--help']);
  if (!compiled.ok) throw new Error(`bin/anmc21.js --help failed: ${compiled.output.trim()}`);
  if (options.startupOnly) return measureStartup(options, result);
  if (options.peers.includes('comunica')) await setupComunica(log);
  const ids = iris(DEFAULT_BASE);
  const progress = new Progress(options);
  const works = workList(
    ROOT,
    { network: ids.id('network', 'synthetic'), entityPath: '/id/city/x' },
    { only: options.only },
  );
  const plannedAt = (quads: number | undefined) =>
    progress.plan(works, (work) =>
      peersFor(work).filter((p) => options.peers.includes(p) && (p !== 'comunica' || comunicaRunsAt(options, quads))),
    );
  // The datasets to measure, by size (undefined: the article).
  const datasets = [...(options.article ? [undefined] : []), ...options.sizes];
  const planned = datasets.reduce<number>((sum, quads) => sum + plannedAt(quads), 0);
  progress.add(planned);
  log(`measuring time planned: ~${minutes(planned)} (builds, loads and slow peers come on top)`);

  if (options.article) {
    log('article: npm run build');
    const baseline = await timeCommand(['-e', '0']);
    const build = await timeCommand(['bin/anmc21.js', 'build', '--quiet']);
    result.build = { buildMs: build.ms, baselineMs: baseline.ms };
    const info: DatasetInfo = { name: 'anmc21', quads: 0, startupMs: {}, loadMs: {}, notes: [], buildMs: build.ms };
    if (!build.ok) {
      result.notes.push(
        `npm run build failed, the article dataset is not measured: ${build.output.trim().split('\n').slice(-3).join(' / ')}`,
      );
      log(`  build failed: ${build.output.trim().split('\n').slice(-3).join(' / ')}`);
    } else {
      const dump = path.join(ROOT, 'dist/anmc21.nq');
      info.quads = readFileSync(dump, 'utf8').split('\n').filter(Boolean).length;
      log(`  built in ${fmt.int(build.ms)} ms: ${fmt.int(info.quads)} quads`);
      result.datasets.push(info);
      await runDataset(
        info,
        dump,
        undefined,
        { network: ids.id('network', 'anmc21'), entityPath: '/id/city/tokyo' },
        options,
        result.measurements,
        progress,
      );
      writeResults(result, datasets.length);
    }
  }

  for (const size of options.sizes) {
    const name = sizeName(size);
    log(`synthetic ${name}: generate → map → validate → dump · ${progress.status()}`);
    const built = await buildSynthetic(size, log);
    log(`  ${fmt.int(built.quads)} quads (${built.units} units) built in ${fmt.int(built.buildMs)} ms`);
    const info: DatasetInfo = {
      name,
      quads: built.quads,
      units: built.units,
      stages: built.stages,
      buildMs: built.buildMs,
      startupMs: {},
      loadMs: {},
      notes: [...built.notes],
    };
    result.datasets.push(info);
    await runDataset(
      info,
      built.dumpFile,
      built.distDir,
      { network: ids.id('network', 'synthetic'), entityPath: '/id/city/synth-00001' },
      options,
      result.measurements,
      progress,
    );
    writeResults(result, datasets.length);
  }

  result.finished = new Date().toISOString();
  writeResults(result, datasets.length);
  log(`\nwrote bench/results/latest.md, latest.svg, latest.json`);
}

/** The settling waits so far, as notes of the report. */
function settlingNotes(): string[] {
  const notes: string[] = [];
  if (quietWaits.length) {
    const unquiet = quietWaits.filter((ms) => ms >= 1500).length;
    notes.push(
      `Before each of ${quietWaits.length} slices the bench waited for the CPUs to be ≥ 80 % idle over 100 ms ` +
        `(median wait ${fmt.int(median(quietWaits))} ms, longest ${fmt.int(Math.max(...quietWaits))} ms; ` +
        `${unquiet} slices started after 1.5 s without a quiet window).`,
    );
  }
  const busy = Object.entries(unsettled).map(([peer, n]) => `${peer} ${n}`);
  if (busy.length)
    notes.push(
      `Slices after which the peer was still busy 3 s later (working on abandoned requests): ${busy.join(', ')}; ` +
        `Comunica restarted ${comunicaRestarts} times for that.`,
    );
  return notes;
}

/**
 * Write latest.json, .svg and .md: after every dataset (so a run stopped before its end keeps what it
 * measured, marked as partial) and at the end (`result.finished` set).
 */
function writeResults(result: BenchResult, planned: number): void {
  const out: BenchResult = {
    ...result,
    notes: [
      ...(result.finished
        ? []
        : [
            `**Partial run**: written after ${result.datasets.at(-1)?.name ?? 'no dataset'}, ` +
              `${new Date().toISOString()}; the run did not reach its end (${planned} datasets planned).`,
          ]),
      ...result.notes,
      ...settlingNotes(),
    ],
  };
  writeFileSync(
    path.join(RESULTS, 'latest.json'),
    JSON.stringify(out, (k, v) => (k === 'latencies' ? undefined : v), 2) + '\n',
  );
  writeFileSync(path.join(RESULTS, 'latest.svg'), renderSvg(out));
  writeFileSync(path.join(RESULTS, 'latest.md'), renderMarkdown(out));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
