// Graceful close: requests in flight finish, and their keep-alive connections close once answered
// (as behind a proxy, which keeps connections open), so the server stops then, not at the grace time.
import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listen } from '../../src/http/listen.ts';

describe('listen().close()', () => {
  it('closes a keep-alive connection whose request was in flight as soon as it is answered', async () => {
    const running = await listen(
      (_req, res) => {
        setTimeout(() => res.end('done'), 300);
      },
      { host: '127.0.0.1', port: 0 },
    );
    const agent = new Agent({ keepAlive: true });
    let socketClosed: Promise<void> | undefined;
    const answer = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
      const req = request(`${running.url}/`, { agent }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
      });
      req.on('socket', (socket) => (socketClosed = new Promise((r) => socket.once('close', () => r()))));
      req.on('error', reject);
      req.end();
    });
    await new Promise((r) => setTimeout(r, 50));
    let closedAt: number | undefined;
    const started = Date.now();
    // A grace time far longer than the test's bound: only closing the idle connection can end it.
    const closed = running.close(60_000).then(() => (closedAt = Date.now() - started));
    expect(await answer).toEqual({ status: 200, connection: 'keep-alive', body: 'done' });
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000))]);
    expect(closedAt, 'close() resolved once the in-flight request was answered').toBeDefined();
    await socketClosed;
    agent.destroy();
  });
});
