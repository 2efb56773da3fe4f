// Which store backend the e2e suites run on: in memory (default), or the remote store on the Virtuoso
// that the remote tier's global setup started (ANMC21_TEST_BACKEND=sparql, set by `npm run test:remote`).
//
// On the remote backend a suite's dataset is loaded into Virtuoso with loadRemote (replacing its graphs;
// graphs of ours the dataset does not hold are emptied), so suites, which run one after another there,
// never see each other's data. Queries go through a counting pass-through proxy, so each suite can prove
// on close that it was Virtuoso (its `Server` header) that answered, not an in-memory store.

import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser, Writer } from 'n3';
import { inject } from 'vitest';
import { loadRemote } from '../../src/store/remote/load.ts';
import { createHttpClient } from '../../src/store/remote/http-client.ts';
import { DEFAULT_BASE, GRAPH_NAMES, iris } from '../../src/vocab.ts';
import type { VirtuosoInfo } from '../remote/global-setup.ts';

export type TestBackend = 'memory' | 'sparql';

function backendFromEnv(value: string | undefined): TestBackend {
  if (value === undefined || value === '' || value === 'memory') return 'memory';
  if (value === 'sparql') return 'sparql';
  throw new Error(`ANMC21_TEST_BACKEND must be memory or sparql, got ${JSON.stringify(value)}`);
}

/** The backend of this run. */
export const TEST_BACKEND: TestBackend = backendFromEnv(process.env.ANMC21_TEST_BACKEND);
export const ON_REMOTE = TEST_BACKEND === 'sparql';

/** A dataset loaded into Virtuoso, queried through a counting proxy. */
export interface RemoteDataset {
  /** The query endpoint to give createSparqlStore / serve (the proxy in front of Virtuoso's /sparql). */
  endpoint: string;
  /** The named graphs of the dataset: the store must see these and nothing else. */
  graphs: string[];
  /**
   * Requests that reached Virtuoso through the proxy, the `Server` headers it answered with, and the
   * request bodies (the form-encoded queries; the last 500, each cut at 64 KiB).
   */
  stats(): { requests: number; servers: string[]; bodies: string[] };
  /** Stop the proxy; throws if no query of this suite was answered by Virtuoso. */
  close(): Promise<void>;
}

function virtuoso(): VirtuosoInfo {
  const info = inject('virtuoso') as VirtuosoInfo | undefined;
  if (!info)
    throw new Error('ANMC21_TEST_BACKEND=sparql needs the Virtuoso of the remote tier: run `npm run test:remote`');
  return info;
}

/** Our four graphs under the default base: emptied when a suite's dataset does not hold them. */
const OUR_GRAPHS = GRAPH_NAMES.map((g) => iris(DEFAULT_BASE).graph(g));

// One load per test file (vitest isolates files, so this resets per file).
const loads = new Map<string, Promise<string[]>>();

/**
 * Load a dataset (TriG or N-Quads text, every quad in a named graph) into the remote tier's Virtuoso,
 * replacing each of its graphs and emptying those of `OUR_GRAPHS` it does not hold. Once per test file.
 */
export function loadRemoteDataset(data: string, format: 'application/trig' | 'application/n-quads'): Promise<string[]> {
  const key = `${format}\n${data}`;
  let loaded = loads.get(key);
  if (!loaded) {
    loaded = (async () => {
      const info = virtuoso();
      const quads = new Parser({ format }).parse(data);
      const dir = await mkdtemp(join(tmpdir(), 'anmc21-e2e-remote-'));
      const file = join(dir, 'dataset.nq');
      await writeFile(file, new Writer({ format: 'N-Quads' }).quadsToString(quads));
      const credentials = { user: info.user, password: info.password, scheme: 'digest' as const };
      const report = await loadRemote({
        file,
        graphStore: info.gspAuth,
        endpoint: info.sparql,
        credentials,
        log: () => {},
      });
      const graphs = report.graphs.map((g) => g.graph).sort();
      const http = createHttpClient(credentials);
      for (const graph of OUR_GRAPHS.filter((g) => !graphs.includes(g))) {
        const url = new URL(info.gspAuth);
        url.searchParams.set('graph', graph);
        const answer = await http.send({ method: 'DELETE', url: url.href, signal: AbortSignal.timeout(30_000) });
        if (answer.status >= 300 && answer.status !== 404)
          throw new Error(`Emptying <${graph}> in Virtuoso: ${answer.status} ${answer.body.slice(0, 200)}`);
      }
      return graphs;
    })();
    loads.set(key, loaded);
  }
  return loaded;
}

/** Load `data` (see loadRemoteDataset) and open a counting proxy to Virtuoso's query endpoint for it. */
export async function connectRemoteDataset(
  data: string,
  format: 'application/trig' | 'application/n-quads',
): Promise<RemoteDataset> {
  const graphs = await loadRemoteDataset(data, format);
  const target = new URL(virtuoso().sparql);
  let requests = 0;
  const servers = new Set<string>();
  const bodies: string[] = [];
  const proxy: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      if (body.length < 65_536) body += chunk.toString('utf8');
    });
    req.on('end', () => {
      bodies.push(`${req.url ?? ''}\n${body}`);
      if (bodies.length > 500) bodies.shift();
    });
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (answer) => {
        requests++;
        const server = answer.headers.server;
        if (server) servers.add(String(server));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`);
      else res.destroy(error);
    });
    // The client gave up (our timeout aborts the fetch): give up upstream too, as a direct connection would.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
  proxy.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => proxy.once('listening', resolve).once('error', reject));
  const { port } = proxy.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${target.pathname}`,
    graphs,
    stats: () => ({ requests, servers: [...servers], bodies: [...bodies] }),
    async close() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      if (requests === 0 || ![...servers].some((s) => /virtuoso/i.test(s))) {
        throw new Error(
          `The suite ran on ANMC21_TEST_BACKEND=sparql but Virtuoso answered none of its queries (${requests} requests; Server headers: ${[...servers].join(', ') || 'none'})`,
        );
      }
    },
  };
}
