// Absolute URLs of this server: from the configured public URL, else from the request's Host, which
// is checked first (RFC 9110 §7.2: host and optional port, as in RFC 3986 §3.2.2). A Host that is not
// a host name or address is a 400, never reflected into a page, a Service Description or a manifest.

import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { HttpError } from './http-error.ts';

/** A DNS name (letters, digits, `-`, `_`; labels up to 63), an IPv4 address or an [IPv6] literal, and a port. */
const HOST =
  /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?)(?::(?:[0-9]{1,5}))?$/;

/**
 * Why a request's Host header cannot be used, or undefined when it can. HTTP/1.1 requires one
 * (RFC 9112 §3.2); HTTP/1.0 may omit it.
 */
export function hostProblem(
  req: Pick<IncomingMessage, 'headers' | 'httpVersionMajor' | 'httpVersionMinor'>,
): string | undefined {
  const host = req.headers.host;
  if (host === undefined || host === '') {
    const http10 = req.httpVersionMajor === 1 && req.httpVersionMinor === 0;
    return http10 ? undefined : 'The request has no Host header (HTTP/1.1 requires one)';
  }
  if (host.length > 255 || !HOST.test(host)) return `Invalid Host header ${JSON.stringify(host.slice(0, 100))}`;
  const port = /:(\d+)$/.exec(host)?.[1];
  if (port !== undefined && Number(port) > 65535) return `Invalid port in the Host header ${JSON.stringify(host)}`;
  return undefined;
}

/**
 * The origin absolute links start with: the configured public URL, else `http(s)://Host` (checked, in
 * lower case), else (an HTTP/1.0 request without Host) the address and port the request arrived on.
 * The one place this server decides its own origin: the Service Description, the reconciliation
 * manifest and the Memento links all take it from here.
 */
export function publicOrigin(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl;
  const problem = hostProblem(req);
  if (problem) throw new HttpError(400, problem);
  const host = req.headers.host || arrivedAt(req);
  if (!host) throw new HttpError(400, 'Absolute links need the Host header; send one');
  return `${req.protocol}://${host.toLowerCase()}`;
}

/** `address:port` the request's connection arrived on (an IPv6 address in brackets), if known. */
function arrivedAt(req: Pick<IncomingMessage, 'socket'>): string | undefined {
  const { localAddress, localPort } = req.socket ?? {};
  if (!localAddress || !localPort) return undefined;
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort}`;
}
