// The ceiling: a bare node:http server on 127.0.0.1. `/` answers a fixed small Turtle body; `/dump`
// streams the file named by BARE_DUMP_FILE. Prints `listening <port>` once ready.

import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream';

const BODY = Buffer.from(
  '@prefix schema: <https://schema.org/> .\n<https://w3id.org/anmc21/id/city/tokyo> a schema:City ;\n' +
    '  <http://www.w3.org/2000/01/rdf-schema#label> "東京"@zh-Hant .\n',
);
const dumpFile = process.env.BARE_DUMP_FILE;

const server = createServer((req, res) => {
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
