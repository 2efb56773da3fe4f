// The W3C SPARQL 1.1 Protocol tests (sparql11/protocol/manifest.ttl of the W3C suites) against the live endpoint.
//
// The endpoint is read-only, so a test whose first request is an update is expected to be refused
// (4xx) and its follow-up requests (which check the update's effect) are not sent. Every other test
// runs as written, with `/sparql/` as the path prefix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser, Store, type Term } from 'n3';
import { SUITES } from '../conformance/support/w3c.ts';
import { startSparqlServer, type TestServer } from './sparql-server.ts';

const MANIFEST = pathToFileURL(path.join(SUITES.sparql11.dir, 'protocol', 'manifest.ttl'));
const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  mf: 'http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#',
  ht: 'http://www.w3.org/2011/http#',
  cnt: 'http://www.w3.org/2011/content#',
  hts: 'http://www.w3.org/2011/http-statusCodes#',
};

interface ProtocolRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  bodyEncoding?: string;
  expectedStatus: string[];
  expectedFormat?: string;
  expectedBoolean?: boolean;
}
interface ProtocolTest {
  id: string;
  name: string;
  requests: ProtocolRequest[];
}

function readManifest(): ProtocolTest[] {
  const store = new Store(new Parser({ baseIRI: MANIFEST.href }).parse(readFileSync(MANIFEST, 'utf8')));
  const one = (s: Term, p: string) => store.getObjects(s, p, null)[0];
  const list = (head: Term | undefined): Term[] => {
    const out: Term[] = [];
    for (let node = head; node && node.value !== `${NS.rdf}nil`; node = one(node, `${NS.rdf}rest`))
      out.push(one(node, `${NS.rdf}first`));
    return out;
  };
  const manifest = store.getSubjects(`${NS.rdf}type`, `${NS.mf}Manifest`, null)[0];
  return list(one(manifest, `${NS.mf}entries`)).map((test) => {
    const action = one(test, `${NS.mf}action`);
    const requests = list(one(action, `${NS.ht}requests`)).map((req): ProtocolRequest => {
      const headers: Record<string, string> = {};
      for (const h of list(one(req, `${NS.ht}headers`)))
        headers[one(h, `${NS.ht}fieldName`).value] = one(h, `${NS.ht}fieldValue`).value;
      const body = one(req, `${NS.ht}body`);
      const resp = one(req, `${NS.ht}resp`);
      const boolean = one(resp, `${NS.mf}expectedBoolean`);
      return {
        method: one(req, `${NS.ht}methodName`).value,
        path: one(req, `${NS.ht}absolutePath`).value,
        headers,
        body: body ? one(body, `${NS.cnt}chars`).value : undefined,
        bodyEncoding: body ? one(body, `${NS.cnt}characterEncoding`)?.value : undefined,
        expectedStatus: store.getObjects(resp, `${NS.mf}expectedStatus`, null).map((t) => t.value.slice(NS.hts.length)),
        expectedFormat: one(resp, `${NS.mf}expectedFormat`)?.value,
        expectedBoolean: boolean ? boolean.value === 'true' : undefined,
      };
    });
    return { id: test.value.split('#')[1], name: one(test, `${NS.mf}name`).value, requests };
  });
}

const TESTS = readManifest();
const isUpdate = (r: ProtocolRequest) =>
  /update/i.test(r.headers['content-type'] ?? '') ||
  /(^|[?&])(update|using-(named-)?graph-uri)=/.test(r.path) ||
  /^update=/.test(r.body ?? '');

let server: TestServer;
beforeAll(async () => {
  server = await startSparqlServer({ workers: 2 });
});
afterAll(() => server?.close());

describe('W3C SPARQL 1.1 Protocol', () => {
  it('reads all 34 tests of the manifest', () => {
    expect(TESTS).toHaveLength(34);
  });

  for (const test of TESTS) {
    const first = test.requests[0];
    const refusedUpdate = isUpdate(first) && first.expectedStatus.some((s) => s === 'StatusCode2xx');
    it(`${test.id}: ${test.name}${refusedUpdate ? ' (update: refused by this read-only endpoint)' : ''}`, async () => {
      for (const request of refusedUpdate ? [first] : test.requests) {
        const body =
          request.body === undefined
            ? undefined
            : request.bodyEncoding === 'UTF-16'
              ? new Uint8Array(Buffer.from(`\ufeff${request.body}`, 'utf16le'))
              : request.body;
        const res = await fetch(server.url + request.path, {
          method: request.method,
          headers: request.headers,
          body,
          signal: AbortSignal.timeout(10_000),
        });
        const text = await res.text();
        const statusClass = `StatusCode${String(res.status)[0]}xx`;
        if (refusedUpdate) {
          expect(res.status, text).toBe(400);
          expect(text).toMatch(/Update|read-only/);
          continue;
        }
        expect(request.expectedStatus, `${res.status} ${text}`).toContain(statusClass);
        if (res.status >= 400) continue;
        const type = res.headers.get('content-type')!.split(';')[0];
        if (request.expectedFormat === 'boolean' || request.expectedBoolean !== undefined) {
          expect(type).toBe('application/sparql-results+json');
          const value = JSON.parse(text).boolean;
          expect(typeof value).toBe('boolean');
          if (request.expectedBoolean !== undefined)
            expect(value, request.body ?? request.path).toBe(request.expectedBoolean);
        }
        if (request.expectedFormat === 'tabular') {
          expect([
            'application/sparql-results+json',
            'application/sparql-results+xml',
            'text/csv',
            'text/tab-separated-values',
          ]).toContain(type);
          expect(JSON.parse(text).results.bindings).toEqual([
            { value: { type: 'literal', value: '1', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } },
          ]);
        }
        if (request.expectedFormat === 'RDF') {
          expect(['text/turtle', 'application/n-triples', 'application/rdf+xml']).toContain(type);
          new Parser({ format: type }).parse(text);
        }
      }
    });
  }
});
