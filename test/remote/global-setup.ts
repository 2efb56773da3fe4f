// Global set-up of the remote tier: a fresh Virtuoso (scripts/virtuoso.sh) with the publisher fixture
// loaded through the Graph Store Protocol; stopped (by PID, by the script) when the tier ends, also
// when it fails or is interrupted. The e2e suites running here load their own datasets per suite
// (test/e2e/test-backend.ts); test/remote suites reload the publisher fixture before they start.
//
// Ports default to 18991/11311, away from the script's defaults and from a benchmark's Virtuoso;
// set VIRTUOSO_HTTP_PORT / VIRTUOSO_SQL_PORT to move them. The store's silent row cap is set low
// (ResultSetMaxRows 1000) so the tests can reach it.

import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Parser, Writer } from 'n3';
import type { TestProject } from 'vitest/node';
import { loadRemote } from '../../src/store/remote/load.ts';

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
  /** Whether the store runs without any network (scripts/virtuoso.sh VIRTUOSO_NO_EGRESS). */
  noEgress: boolean;
  /** The store's directory (its virtuoso.ini is there). */
  dir: string;
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
    VIRTUOSO_HTTP_PORT: process.env.VIRTUOSO_HTTP_PORT ?? '18991',
    VIRTUOSO_SQL_PORT: process.env.VIRTUOSO_SQL_PORT ?? '11311',
    VIRTUOSO_MAX_ROWS: String(STORE_MAX_ROWS),
    // Without network if this machine allows (store-hardening.test.ts checks it did): Virtuoso has no setting
    // that stops its bif:http_get for the anonymous account.
    VIRTUOSO_NO_EGRESS: process.env.VIRTUOSO_NO_EGRESS ?? 'auto',
  };
  // Interrupted (Ctrl-C, CI cancel): stop the store before vitest exits, then let the signal act.
  const onSignal = (signal: NodeJS.Signals) => {
    try {
      execFileSync('bash', [SCRIPT, 'stop'], { env, timeout: 60_000, stdio: 'ignore' });
    } finally {
      process.kill(process.pid, signal);
    }
  };
  const stop = async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await run('bash', [SCRIPT, 'stop'], { env, timeout: 60_000 });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // A store of ours left by a killed run (same directory and ports) would block the start: stop it (by its PID file).
  await run('bash', [SCRIPT, 'stop'], { env, timeout: 60_000 });
  let out: string;
  try {
    // Generous: on a fresh machine the script first installs Virtuoso with apt.
    ({ stdout: out } = await run('bash', [SCRIPT, 'start'], { env, timeout: 900_000 }));
  } catch (error) {
    await stop().catch(() => {});
    throw new Error(`scripts/virtuoso.sh start failed: ${(error as { stderr?: string }).stderr ?? String(error)}`, {
      cause: error,
    });
  }
  const vars = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  try {
    const trig = await readFile(FIXTURE, 'utf8');
    const nquads = new Writer({ format: 'N-Quads' }).quadsToString(
      new Parser({ format: 'application/trig' }).parse(trig),
    );
    const dir = await mkdtemp(join(tmpdir(), 'anmc21-remote-'));
    const fixtureNq = join(dir, 'anmc21.nq');
    await writeFile(fixtureNq, nquads);
    const credentials = { user: vars.VIRTUOSO_USER!, password: vars.VIRTUOSO_PASSWORD!, scheme: 'digest' as const };
    await loadRemote({
      file: fixtureNq,
      graphStore: vars.VIRTUOSO_GSP_AUTH!,
      endpoint: vars.VIRTUOSO_SPARQL!,
      credentials,
      log: () => {},
    });
    project.provide('virtuoso', {
      pid: vars.VIRTUOSO_PID!,
      http: vars.VIRTUOSO_HTTP!,
      sparql: vars.VIRTUOSO_SPARQL!,
      sparqlAuth: vars.VIRTUOSO_SPARQL_AUTH!,
      sparqlBasic: vars.VIRTUOSO_SPARQL_BASIC!,
      gspAuth: vars.VIRTUOSO_GSP_AUTH!,
      gspBasic: vars.VIRTUOSO_GSP_BASIC!,
      user: vars.VIRTUOSO_USER!,
      password: vars.VIRTUOSO_PASSWORD!,
      noEgress: vars.VIRTUOSO_NO_EGRESS === '1',
      dir: vars.VIRTUOSO_DIR!,
      fixtureNq,
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return stop;
}
