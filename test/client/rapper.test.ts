// A real client: raptor's rapper fetches resources by content negotiation and parses Turtle and RDF/XML.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeResource, descriptionQuads } from '../../src/http/describe.ts';
import { iris } from '../../src/vocab.ts';
import { BASE, type Fixture, startFixture } from '../e2e/publisher-fixture.ts';
import { canonical, parseRdf, triplesOf } from '../e2e/publisher-parse.ts';

const run = promisify(execFile);
let f: Fixture;
beforeAll(async () => {
  f = await startFixture();
});
afterAll(async () => {
  await f?.running.close();
});

describe('rapper', () => {
  for (const [parser, ext] of [
    ['turtle', 'ttl'],
    ['rdfxml', 'rdf'],
  ] as const) {
    for (const path of ['id/city/tokyo', 'id/city/beijing', 'id/membership/beijing', 'ontology/City', 'dataset']) {
      it(`parses ${path} as ${parser}, negotiated and by extension`, async () => {
        const expected =
          path === 'dataset'
            ? await parseRdf(await (await fetch(`${f.url}/dataset.nt`)).text(), 'application/n-triples')
            : descriptionQuads(
                (await describeResource(
                  f.store,
                  path.startsWith('ontology/') ? `https://w3id.org/anmc21/${path}` : BASE + path,
                  { iris: iris(BASE) },
                ))!,
              );
        for (const url of [`${f.url}/${path}`, `${f.url}/${path}.${ext}`]) {
          const { stdout, stderr } = await run('rapper', ['-q', '-i', parser, '-o', 'ntriples', url], {
            timeout: 30_000,
            maxBuffer: 16 * 1024 * 1024,
          });
          expect(stderr).toBe('');
          const got = await parseRdf(stdout, 'application/n-triples');
          expect(await canonical(got), url).toBe(await canonical(triplesOf(expected)));
        }
      });
    }
  }
});
