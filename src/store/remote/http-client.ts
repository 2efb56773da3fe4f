// An HTTP client for a remote SPARQL store: fetch with Basic or Digest authentication (RFC 7617,
// RFC 7616), answering the server's 401 challenge and remembering it per endpoint path.

import { createHash, randomBytes } from 'node:crypto';
import { causeText, RemoteStoreError } from './errors.ts';

/** How the client authenticates: `auto` answers whichever scheme the server's 401 challenge asks for. */
export type AuthScheme = 'basic' | 'digest' | 'auto';

export interface SparqlCredentials {
  user: string;
  password: string;
  scheme?: AuthScheme;
}

/**
 * Credentials from the environment: `ANMC21_SPARQL_USER`, `ANMC21_SPARQL_PASSWORD`, and optionally
 * `ANMC21_SPARQL_AUTH` (basic | digest | auto, default auto). Undefined when no user is set.
 */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): SparqlCredentials | undefined {
  const user = env.ANMC21_SPARQL_USER;
  if (!user) return undefined;
  const scheme = (env.ANMC21_SPARQL_AUTH ?? 'auto').toLowerCase();
  if (scheme !== 'basic' && scheme !== 'digest' && scheme !== 'auto') {
    throw new RemoteStoreError(
      'config',
      `ANMC21_SPARQL_AUTH must be basic, digest or auto, got ${JSON.stringify(env.ANMC21_SPARQL_AUTH)}`,
    );
  }
  return { user, password: env.ANMC21_SPARQL_PASSWORD ?? '', scheme };
}

/** One challenge of a `WWW-Authenticate` header: scheme (lower case) and its parameters (names lower case). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parse `WWW-Authenticate` (several challenges may be joined by commas, as fetch's Headers does). */
export function parseAuthChallenges(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const token =
    /\s*(?:([A-Za-z][\w-]*)\s+(?=[\w-]+\s*=)|([A-Za-z][\w-]*)\s*(?:,|$)|([\w-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)\s*(?:,|$))/y;
  let at = 0;
  while (at < header.length) {
    token.lastIndex = at;
    const m = token.exec(header);
    if (!m || token.lastIndex === at) break;
    at = token.lastIndex;
    if (m[1] || m[2]) challenges.push({ scheme: (m[1] ?? m[2]!).toLowerCase(), params: {} });
    else if (m[3] && challenges.length) {
      const raw = m[4]!;
      challenges.at(-1)!.params[m[3].toLowerCase()] = raw.startsWith('"')
        ? raw.slice(1, -1).replace(/\\(.)/g, '$1')
        : raw;
    }
  }
  return challenges;
}

/**
 * The `Authorization` value answering a Digest challenge (RFC 7616; qop `auth` or none; MD5, SHA-256,
 * and their `-sess` variants). `uri` is the request target (path and query); `nc` counts requests made
 * with this nonce, from 1.
 */
export function digestAuthorization(
  challenge: Record<string, string>,
  credentials: { user: string; password: string },
  request: { method: string; uri: string },
  nc: number,
  cnonce: string,
): string {
  const algorithm = (challenge.algorithm ?? 'MD5').toUpperCase();
  const hashName = algorithm.startsWith('SHA-256') ? 'sha256' : algorithm.startsWith('MD5') ? 'md5' : undefined;
  if (!hashName)
    throw new RemoteStoreError('unsupported', `Digest algorithm ${algorithm} is not supported (MD5, SHA-256 are)`);
  const h = (text: string) => createHash(hashName).update(text, 'utf8').digest('hex');
  const { realm = '', nonce = '' } = challenge;
  const qops = (challenge.qop ?? '')
    .split(',')
    .map((q) => q.trim())
    .filter(Boolean);
  if (qops.length > 0 && !qops.includes('auth'))
    throw new RemoteStoreError('unsupported', `Digest qop ${challenge.qop} is not supported (auth is)`);
  const qop = qops.length > 0 ? 'auth' : undefined;
  let ha1 = h(`${credentials.user}:${realm}:${credentials.password}`);
  if (algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${request.method}:${request.uri}`);
  const ncText = nc.toString(16).padStart(8, '0');
  const response = qop ? h(`${ha1}:${nonce}:${ncText}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${nonce}:${ha2}`);
  const quote = (value: string) => `"${value.replace(/[\\"]/g, '\\$&')}"`;
  const parts = [
    `username=${quote(credentials.user)}`,
    `realm=${quote(realm)}`,
    `nonce=${quote(nonce)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${challenge.algorithm ?? 'MD5'}`,
    `response=${quote(response)}`,
  ];
  if (challenge.opaque !== undefined) parts.push(`opaque=${quote(challenge.opaque)}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${ncText}`, `cnonce=${quote(cnonce)}`);
  return `Digest ${parts.join(', ')}`;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

