import { assertMediaType } from '../request/media-type.js';
import type { WebhookScheme } from '../scheme.js';

/** The part of a Fetch API `Request` the head check reads. */
export interface WebRequestHead {
  readonly headers: { forEach(callback: (value: string, name: string) => void): void };
  readonly body: unknown;
}

/**
 * What a Web adapter checks before reading a byte of the body: a Content-Type the scheme
 * takes (a request without a body needs none). Returns the headers, for `verify`.
 *
 * The Fetch API merges a repeated header into one value joined by ", ": the repeat itself
 * cannot be seen here, only (for most schemes) an undecodable signature.
 */
export function readWebHead(
  scheme: WebhookScheme,
  request: WebRequestHead,
): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const declaresBody = request.body !== null && headers['content-length'] !== '0';
  assertMediaType(scheme.mediaType, headers['content-type'], declaresBody, scheme.name);
  return headers;
}
