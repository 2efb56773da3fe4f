// The hostile battery's client side: raw HTTP requests (the request target sent as written, headers as
// given, no Host unless asked), raw sockets for what no client library sends, the battery server in a
// child process, and the tally of cases and server errors per category. Every request is bounded.

import { fork, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  /** Milliseconds before giving up (default 15 s). */
  timeoutMs?: number;
}

/** One request with node:http: the target as written, no Host unless in `headers`, no redirects, no decoding. */
export function raw(origin: string, target: string, options: RawRequest = {}): Promise<RawAnswer> {
  const { hostname, port } = new URL(origin);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port,
        path: target,
        method: options.method ?? 'GET',
        headers: { host: `${hostname}:${port}`, ...options.headers },
        setHost: false,
        timeout: options.timeoutMs ?? 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer to ${options.method ?? 'GET'} ${target} in time`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Write `text` to a raw connection and read until the server closes it, `untilMs` passes or `stopAt`
 * matches what was read; then close. Returns what was read.
 */
export function rawSocket(
  origin: string,
  text: string | Buffer,
  {
    untilMs = 5000,
    stopAt,
    closeAfterWrite = false,
  }: { untilMs?: number; stopAt?: RegExp; closeAfterWrite?: boolean } = {},
): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let read = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(read);
    };
    const timer = setTimeout(done, untilMs);
    socket.on('connect', () => {
      socket.write(text);
      if (closeAfterWrite) done();
    });
    socket.on('data', (chunk) => {
      read += chunk.toString('latin1');
      if (stopAt?.test(read)) done();
    });
    socket.on('end', done);
    socket.on('error', done);
  });
}

/** The status line's code of a raw answer (0 when none came). */
export function statusOf(answer: string): number {
  return Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
}

export interface BatteryStats {
  eld: { p50: number; p99: number; max: number; count: number };
  rss: number;
  heapUsed: number;
  /** The longest event-loop stalls over 40 ms: when each ended (ISO time) and how long it was. */
  stalls: { at: string; ms: number }[];
}

export interface BatteryServer {
  url: string;
  child: ChildProcess;
  /** Every line the server wrote, stdout and stderr. */
  out: string[];
  err: string[];
  measure(): void;
  stats(): Promise<BatteryStats>;
  /** The paths of the app's route table. */
  routes(): Promise<string[]>;
  /** The longest event-loop delay while `action` ran (ms), with nothing else sent meanwhile. */
  solo<T>(action: () => Promise<T>): Promise<{ value: T; maxMs: number }>;
  stop(): Promise<void>;
}

/** Start test/support/battery-server.ts in a child process over `distDir`, with config overrides. */
export async function startBatteryServer(overrides: Record<string, unknown>): Promise<BatteryServer> {
  const child = fork(new URL('./battery-server.ts', import.meta.url).pathname, [JSON.stringify(overrides)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const out: string[] = [];
  const err: string[] = [];
  const lines = (into: string[]) => {
    let rest = '';
    return (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop()!;
      into.push(...parts);
    };
  };
  child.stdout!.on('data', lines(out));
  child.stderr!.on('data', lines(err));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`battery server did not start: ${err.join('\n')}`)), 90_000);
    child.on('message', (m: { type: string; url?: string }) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m.url!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`battery server exited (${code}): ${err.join('\n')}`));
    });
  });
  return {
    url,
    child,
    out,
    err,
    measure: () => child.send({ type: 'measure' }),
    stats: () => ask<BatteryStats>(child, 'stats'),
    routes: () => ask<{ paths: string[] }>(child, 'routes').then((r) => r.paths),
    solo: async (action) => {
      await ask(child, 'solo-start');
      const value = await action();
      const { max } = await ask<{ max: number }>(child, 'solo-stop');
      return { value, maxMs: max };
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.send({ type: 'stop' });
      }),
  };
}

/** One IPC question to the battery server, and its answer (bounded). */
function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} from the battery server`)), 10_000);
    const on = (m: { type: string } & T) => {
      if (m.type !== type) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send({ type });
  });
}

/** Cases per category, and every server error (5xx) seen, with what caused it. */
export class Tally {
  readonly cases = new Map<string, number>();
  readonly serverErrors: string[] = [];
  count(category: string, n = 1): void {
    this.cases.set(category, (this.cases.get(category) ?? 0) + n);
  }
  /** Count one case; a 5xx is recorded against it. */
  saw(category: string, status: number, what: string): void {
    this.count(category);
    if (status >= 500) this.serverErrors.push(`${category}: ${status} for ${what}`);
  }
  get total(): number {
    return [...this.cases.values()].reduce((a, b) => a + b, 0);
  }
}
