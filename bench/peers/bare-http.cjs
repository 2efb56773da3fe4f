// The ceiling: a bare node:http server on 127.0.0.1, run as `node -e "<this file>"` (bench/peers.ts),
// so its start-up is a bare Node start. `/` answers a fixed small Turtle body; `/dump` streams the file
// named by BARE_DUMP_FILE; `/document` answers the bytes and type last PUT there (the bench puts our
// server's answer to the same request, so both sides send the same body). Prints `listening <port>`
// once ready. CommonJS: `node -e` runs that by default.
'use strict';
const { createReadStream, statSync } = require('node:fs');
const { createServer } = require('node:http');
const { pipeline } = require('node:stream');

const BODY = Buffer.from(
  '@prefix schema: <https://schema.org/> .\n<https://w3id.org/anmc21/id/city/tokyo> a schema:City ;\n' +
    '  <http://www.w3.org/2000/01/rdf-schema#label> "東京"@zh-Hant .\n',
);
const dumpFile = process.env.BARE_DUMP_FILE;

let document = { type: 'text/plain', body: Buffer.alloc(0) };

const server = createServer((req, res) => {
  if (req.url === '/document') {
    if (req.method === 'PUT') {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        document = { type: req.headers['content-type'] || 'application/octet-stream', body: Buffer.concat(chunks) };
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(200, { 'Content-Type': document.type, 'Content-Length': document.body.length });
    res.end(document.body);
    return;
  }
  if (req.url === '/dump' && dumpFile) {
    res.writeHead(200, { 'Content-Type': 'application/n-quads', 'Content-Length': statSync(dumpFile).size });
    pipeline(createReadStream(dumpFile), res, () => {});
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/turtle; charset=utf-8', 'Content-Length': BODY.length });
  res.end(BODY);
});
server.keepAliveTimeout = 30_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
