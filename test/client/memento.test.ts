// Time travel with real clients: Debian's python3-rdflib loads a Memento by its URL (rdflib's own content
// negotiation), and Python's urllib does datetime negotiation at the Original Resource (Accept-Datetime,
// following the TimeGate's 302) and hands the body to rdflib; curl reads the TimeMap.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listReleases, type Release } from '../../src/release/releases.ts';
import { serve, type Serving } from '../../src/server.ts';
import { realConfig } from '../support/real-dist.ts';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const TOMSK = 'https://w3id.org/anmc21/id/city/tomsk';
const LAT = 'http://www.w3.org/2003/01/geo/wgs84_pos#lat';

// argv: memento URL, original URL, Accept-Datetime. Prints what rdflib read both ways.
const SCRIPT = String.raw`
import json, sys, urllib.request
from rdflib import Graph, URIRef
memento, original, when = sys.argv[1:4]
g = Graph()
g.parse(memento)
lat = URIRef("${LAT}")
req = urllib.request.Request(original, headers={"Accept-Datetime": when, "Accept": "text/turtle"})
with urllib.request.urlopen(req) as res:
    landed, datetime, ctype, body = res.geturl(), res.headers.get("Memento-Datetime"), res.headers.get("Content-Type"), res.read()
h = Graph()
h.parse(data=body, format="turtle")
print(json.dumps({
    "triples": len(g),
    "lat": [str(o) for o in g.objects(URIRef("${TOMSK}"), lat)],
    "negotiated": {"url": landed, "mementoDatetime": datetime, "contentType": ctype,
                   "lat": [str(o) for o in h.objects(URIRef("${TOMSK}"), lat)]},
}))
`;

let serving: Serving;
let releases: Release[];
beforeAll(async () => {
  const config = await realConfig();
  serving = await serve(config, { handleSignals: false, log: () => {} });
  releases = await listReleases(config.releasesDir);
}, 120_000);
afterAll(async () => {
  await serving?.close();
});

describe('Memento with real clients', () => {
  it('rdflib loads a Memento; urllib negotiates the datetime at the Original Resource', async () => {
    const [first, second] = releases as [Release, Release];
    // A moment before the second release: the first is in force.
    const when = new Date(second.issued.getTime() - 60_000).toUTCString();
    const { stdout } = await run(
      PYTHON,
      [
        '-c',
        SCRIPT,
        `${serving.url}/releases/${first.manifest.version}/id/city/tomsk`,
        `${serving.url}/id/city/tomsk`,
        when,
      ],
      { timeout: 60_000 },
    );
    const out = JSON.parse(stdout) as {
      triples: number;
      lat: string[];
      negotiated: { url: string; mementoDatetime: string; contentType: string; lat: string[] };
    };
    expect(out.triples).toBeGreaterThan(20);
    expect(out.lat).toEqual(['56.5']);
    expect(out.negotiated).toEqual({
      url: `${serving.url}/releases/${first.manifest.version}/id/city/tomsk`,
      mementoDatetime: first.issued.toUTCString(),
      contentType: 'text/turtle; charset=utf-8',
      lat: ['56.5'],
    });
  });

  it('curl reads the TimeMap as link-format', async () => {
    const { stdout } = await run('curl', [
      '-s',
      '-H',
      'Accept: application/link-format',
      `${serving.url}/timemap/id/city/tomsk`,
    ]);
    for (const r of releases) {
      expect(stdout).toContain(`<${serving.url}/releases/${r.manifest.version}/id/city/tomsk>; rel="`);
    }
    expect(stdout.split(',\n')[0]).toBe(`<${serving.url}/id/city/tomsk>; rel="original"`);
  });
});
