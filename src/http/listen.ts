// Listening and graceful shutdown: the Node server in front of the app (with the fast path first),
// and `close()`, which refuses new requests, lets in-flight ones finish, then cuts what is left.

import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SECURITY_HEADERS } from './middleware/security-headers.ts';

/** The server could not listen: the message says where and why, in one line. */
export class ListenError extends Error {
  readonly code?: string;
  constructor(host: string, port: number, cause: NodeJS.ErrnoException) {
    const why =
      cause.code === 'EADDRINUSE'
        ? 'the address is already in use (another server is running there?)'
        : cause.code === 'EACCES'
          ? 'permission denied (ports below 1024 need privileges)'
          : cause.code === 'EADDRNOTAVAIL'
            ? 'the address is not one of this machine'
            : cause.code === 'ENOTFOUND' || cause.code === 'EAI_AGAIN'
              ? 'the host name does not resolve'
              : cause.message;
    super(`Cannot listen on ${host}:${port}: ${why}${cause.code ? ` (${cause.code})` : ''}`, { cause });
    this.name = 'ListenError';
    this.code = cause.code;
  }
}

/**
 * A request Node could not parse (malformed, headers too large, too slow): answered with the status
 * and our headers, in plain text; a connection reset needs no answer.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = `${status} ${STATUS_CODES[status]}: the request could not be read (${error.code ?? 'malformed'})\n`;
  const headers = Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\n${headers}\r\n${body}`,
  );
}

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
  server.on('clientError', answerClientError);
  server.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      server.close(() => {});
      reject(new ListenError(host, port, error));
    });
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
