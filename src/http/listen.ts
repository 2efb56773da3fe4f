// Listening and graceful shutdown: the Node server in front of the app (with the fast path first),
// and `close()`, which refuses new requests, lets in-flight ones finish, then cuts what is left.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  server: Server;
  /** Stop accepting connections, let in-flight requests finish (at most `graceMs`, default 10 s), then resolve. */
  close(graceMs?: number): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** Answers a request before the app, or returns false (the fast path; skipped while shutting down). */
  before?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** Listen on host:port (port 0 picks a free one) with `app` answering every request. */
export async function listen(
  app: (req: IncomingMessage, res: ServerResponse) => void,
  { host, port, before }: ListenOptions,
): Promise<RunningServer> {
  let shuttingDown = false;
  const server = createServer((req, res) => {
    if (shuttingDown) res.setHeader('Connection', 'close');
    else if (before?.(req, res)) return;
    app(req, res);
  });
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    server,
    close: (graceMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        shuttingDown = true;
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        // A keep-alive connection whose request was in flight here turns idle only once answered (a
        // proxy keeps it open for its next request): close such connections as they turn idle, so the
        // server stops when its in-flight requests are done, not at the end of the grace time.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        sweep.unref();
        server.close((err) => {
          clearTimeout(timer);
          clearInterval(sweep);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
