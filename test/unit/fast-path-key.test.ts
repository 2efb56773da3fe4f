// What the fast path's response cache keys on (http/fast-path.ts): everything an answer depends on,
// the Host among it, since the Memento links name it when no public URL is configured.
import { describe, expect, it } from 'vitest';
import { responseKey } from '../../src/http/fast-path.ts';

describe('responseKey', () => {
  const key = (headers: Record<string, string>) => responseKey('/id/city/seoul', headers);

  it('keeps answers for different Hosts apart, whatever their case', () => {
    const ours = key({ host: 'data.example.org', accept: 'text/turtle' });
    expect(ours).toBeDefined();
    expect(key({ host: 'DATA.example.org', accept: 'text/turtle' })).toBe(ours);
    expect(key({ host: 'attacker.example', accept: 'text/turtle' })).not.toBe(ours);
    expect(key({ host: 'data.example.org:8080', accept: 'text/turtle' })).not.toBe(ours);
  });

  it('keeps no answer for a request without Host (its links name the address it arrived on)', () => {
    expect(key({ accept: 'text/turtle' })).toBeUndefined();
    expect(key({ host: '', accept: 'text/turtle' })).toBeUndefined();
  });

  it('keys on Accept as sent and on the interface language Accept-Language picks', () => {
    const host = 'data.example.org';
    expect(key({ host, accept: 'text/html' })).not.toBe(key({ host, accept: 'text/turtle' }));
    expect(key({ host, accept: 'text/html', 'accept-language': 'en' })).not.toBe(
      key({ host, accept: 'text/html', 'accept-language': 'ja' }),
    );
    expect(key({ host, accept: 'x'.repeat(300) })).toBeUndefined();
  });
});
