import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), so a proxy does
 * not pass them on; `Host` is the target's. Every other header goes as received.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The app's answer is read up to this size; the rest is cut (it is echoed to the sender). */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** A request as it came off the wire: repeats and the case of header names kept. */
export interface RawDelivery {
  readonly method: string;
  /** Path and query, as received. */
  readonly url: string;
  /** `[name, value, name, value, …]`, as Node's `rawHeaders`. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/** What the app answered, or why it could not. */
export type ForwardResult =
  | {
      readonly ok: true;
      readonly url: string;
      readonly status: number;
      /** Its headers, connection headers left out. */
      readonly rawHeaders: readonly string[];
      readonly body: Buffer;
      readonly ms: number;
    }
  | {
      readonly ok: false;
      readonly url: string;
      readonly failure: 'unreachable' | 'timeout';
      readonly message: string;
      readonly ms: number;
    };

/** `rawHeaders` without the connection's own headers, nor those `Connection` names. */
export function endToEndHeaders(rawHeaders: readonly string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() !== 'connection') continue;
    for (const token of (rawHeaders[i + 1] as string).split(','))
      named.add(token.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (HOP_BY_HOP.has(name) || named.has(name)) continue;
    kept.push(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  }
  return kept;
}

function withoutHeader(rawHeaders: readonly string[], name: string): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if ((rawHeaders[i] as string).toLowerCase() !== name)
      kept.push(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  }
  return kept;
}

/** The URL a delivery goes to: the target's path as a prefix of the path it was sent to. */
export function forwardUrl(target: URL, path: string): URL {
  const url = new URL(target.href);
  const prefix = target.pathname.replace(/\/+$/, '');
  const query = path.indexOf('?');
  url.pathname = `${prefix}${query === -1 ? path : path.slice(0, query)}`;
  url.search = query === -1 ? '' : path.slice(query);
  return url;
}

/**
 * Sends a delivery on to the app exactly as received: same method, path and query (under
 * the target's path), headers (connection headers aside; `Host` is the target's) and body
 * bytes, with a `Content-Length` where it came chunked. Resolves with the app's whole
 * answer, or with why there is none: the app could not be reached, or did not answer
 * within `timeoutMs`.
 */
export function forward(
  target: URL,
  delivery: RawDelivery,
  timeoutMs: number,
): Promise<ForwardResult> {
  const url = forwardUrl(target, delivery.url);
  const headers = endToEndHeaders(delivery.rawHeaders);
  headers.unshift('Host', url.host);
  const hasLength = headers.some(
    (value, index) => index % 2 === 0 && value.toLowerCase() === 'content-length',
  );
  if (!hasLength && (delivery.body.length > 0 || !['GET', 'HEAD'].includes(delivery.method)))
    headers.push('Content-Length', String(delivery.body.length));
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: ForwardResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const failed = (failure: 'unreachable' | 'timeout', message: string) =>
      finish({ ok: false, url: url.href, failure, message, ms: elapsed() });
    const outgoing = send(url, { method: delivery.method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size >= MAX_RESPONSE_BYTES) return;
        chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
        size += chunk.length;
      });
      response.once('end', () =>
        finish({
          ok: true,
          url: url.href,
          status: response.statusCode ?? 502,
          // The length is the body's as read (cut at the cap), so Node sets it again.
          rawHeaders: withoutHeader(endToEndHeaders(response.rawHeaders), 'content-length'),
          body: Buffer.concat(chunks),
          ms: elapsed(),
        }),
      );
      response.once('error', (error) =>
        failed(
          'unreachable',
          `${url.href} answered ${response.statusCode}, then the connection failed: ${error.message}`,
        ),
      );
    });
    const timer = setTimeout(() => {
      outgoing.destroy();
      failed('timeout', `${url.href} did not answer within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    outgoing.once('error', (error: Error & { code?: string }) =>
      failed('unreachable', `could not reach ${url.href} (${error.code ?? error.message})`),
    );
    outgoing.end(delivery.body);
  });
}
