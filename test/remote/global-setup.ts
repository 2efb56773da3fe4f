// Global set-up of the remote tier: a fresh Virtuoso (scripts/virtuoso.sh) with the publisher fixture
// loaded through the Graph Store Protocol; stopped (by PID, by the script) when the tier ends.
//
// Ports default to 18891/11112 so a benchmark's Virtuoso on the script's defaults can run beside it;
// set VIRTUOSO_HTTP_PORT / VIRTUOSO_SQL_PORT to move them. The store's silent row cap is set low
// (ResultSetMaxRows 1000) so the tests can reach it.

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Parser, Writer } from 'n3';
import type { TestProject } from 'vitest/node';
import { loadRemote } from '../../src/store/load-remote.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/virtuoso.sh', import.meta.url).pathname;
export const FIXTURE = new URL('../fixtures/publisher/anmc21.trig', import.meta.url);
export const STORE_MAX_ROWS = 1000;

export interface VirtuosoInfo {
  pid: string;
  http: string;
  sparql: string;
  sparqlAuth: string;
  sparqlBasic: string;
  gspAuth: string;
  gspBasic: string;
  user: string;
  password: string;
  /** The fixture as N-Quads (what was loaded). */
  fixtureNq: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    virtuoso: VirtuosoInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = {
    ...process.env,
    VIRTUOSO_HTTP_PORT: process.env.VIRTUOSO_HTTP_PORT ?? '18891',
    VIRTUOSO_SQL_PORT: process.env.VIRTUOSO_SQL_PORT ?? '11112',
    VIRTUOSO_MAX_ROWS: String(STORE_MAX_ROWS),
  };
  const stop = async () => {
    await run('bash', [SCRIPT, 'stop'], { env, timeout: 60_000 });
  };
  let out: string;
  try {
    ({ stdout: out } = await run('bash', [SCRIPT, 'start'], { env, timeout: 300_000 }));
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(`scripts/virtuoso.sh start failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
  const vars = Object.fromEntries(out.trim().split('\n').map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
  try {
    const trig = await readFile(FIXTURE, 'utf8');
    const nquads = new Writer({ format: 'N-Quads' }).quadsToString(new Parser({ format: 'application/trig' }).parse(trig));
    const dir = await mkdtemp(join(tmpdir(), 'anmc21-remote-'));
    const fixtureNq = join(dir, 'anmc21.nq');
    await writeFile(fixtureNq, nquads);
    const credentials = { user: vars.VIRTUOSO_USER!, password: vars.VIRTUOSO_PASSWORD!, scheme: 'digest' as const };
    await loadRemote({ file: fixtureNq, graphStore: vars.VIRTUOSO_GSP_AUTH!, endpoint: vars.VIRTUOSO_SPARQL!, credentials, log: () => {} });
    project.provide('virtuoso', {
      pid: vars.VIRTUOSO_PID!, http: vars.VIRTUOSO_HTTP!, sparql: vars.VIRTUOSO_SPARQL!, sparqlAuth: vars.VIRTUOSO_SPARQL_AUTH!,
      sparqlBasic: vars.VIRTUOSO_SPARQL_BASIC!, gspAuth: vars.VIRTUOSO_GSP_AUTH!, gspBasic: vars.VIRTUOSO_GSP_BASIC!,
      user: vars.VIRTUOSO_USER!, password: vars.VIRTUOSO_PASSWORD!, fixtureNq,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
