// Serve a synthetic dist/ through the project's own serve() (src/server.ts), the function
// `anmc21 serve` calls. The CLI would rebuild dist/ from the article because its inputs hash does not
// match a synthetic build (see docs/performance.md); otherwise this is the same server.
// Environment: BENCH_DIST (the folder), PORT, SPARQL_WORKERS.

import { loadConfig } from '../../src/config.ts';
import { serve } from '../../src/server.ts';

const distDir = process.env.BENCH_DIST;
if (!distDir) throw new Error('BENCH_DIST must name the dist folder to serve');
await serve(loadConfig({ distDir }));
console.log('ready');
