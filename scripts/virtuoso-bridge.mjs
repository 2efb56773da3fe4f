// A byte bridge between a TCP port and a Unix socket, for a Virtuoso that runs in its own network namespace
// (scripts/virtuoso.sh with VIRTUOSO_NO_EGRESS): the namespace has only its loopback, so the store cannot
// reach any network, and the host reaches the store's ports through a socket file both sides can see.
//
// Usage: node scripts/virtuoso-bridge.mjs tcp  HOST:PORT=SOCKET …   listen on TCP, forward to the socket
//        node scripts/virtuoso-bridge.mjs unix SOCKET=HOST:PORT …   listen on the socket, forward to TCP
// Runs until SIGTERM/SIGINT. One upstream connection per client connection; either side closing closes both.

import { rmSync } from 'node:fs';
import net from 'node:net';

const [mode, ...pairs] = process.argv.slice(2);
if ((mode !== 'tcp' && mode !== 'unix') || pairs.length === 0) {
  console.error('usage: virtuoso-bridge.mjs tcp HOST:PORT=SOCKET … | unix SOCKET=HOST:PORT …');
  process.exit(2);
}

function hostPort(text) {
  const at = text.lastIndexOf(':');
  const port = Number(text.slice(at + 1));
  if (at < 1 || !Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Not HOST:PORT: ${text}`);
  return { host: text.slice(0, at), port };
}

for (const pair of pairs) {
  const [from, to] = pair.split('=');
  if (!from || !to) throw new Error(`Not FROM=TO: ${pair}`);
  const connect = mode === 'tcp' ? () => net.connect(to) : () => net.connect(hostPort(to));
  const server = net.createServer((client) => {
    const upstream = connect();
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.on('error', (error) => {
    console.error(`virtuoso-bridge: ${from}: ${error.message}`);
    process.exit(1);
  });
  if (mode === 'tcp') {
    const { host, port } = hostPort(from);
    server.listen(port, host);
  } else {
    rmSync(from, { force: true });
    server.listen(from);
  }
}

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
