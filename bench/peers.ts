// The peers, each serving the same N-Quads dump on 127.0.0.1: our server (the project's entry), Comunica's
// SPARQL endpoint, Virtuoso (scripts/virtuoso.sh + bulk loader), a bare node:http ceiling, and Oxigraph
// in-process (the floor). Every child is started and stopped by its own PID; every wait is bounded.

import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import oxigraph from 'oxigraph';

const exec = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '..');
export const PEERS_DIR = path.join(ROOT, 'bench/.peers');
export const LOG_DIR = path.join(ROOT, 'bench/.peers/logs');
const COMUNICA_DIR = path.join(PEERS_DIR, 'comunica');
const COMUNICA_PACKAGES = ['@comunica/query-sparql@4'];
const COMUNICA_BIN = path.join(COMUNICA_DIR, 'node_modules/@comunica/query-sparql/bin/http.js');
const HOST = '127.0.0.1';

export type PeerName = 'ours' | 'comunica' | 'virtuoso' | 'bare' | 'oxigraph';

export interface HttpPeer {
  name: PeerName;
  kind: 'http';
  origin: string;
  pid: number;
  /** Launch to first successful answer, ms. */
  startupMs: number;
  /** Time spent loading the dump (Virtuoso's bulk load; our workers' load is inside startup). */
  loadMs?: number;
  stop(): Promise<void>;
}

export interface InProcessPeer {
  name: 'oxigraph';
  kind: 'inprocess';
  store: InstanceType<typeof oxigraph.Store>;
  loadMs: number;
}

export type Peer = HttpPeer | InProcessPeer;

/** A free TCP port on 127.0.0.1 (asked of the OS, released before use). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `url` every `intervalMs` until it answers 2xx; bounded by `timeoutMs`; fails early when the child exits. */
export async function waitForAnswer(
  url: string,
  timeoutMs: number,
  child?: ChildProcess,
  headers: Record<string, string> = {},
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before answering ${url}`);
    try {
      const response = await fetch(url, { headers, signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms (last: ${last})`);
}

/** One GET on a connection of its own (no keep-alive pool), resolving on a 2xx; bounded by `timeoutMs`. */
function answerOnNewConnection(url: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers, agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode! < 300 ? resolve() : reject(new Error(`${url}: HTTP ${response.statusCode}`)),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

function logFile(name: string): number {
  mkdirSync(LOG_DIR, { recursive: true });
  return openSync(path.join(LOG_DIR, `${name}.log`), 'w');
}

/** Start a child (own process group, output to a log file) and a stop() that ends it by PID. */
function launch(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; stop: () => Promise<void> } {
  const fd = logFile(name);
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // The group: Comunica forks cluster workers; our server is one process.
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    const done = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!done) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, sleep(2_000)]);
    }
  };
  return { child, stop };
}

const ASK = encodeURIComponent('ASK {}');

/** How often start-up probes poll: fine enough that it does not blur a bare Node start (tens of ms). */
const PROBE_INTERVAL_MS = 5;

/**
 * Our server as it runs in production: the compiled entry, `node bin/anmc21.js serve` (dist/ already
 * built, so no rebuild), or `serve --no-build --dist DIR` for a synthetic dist. Start-up ends at the
 * first answer to a SPARQL ASK, which needs the query workers loaded.
 */
export async function startOurs(options: { distDir?: string; workers?: number; label?: string }): Promise<HttpPeer> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { PORT: String(port), HOST, SPARQL_WORKERS: String(options.workers ?? 2) };
  const started = performance.now();
  const { child, stop } = launch(
    `ours-${options.label ?? (options.distDir ? 'dist' : 'cli')}`,
    process.execPath,
    ['bin/anmc21.js', 'serve', ...(options.distDir ? ['--no-build', '--dist', options.distDir] : [])],
    env,
  );
  const origin = `http://${HOST}:${port}`;
  try {
    await waitForAnswer(
      `${origin}/sparql?query=${ASK}`,
      300_000,
      child,
      { Accept: 'application/sparql-results+json' },
      PROBE_INTERVAL_MS,
    );
  } catch (error) {
    await stop();
    throw new Error(`our server: ${(error as Error).message}; see bench/.peers/logs/`, { cause: error });
  }
  return { name: 'ours', kind: 'http', origin, pid: child.pid!, startupMs: performance.now() - started, stop };
}

