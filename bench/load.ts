// Load generation: a fixed-duration HTTP run with autocannon (keeping every response time, not only
// its histogram, so rounds can be merged), and the same loop for an in-process function.

import autocannon from 'autocannon';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  /** Path and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface Slice {
  /** Milliseconds per completed 2xx/3xx response. */
  latencies: number[];
  /** Responses with another status, and connection errors/timeouts. */
  failures: number;
  /** First failing status seen (for the report). */
  failureStatus?: number;
  /** The first connection error or timeout seen. */
  failureReason?: string;
  bytes: number;
  elapsedMs: number;
}

export interface HttpRunOptions {
  /** Origin, e.g. http://127.0.0.1:3000 */
  origin: string;
  /** One request sent again and again, or a function called for every request (distinct queries). */
  request: HttpRequestSpec | (() => HttpRequestSpec);
  connections: number;
  /** Either a duration (ms) or a request count bounds the run; the count wins when both are given. */
  durationMs: number;
  amount?: number;
  /** Per-request timeout, seconds. */
  timeoutSec: number;
}

/** One slice of load; resolves with every response time. Never runs longer than duration + timeout. */
export function runHttp(options: HttpRunOptions): Promise<Slice> {
  const latencies: number[] = [];
  let failures = 0;
  let failureStatus: number | undefined;
  let failureReason: string | undefined;
  let bytes = 0;
  const started = performance.now();
  const next = typeof options.request === 'function' ? options.request : undefined;
  const first = next ? next() : (options.request as HttpRequestSpec);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        pipelining: 1,
        timeout: options.timeoutSec,
        // autocannon takes seconds; fractions are fine.
        duration: options.durationMs / 1000,
        ...(options.amount ? { amount: options.amount } : {}),
        requests: [
          {
            method: first.method,
            path: first.path,
            headers: first.headers,
            ...(first.body !== undefined ? { body: first.body } : {}),
            // Called by autocannon before every request when present: a fresh request each time.
            ...(next
              ? {
                  setupRequest: (request: autocannon.Request) => {
                    const spec = next();
                    return { ...request, method: spec.method, path: spec.path, headers: spec.headers, body: spec.body };
                  },
                }
              : {}),
          },
        ],
      },
      (error) => {
        if (error) reject(error);
        else
          resolve({ latencies, failures, failureStatus, failureReason, bytes, elapsedMs: performance.now() - started });
      },
    );
    // The tracker emits (client, status, bytes, ms); the published types omit the client.
    (instance as unknown as NodeJS.EventEmitter).on(
      'response',
      (_client: unknown, status: number, resBytes: number, ms: number) => {
        if (status >= 200 && status < 400) {
          latencies.push(ms);
          bytes += resBytes;
        } else {
          failures++;
          failureStatus ??= status;
        }
      },
    );
    (instance as unknown as NodeJS.EventEmitter).on('reqError', (error: unknown) => {
      failures++;
      failureReason ??= error instanceof Error ? error.message : String(error);
    });
  });
}

/**
 * Call `fn` back to back for `durationMs` (at least once, at most `maxCalls`), timing each call:
 * the in-process floor has no concurrency, so this is its whole load model.
 */
export async function runInProcess(fn: () => unknown, durationMs: number, maxCalls = 1_000_000): Promise<Slice> {
  const latencies: number[] = [];
  let bytes = 0;
  const started = performance.now();
  const until = started + durationMs;
  do {
    const t0 = performance.now();
    const out = await fn();
    latencies.push(performance.now() - t0);
    if (typeof out === 'string') bytes += Buffer.byteLength(out);
  } while (performance.now() < until && latencies.length < maxCalls);
  return { latencies, failures: 0, bytes, elapsedMs: performance.now() - started };
}

/** Merge slices of the same side (rounds of an alternating run). */
export function mergeSlices(slices: readonly Slice[]): Slice {
  const merged: Slice = { latencies: [], failures: 0, bytes: 0, elapsedMs: 0 };
  for (const s of slices) {
    for (const x of s.latencies) merged.latencies.push(x);
    merged.failures += s.failures;
    merged.failureStatus ??= s.failureStatus;
    merged.failureReason ??= s.failureReason;
    merged.bytes += s.bytes;
    merged.elapsedMs += s.elapsedMs;
  }
  return merged;
}
