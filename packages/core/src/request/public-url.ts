import { WebhookVerificationError } from '../errors.js';
import type { IncomingWebhook } from './incoming-webhook.js';

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443' };

/** The public origin a vendor calls, for schemes that sign the URL (Ethoca, Twilio). */
export interface PublicOrigin {
  /** `https:` or `http:`. */
  readonly protocol: string;
  /** Lowercase host name, without the port. */
  readonly hostname: string;
  /** The port, always explicit (`443` when the URL had none). */
  readonly port: string;
  /** True when `port` is the protocol's default. */
  readonly defaultPort: boolean;
}

/**
 * Validates a `publicUrl` option at configuration time: an http(s) origin, with no path,
 * query, fragment or credentials (a `TypeError` otherwise, so a path prefix is never
 * silently ignored).
 */
export function originFromPublicUrl(publicUrl: string, scheme: string): PublicOrigin {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new TypeError(
      `[hookguard] ${scheme}: publicUrl must be an absolute URL such as https://merchant.com.`,
    );
  }
  const defaultPort = DEFAULT_PORTS[url.protocol];
  if (
    defaultPort === undefined ||
    url.username !== '' ||
    url.password !== '' ||
    url.pathname !== '/' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new TypeError(
      `[hookguard] ${scheme}: publicUrl must be an http(s) origin with no path, query or credentials, such as https://merchant.com.`,
    );
  }
  const port = url.port || defaultPort;
  return {
    protocol: url.protocol,
    hostname: url.hostname,
    port,
    defaultPort: port === defaultPort,
  };
}

/**
 * The origin as the request shows it: `https://` and the `Host` header (the vendors only
 * call HTTPS endpoints), or `X-Forwarded-Proto`, `-Host` and `-Port` when `trustProxy` is
 * set (a client can send those headers, so they are never trusted by default).
 */
export function originFromRequest(
  request: IncomingWebhook,
  trustProxy: boolean,
  scheme: string,
): PublicOrigin {
  const forwardedHost = trustProxy ? request.header('x-forwarded-host') : undefined;
  const host = forwardedHost ?? request.header('host');
  const forwardedProto = trustProxy
    ? request.header('x-forwarded-proto')?.toLowerCase()
    : undefined;
  const protocol = forwardedProto === 'http' ? 'http:' : 'https:';
  const match = host === undefined ? null : /^(\[[^\]]*\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (match === null) {
    throw new WebhookVerificationError(
      'malformed_request',
      'the Host header is missing or malformed, and no publicUrl is configured to build the signed URL from.',
      { provider: scheme },
    );
  }
  const forwardedPort = trustProxy ? request.header('x-forwarded-port') : undefined;
  const defaultPort = DEFAULT_PORTS[protocol] as string;
  const port = match[2] ?? forwardedPort ?? defaultPort;
  return {
    protocol,
    hostname: (match[1] as string).toLowerCase(),
    port,
    defaultPort: port === defaultPort,
  };
}

/**
 * Path and query from a request target, which a proxy may send in absolute form. An
 * absolute target the URL Standard refuses (a port above 65535, a broken IPv6 literal) is
 * `malformed_request`: Node and Express pass such a target through untouched, so it is
 * request data like any other, never a `TypeError`.
 */
export function pathAndQuery(target: string, scheme: string): string {
  if (!/^https?:\/\//i.test(target)) return target;
  let url: URL;
  try {
    url = new URL(target);
  } catch (cause) {
    throw new WebhookVerificationError(
      'malformed_request',
      'the request target is an absolute URL that is not valid (check the port and host of the request line).',
      { provider: scheme, cause },
    );
  }
  return `${url.pathname}${url.search}`;
}

/** `https://host:443/path?query`: the URL with its port always written (Ethoca). */
export function urlWithPort(origin: PublicOrigin, path: string): string {
  return `${origin.protocol}//${origin.hostname}:${origin.port}${path}`;
}

/** `https://host/path?query`: the URL with a default port left out (Twilio's usual form). */
export function urlWithoutDefaultPort(origin: PublicOrigin, path: string): string {
  return origin.defaultPort
    ? `${origin.protocol}//${origin.hostname}${path}`
    : urlWithPort(origin, path);
}
