// The e2e suites' remote backend cannot pass silently in memory: this tier selects it, and a suite whose
// queries Virtuoso did not answer fails on close.

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createSparqlStore } from '../../src/store/remote/sparql-store.ts';
import { FIXTURE } from '../e2e/publisher-fixture.ts';
import { connectRemoteDataset, ON_REMOTE, TEST_BACKEND } from '../e2e/test-backend.ts';

describe('the e2e suites in this tier', () => {
  it('run on the remote backend (ANMC21_TEST_BACKEND=sparql)', () => {
    expect(TEST_BACKEND).toBe('sparql');
    expect(ON_REMOTE).toBe(true);
  });

  it('query Virtuoso through the counting proxy, and a suite that queried nothing fails on close', async () => {
    const trig = await readFile(FIXTURE, 'utf8');
    const idle = await connectRemoteDataset(trig, 'application/trig');
    await expect(idle.close()).rejects.toThrow(/Virtuoso answered none of its queries \(0 requests/);

    const used = await connectRemoteDataset(trig, 'application/trig');
    const store = createSparqlStore({ endpoint: used.endpoint, graphs: used.graphs });
    expect(await store.size()).toBeGreaterThan(0);
    expect(used.stats().requests).toBeGreaterThan(0);
    expect(used.stats().servers.join(' ')).toMatch(/Virtuoso/);
    await used.close();
  });
});