/** The bare node:http server, started as `node -e` with the text of bench/peers/bare-http.cjs. */
export async function startBare(dumpFile: string): Promise<HttpPeer> {
  const port = await freePort();
  const source = readFileSync(path.join(ROOT, 'bench/peers/bare-http.cjs'), 'utf8');
  const started = performance.now();
  const { child, stop } = launch('bare', process.execPath, ['-e', source], {
    PORT: String(port),
    BARE_DUMP_FILE: dumpFile,
  });
  const origin = `http://${HOST}:${port}`;
  try {
    await waitForAnswer(`${origin}/`, 30_000, child, {}, PROBE_INTERVAL_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: 'bare', kind: 'http', origin, pid: child.pid!, startupMs: performance.now() - started, stop };
}

/** Install Comunica 4 into bench/.peers/comunica (not the project's dependencies) unless present. */
export async function setupComunica(progress: (line: string) => void): Promise<void> {
  if (existsSync(COMUNICA_BIN)) return;
  progress(`installing ${COMUNICA_PACKAGES.join(' ')} into bench/.peers/comunica (once)…`);
  mkdirSync(COMUNICA_DIR, { recursive: true });
  await exec('npm', ['install', '--prefix', COMUNICA_DIR, '--no-audit', '--no-fund', ...COMUNICA_PACKAGES], {
    cwd: ROOT,
    timeout: 600_000,
  });
}

/** Comunica's worker processes: one per core, as our query workers. */
export const COMUNICA_WORKERS = 2;
/**
 * Comunica's own query timeout, seconds. When it fires, Comunica's endpoint shuts the worker down and
 * ends every connection it holds (`!TIMEDOUT!`), and the new worker must fetch and parse the dump again
 * before it answers anything: at c16 on a large dump one slow query then failed every request that
 * followed. So Comunica's timeout is set past the run, and the bench's per-request timeout (--timeout)
 * is the one limit, as for every peer.
 */
const COMUNICA_TIMEOUT_S = 24 * 3600;

/**
 * Comunica's endpoint over the dump. `@comunica/query-sparql` cannot read a local path (it answers 400
 * "Could not dereference"), and the `-file` flavour's endpoint worker did not come up here, so the
 * source is the same dump over HTTP from the bare server (`/dump`, application/n-quads); each worker
 * caches the parsed document after its first query. Start-up ends when every worker has answered a
 * query that touches the data (so each has loaded the dump).
 */
export async function startComunica(dumpUrl: string): Promise<HttpPeer> {
  const port = await freePort();
  const started = performance.now();
  const { child, stop } = launch(
    'comunica',
    process.execPath,
    [
      COMUNICA_BIN,
      dumpUrl,
      '-p',
      String(port),
      '-w',
      String(COMUNICA_WORKERS),
      '-t',
      String(COMUNICA_TIMEOUT_S),
      '--unionDefaultGraph',
    ],
    {
      NODE_OPTIONS: `--require ${path.join(ROOT, 'bench/peers/loopback.cjs')}`,
    },
  );
  const origin = `http://${HOST}:${port}`;
  const json = { Accept: 'application/sparql-results+json' };
  try {
    await waitForAnswer(`${origin}/sparql?query=${ASK}`, 300_000, child, json);
    // The cluster hands connections to workers in turn: a few new connections at once reach each of them.
    const touch = `${origin}/sparql?query=${encodeURIComponent('SELECT * WHERE { ?s ?p ?o } LIMIT 1')}`;
    await Promise.all(Array.from({ length: 2 * COMUNICA_WORKERS }, () => answerOnNewConnection(touch, json, 600_000)));
  } catch (error) {
    await stop();
    throw new Error(`comunica: ${(error as Error).message}; see bench/.peers/logs/comunica.log`, { cause: error });
  }
  return { name: 'comunica', kind: 'http', origin, pid: child.pid!, startupMs: performance.now() - started, stop };
}

/**
 * Virtuoso through the backend's scripts/virtuoso.sh (fresh database on loopback), then the dump
 * through the bulk loader. Startup is the script's start; load is the bulk load and checkpoint.
 */
export async function startVirtuoso(dumpFile: string): Promise<HttpPeer> {
  const script = path.join(ROOT, 'scripts/virtuoso.sh');
  if (!existsSync(script)) throw new Error('scripts/virtuoso.sh is not in the tree yet');
  const [httpPort, sqlPort] = [await freePort(), await freePort()];
  const dir = path.join(PEERS_DIR, `virtuoso-${httpPort}`);
  const env = {
    ...process.env,
    VIRTUOSO_DIR: dir,
    VIRTUOSO_HTTP_PORT: String(httpPort),
    VIRTUOSO_SQL_PORT: String(sqlPort),
    VIRTUOSO_BUFFERS: '170000',
    VIRTUOSO_MAX_QUERY_MEM: '1G',
  };
  const started = performance.now();
  const out = await exec(script, ['start'], { cwd: ROOT, env, timeout: 180_000 });
  const vars = Object.fromEntries(
    out.stdout
      .split('\n')
      .map((l) => /^(VIRTUOSO_\w+)=(.*)$/.exec(l))
      .filter((m) => m)
      .map((m) => [m![1], m![2]]),
  );
  const pid = Number(vars.VIRTUOSO_PID);
  const stop = async () => {
    await exec(script, ['stop'], { cwd: ROOT, env, timeout: 60_000 }).catch(() => {});
  };
  const startupMs = performance.now() - started;
  try {
    const t0 = performance.now();
    // The script's DirsAllowed is its empty load directory only (least rights): the bulk loader reads there.
    const loadDir = path.join(dir, 'load');
    copyFileSync(dumpFile, path.join(loadDir, 'bench.nq'));
    const sql = `ld_dir('${loadDir}', 'bench.nq', 'urn:bench:default'); rdf_loader_run(); checkpoint;`;
    const password = vars.VIRTUOSO_PASSWORD ?? 'dba';
    const isql = await exec('isql-vt', [`${HOST}:${sqlPort}`, 'dba', password, `EXEC=${sql}`], { timeout: 600_000 });
    if (/\*\*\* Error/.test(isql.stdout + isql.stderr))
      throw new Error(`bulk load failed: ${isql.stdout}${isql.stderr}`);
    // The loader reports per-file errors only in LOAD_LIST (isql exits 0 regardless).
    const check = await exec(
      'isql-vt',
      [`${HOST}:${sqlPort}`, 'dba', password, 'EXEC=select count(*) from DB.DBA.LOAD_LIST where ll_error is not null;'],
      { timeout: 60_000 },
    );
    const failed = /^\s*(\d+)\s*$/m.exec(check.stdout);
    if (!failed || failed[1] !== '0')
      throw new Error(`bulk load reported errors (DB.DBA.LOAD_LIST.ll_error): ${check.stdout.trim()}`);
    const loadMs = performance.now() - t0;
    return {
      name: 'virtuoso',
      kind: 'http',
      origin: vars.VIRTUOSO_HTTP ?? `http://${HOST}:${httpPort}`,
      pid,
      startupMs,
      loadMs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Oxigraph in the bench's own process: the floor (no HTTP, no workers, no serialisation copy). */
export async function startOxigraph(dumpFile: string): Promise<InProcessPeer> {
  const text = await readFile(dumpFile, 'utf8');
  const t0 = performance.now();
  const store = new oxigraph.Store();
  store.load(text, { format: 'application/n-quads' });
  return { name: 'oxigraph', kind: 'inprocess', store, loadMs: performance.now() - t0 };
}

/** A process and all its descendants (Linux /proc; the process itself first; empty once it ended). */
function processTree(pid: number): number[] {
  const found: number[] = [];
  const visit = (p: number) => {
    if (found.includes(p)) return;
    try {
      const tasks = readdirSync(`/proc/${p}/task`);
      found.push(p);
      for (const task of tasks) {
        const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        for (const c of children ? children.split(/\s+/) : []) visit(Number(c));
      }
    } catch {
      /* the process ended meanwhile */
    }
  };
  visit(pid);
  return found;
}

/** Sum of `read` over a process tree, a process that ends meanwhile counting 0. */
function treeSum(pid: number, read: (p: number) => number): number {
  let total = 0;
  for (const p of processTree(pid)) {
    try {
      total += read(p);
    } catch {
      /* the process ended meanwhile */
    }
  }
  return total;
}

/** Resident set of a process and all its descendants, bytes (Linux /proc). */
export function treeRss(pid: number): number {
  return treeSum(pid, (p) => {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
    return kb ? Number(kb[1]) * 1024 : 0;
  });
}

/** CPU time (user + system, clock ticks) of a process and all its descendants so far (Linux /proc). */
export function treeCpuTicks(pid: number): number {
  return treeSum(pid, (p) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  });
}