/** A fetch wrapper that answers 401 challenges (Basic or Digest) and remembers the last one, per origin+path. */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpAnswer>;
}

export function createHttpClient(credentials?: SparqlCredentials, fetchImpl: typeof fetch = fetch): HttpClient {
  // Per URL path: the scheme to answer with preemptively, and for Digest the challenge and its count.
  const known = new Map<
    string,
    { scheme: 'basic' } | { scheme: 'digest'; challenge: Record<string, string>; nc: number }
  >();

  function authorization(url: URL, method: string): string | undefined {
    if (!credentials) return undefined;
    const state = known.get(url.origin + url.pathname);
    if (credentials.scheme === 'basic' || state?.scheme === 'basic') {
      return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
    }
    if (state?.scheme === 'digest') {
      state.nc += 1;
      return digestAuthorization(
        state.challenge,
        credentials,
        { method, uri: url.pathname + url.search },
        state.nc,
        randomBytes(8).toString('hex'),
      );
    }
    return undefined;
  }

  async function once(request: HttpRequest, url: URL): Promise<Response> {
    const auth = authorization(url, request.method);
    try {
      return await fetchImpl(url, {
        method: request.method,
        headers: { ...request.headers, ...(auth ? { Authorization: auth } : {}) },
        body: request.body,
        signal: request.signal,
        redirect: 'manual',
      });
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason ?? error;
      throw new RemoteStoreError('network', `No answer from ${url.origin}${url.pathname}: ${causeText(error)}`, {
        cause: error,
      });
    }
  }

  return {
    async send(request) {
      const url = new URL(request.url);
      let response = await once(request, url);
      // At most one retry: a fresh challenge (first contact, or a stale Digest nonce).
      if (response.status === 401 && credentials) {
        const challenges = parseAuthChallenges(response.headers.get('www-authenticate') ?? '');
        await response.body?.cancel();
        const digest = challenges.find((c) => c.scheme === 'digest');
        const basic = challenges.find((c) => c.scheme === 'basic');
        const key = url.origin + url.pathname;
        if (digest && credentials.scheme !== 'basic')
          known.set(key, { scheme: 'digest', challenge: digest.params, nc: 0 });
        else if (basic && credentials.scheme !== 'digest') known.set(key, { scheme: 'basic' });
        else {
          throw new RemoteStoreError(
            'unauthorized',
            `${url.origin}${url.pathname} asks for ${challenges.map((c) => c.scheme).join(', ') || 'unknown'} authentication; configured: ${credentials.scheme ?? 'auto'}`,
            { status: 401 },
          );
        }
        response = await once(request, url);
      }
      const body = await response.text().catch((error: unknown) => {
        if (request.signal?.aborted) throw request.signal.reason ?? error;
        throw new RemoteStoreError(
          'network',
          `The answer from ${url.origin}${url.pathname} broke off: ${causeText(error)}`,
          { cause: error },
        );
      });
      if (response.status === 401 || response.status === 403) {
        throw new RemoteStoreError(
          'unauthorized',
          `${url.origin}${url.pathname} refused the ${credentials ? 'credentials' : 'anonymous request'} (${response.status}); set ANMC21_SPARQL_USER / ANMC21_SPARQL_PASSWORD`,
          { status: response.status },
        );
      }
      return { status: response.status, headers: response.headers, body };
    },
  };
}
