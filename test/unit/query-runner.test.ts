// The one bounded queue of the query runners (src/store/query-runner.ts): slots handed over in order,
// a full line refused, waits bounded in time, aborts and closing honoured.
import { describe, expect, it } from 'vitest';
import { BoundedQueue, QueryPoolError } from '../../src/store/query-runner.ts';

const queue = (free: number, queueLength: number) =>
  new BoundedQueue({ free, queueLength, busyMessage: () => 'busy: full' });

describe('BoundedQueue', () => {
  it('hands a released slot to the first in line, not to a later caller', async () => {
    const q = queue(1, 2);
    await q.acquire(undefined, 1000, 1000);
    const order: string[] = [];
    const first = q.acquire(undefined, 1000, 1000).then(() => order.push('first'));
    const second = q.acquire(undefined, 1000, 1000).then(() => order.push('second'));
    expect(q.waiting).toBe(2);
    q.release();
    // A newcomer finds no free slot: the released one went to the first in line; it waits behind the second.
    await expect(q.acquire(undefined, 20, 1000)).rejects.toThrow(/no slot became free within 20 ms/);
    expect(order).toEqual(['first']);
    q.release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('refuses when the line is full, and after the longest wait', async () => {
    const q = queue(0, 1);
    const waiting = q.acquire(undefined, 30, 500);
    await expect(q.acquire(undefined, 30, 500)).rejects.toMatchObject({ reason: 'busy', message: 'busy: full' });
    await expect(waiting).rejects.toThrow(/no slot became free within 30 ms/);
    expect(q.waiting).toBe(0);
  });

  it('leaves the line on abort, and fails everyone on close', async () => {
    const q = queue(0, 3);
    const controller = new AbortController();
    const aborted = q.acquire(controller.signal, 1000, 1000);
    const closed = q.acquire(undefined, 1000, 1000);
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ reason: 'aborted' });
    q.failAll(() => new QueryPoolError('closed', 'closed'));
    await expect(closed).rejects.toMatchObject({ reason: 'closed' });
    await expect(q.acquire(AbortSignal.abort(), 1000, 1000)).rejects.toMatchObject({ reason: 'aborted' });
  });

  it('takes back a free slot that went away', async () => {
    const q = queue(1, 0);
    q.withdraw();
    await expect(q.acquire(undefined, 1000, 1000)).rejects.toMatchObject({ reason: 'busy' });
  });
});
