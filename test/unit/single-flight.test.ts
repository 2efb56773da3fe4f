// SingleFlight: identical work in flight runs once; a caller may leave; the work stops when all have.
import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../src/store/single-flight.ts';

/** A piece of work that finishes when told to, and records whether it was aborted. */
function gate<V>() {
  let open!: (value: V) => void;
  let fail!: (error: Error) => void;
  const state = { calls: 0, aborted: false };
  const work = (signal: AbortSignal) => {
    state.calls++;
    signal.addEventListener('abort', () => (state.aborted = true));
    return new Promise<V>((resolve, reject) => {
      open = resolve;
      fail = reject;
    });
  };
  return { work, state, open: (v: V) => open(v), fail: (e: Error) => fail(e) };
}

describe('SingleFlight', () => {
  it('runs 64 identical requests once and gives each the outcome', async () => {
    const flights = new SingleFlight<string, number>();
    const g = gate<number>();
    const callers = Array.from({ length: 64 }, () => flights.run('k', g.work));
    expect(flights.running).toBe(1);
    g.open(42);
    expect(await Promise.all(callers)).toEqual(Array(64).fill(42));
    expect(g.state.calls).toBe(1);
    expect(flights).toMatchObject({ started: 1, joined: 63, running: 0 });
  });

  it('runs again once the first run has settled, and shares failures', async () => {
    const flights = new SingleFlight<string, number>();
    const g = gate<number>();
    const a = flights.run('k', g.work);
    const b = flights.run('k', g.work);
    g.fail(new Error('no'));
    await expect(a).rejects.toThrow('no');
    await expect(b).rejects.toThrow('no');
    const h = gate<number>();
    const c = flights.run('k', h.work);
    h.open(1);
    expect(await c).toBe(1);
  });

  it('lets one caller leave without stopping the work; stops it when the last leaves', async () => {
    const flights = new SingleFlight<string, number>();
    const g = gate<number>();
    const first = new AbortController();
    const second = new AbortController();
    const a = flights.run('k', g.work, first.signal);
    const b = flights.run('k', g.work, second.signal);
    first.abort(new Error('left'));
    await expect(a).rejects.toThrow('left');
    expect(g.state.aborted).toBe(false);
    second.abort(new Error('left too'));
    await expect(b).rejects.toThrow('left too');
    expect(g.state.aborted).toBe(true);
    // A new caller starts afresh rather than joining the abandoned run.
    const h = gate<number>();
    const c = flights.run('k', h.work);
    expect(h.state.calls).toBe(1);
    h.open(7);
    expect(await c).toBe(7);
  });
});
