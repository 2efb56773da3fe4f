// Four runaway queries at once, each stopped at a short timeout, while /health and a dereference keep answering;
// then the endpoint serves again (in memory: after its terminated workers were replaced).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSparqlServer, type TestServer } from './sparql-server.ts';
import { ON_REMOTE } from './test-backend.ts';

const TIMEOUT_MS = 1000;
// A five-way cartesian product of the dataset, sorted: far beyond a second on any machine.
const RUNAWAY = (n: number) =>
  `SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } ORDER BY ?a ?o # ${n}`;

let server: TestServer;
beforeAll(async () => {
  server = await startSparqlServer({ workers: 4, timeoutMs: TIMEOUT_MS, queueLength: 4 });
});
afterAll(() => server?.close());

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

it('stops four runaway queries at the timeout while cheap requests stay fast', async () => {
  const started = performance.now();
  const runaways = [1, 2, 3, 4].map(async (n) => {
    const res = await fetch(`${server.url}/sparql?${new URLSearchParams({ query: RUNAWAY(n) })}`, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: await res.json(), ms: performance.now() - started };
  });
  let done = false;
  void Promise.all(runaways).then(() => {
    done = true;
  });

  // Cheap requests on the main thread, one after another, until the runaways end (bounded).
  const latencies: { path: string; ms: number; at: number }[] = [];
  for (let i = 0; i < 400 && !done; i++) {
    for (const path of ['/health', '/id/city/tokyo']) {
      const t = performance.now();
      const res = await fetch(server.url + path, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      await res.json();
      latencies.push({ path, ms: performance.now() - t, at: performance.now() - started });
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const results = await Promise.all(runaways);

  for (const r of results) {
    expect(r.status).toBe(503);
    expect(r.body.detail).toMatch(/longer than its 1000 ms time limit and was stopped/);
    expect(r.ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 10);
    expect(r.ms).toBeLessThan(TIMEOUT_MS + 1500);
  }
  const during = latencies.filter((l) => l.at < Math.min(...results.map((r) => r.ms)));
  const ms = during.map((l) => l.ms);
  console.log(
    `runaways stopped at ${results.map((r) => r.ms.toFixed(0)).join(', ')} ms; ` +
      `${during.length} cheap requests while they ran: p50 ${percentile(ms, 50).toFixed(1)} ms, ` +
      `p95 ${percentile(ms, 95).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`,
  );
  // Sequential cheap requests during the ~1 s the runaways run: a blocked main thread would allow one.
  // (22–46 at normal load; 6–7 seen with the machine at load 10–12, hence a low bar.)
  expect(during.length).toBeGreaterThanOrEqual(4);
  expect(during.some((l) => l.path === '/id/city/tokyo')).toBe(true);
  // Had a query blocked the main thread, a cheap request would have waited for it (a whole second).
  expect(Math.max(...ms)).toBeLessThan(TIMEOUT_MS / 2);
  expect(server.pool.stats()).toMatchObject({ timedOut: 4 });
});

// Skipped on the remote backend: terminating and replacing a worker thread is how the in-memory backend
// stops a query (its engine cannot be interrupted in-thread). The remote runner has no workers; our
// timeout aborts the HTTP request instead (and Virtuoso's own `timeout` stops its work), so there is
// nothing to replace. The next test checks what applies there.
it.skipIf(ON_REMOTE)('replaces the four terminated workers, which then serve (in-memory backend)', async () => {
  // The replaced workers load the dataset again (bounded wait), then serve.
  const stopped = performance.now();
  for (let i = 0; i < 600 && server.pool.stats().starting > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(
    `four replacement workers ready ${(performance.now() - stopped).toFixed(0)} ms after the last runaway was stopped`,
  );
  const after = await fetch(`${server.url}/sparql?query=ASK%20%7B%7D`, { signal: AbortSignal.timeout(10_000) });
  expect(after.status, await after.clone().text()).toBe(200);
  expect(server.pool.stats()).toMatchObject({ timedOut: 4, replaced: 4 });
});

it.runIf(ON_REMOTE)('serves again at once after the aborted runaways, nothing replaced (remote backend)', async () => {
  const after = await fetch(`${server.url}/sparql?query=ASK%20%7B%7D`, { signal: AbortSignal.timeout(10_000) });
  expect(after.status, await after.clone().text()).toBe(200);
  expect(server.pool.stats()).toMatchObject({ timedOut: 4, replaced: 0, busy: 0 });
});
