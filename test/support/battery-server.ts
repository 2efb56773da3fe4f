// The server of the hostile battery, in a child process of its own (as in production: its event loop,
// memory and logs are its own): `serve()` over a given dist/, with its event-loop delay measured by
// perf_hooks.monitorEventLoopDelay. The parent drives it over IPC:
//   → { type: 'measure' }   start measuring (after warm-up)
//   → { type: 'stats' }     ← { type: 'stats', eld: {p50, p99, max, count} (ms), rss, heapUsed } (bytes)
//   → { type: 'solo-start' } / { type: 'solo-stop' } ← { type: 'solo-stop', max } (ms) around one request
//   → { type: 'routes' }    ← { type: 'routes', paths } every path in the app's Express route table
// Start: fork(this file, [JSON config overrides], { execArgv: ['--import', 'tsx'] }); it sends
// { type: 'ready', url } once listening, or exits non-zero with one line on stderr.

import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.ts';
import { serve } from '../../src/server.ts';

const overrides = JSON.parse(process.argv[2] ?? '{}') as Parameters<typeof loadConfig>[0];
const send = (message: unknown) => process.send?.(message);

const config = loadConfig({ ...overrides, server: { host: '127.0.0.1', port: 0 } }, {});
const serving = await serve(config, { handleSignals: false });
const delay = monitorEventLoopDelay({ resolution: 5 });
/** A second histogram around one request at a time. */
const solo = monitorEventLoopDelay({ resolution: 5 });
/** The longest stalls seen while measuring (when they ended, how long), to name what caused them. */
const stalls: { at: string; ms: number }[] = [];
let last = performance.now();
let measuring = false;
setInterval(() => {
  const now = performance.now();
  const late = now - last - 5;
  last = now;
  if (measuring && late > 40) {
    stalls.push({ at: new Date().toISOString(), ms: Math.round(late) });
    stalls.sort((a, b) => b.ms - a.ms).splice(20);
  }
}, 5).unref();

process.on('message', (message: { type: string }) => {
  if (message.type === 'measure') {
    delay.reset();
    delay.enable();
    measuring = true;
  } else if (message.type === 'stats') {
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const { rss, heapUsed } = process.memoryUsage();
    send({
      type: 'stats',
      eld: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), count: delay.count },
      rss,
      heapUsed,
      stalls,
    });
  } else if (message.type === 'solo-start') {
    solo.reset();
    solo.enable();
    send({ type: 'solo-start' });
  } else if (message.type === 'solo-stop') {
    solo.disable();
    send({ type: 'solo-stop', max: Math.round(solo.max / 1e4) / 100 });
  } else if (message.type === 'routes') {
    send({ type: 'routes', paths: routePaths((serving.app.app as unknown as { router: Layer }).router.stack ?? []) });
  } else if (message.type === 'stop') {
    delay.disable();
    void serving.close(1000).then(() => process.exit(0));
  }
});
interface Layer {
  stack?: Layer[];
  handle?: { stack?: Layer[] };
  route?: { path: string | string[] };
  rawPath?: string | string[];
}

/**
 * The paths the app's routers declare, walking Express's route table (routers inside routers), with
 * parameters filled in (`:name` → `x`, `*rest` → `x`); routes that match in code (documentAt) declare
 * none and are found by the battery's crawl.
 */
function routePaths(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    const declared = layer.route?.path ?? layer.rawPath;
    for (const p of (Array.isArray(declared) ? declared : [declared]).filter(
      (x): x is string => typeof x === 'string',
    )) {
      if (p !== '/' || layer.route) out.push(`${prefix}${p}`.replace(/:\w+/g, 'x').replace(/\*\w+/g, 'x'));
    }
    if (layer.handle?.stack) out.push(...routePaths(layer.handle.stack, prefix));
  }
  return [...new Set(out)];
}

process.on('disconnect', () => void serving.close(1000).then(() => process.exit(0)));
send({ type: 'ready', url: serving.url });
