import { WebhookVerificationError } from '../errors.js';
import { assertMediaType, type MediaType } from './media-type.js';

/** Request headers as Node gives them: lowercased names, a list where a header repeated. */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Builds headers from Node's `rawHeaders` (`[name, value, name, value, …]`), keeping every
 * repeated header as a list.
 *
 * Node's own `req.headers` silently keeps only the first `Authorization` or `Content-Type`
 * and joins other repeats with `", "`; a verifier must see the repeat to refuse it. Adapters
 * call this instead of reading `req.headers`.
 */
export function headersFromRaw(rawHeaders: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (typeof existing === 'string') headers[name] = [existing, value];
    else existing.push(value);
  }
  return headers;
}

/**
 * The headers of a Node request, every repeat kept: Node's own `req.headers` when no header
 * name appears twice, else {@link headersFromRaw}.
 *
 * Without a repeat, Node's object holds every header once, lowercased, its value verbatim:
 * it dropped or joined nothing (it keeps one key per distinct name, so fewer keys than
 * `rawHeaders` pairs means a repeat). For a framework that reads `req.headers` on every
 * request anyway (Fastify reads the Content-Type from it), reusing it saves building a
 * second object, about 1.5 µs a request (decision 168). An adapter whose framework does not
 * read `req.headers` should call {@link headersFromRaw}: Node builds its object lazily.
 *
 * @example
 * ```ts
 * const headers = headersOfNodeRequest(request.raw); // Fastify's request
 * checkRequestHead(scheme.mediaType, headers, scheme.name);
 * ```
 */
export function headersOfNodeRequest(request: NodeRequestHead): WebhookHeaders {
  const { headers, rawHeaders } = request;
  let names = 0;
  // for…in also counts an enumerable key polluting Object.prototype: more keys, raw path.
  for (const _ in headers) names++;
  return names * 2 === rawHeaders.length ? headers : headersFromRaw(rawHeaders);
}

/** What {@link headersOfNodeRequest} reads of Node's `IncomingMessage`. */
export interface NodeRequestHead {
  readonly headers: WebhookHeaders;
  readonly rawHeaders: readonly string[];
}

function declaresBody(headers: WebhookHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * What a Node adapter checks before reading a byte of the body: the headers from
 * `rawHeaders` (repeats kept, see {@link headersFromRaw}), and one Content-Type that the
 * scheme takes (see {@link checkRequestHead}). Returns the headers, for `verify`.
 */
export function readRequestHead(
  mediaType: MediaType,
  rawHeaders: readonly string[],
  provider: string,
): Record<string, string | string[]> {
  const headers = headersFromRaw(rawHeaders);
  checkRequestHead(mediaType, headers, provider);
  return headers;
}

/**
 * One Content-Type that the scheme takes, checked on headers that kept every repeat:
 * `malformed_request` for a repeat, `unsupported_media_type` otherwise, so a wrong request
 * is refused without buffering anything.
 *
 * @example
 * ```ts
 * checkRequestHead('json', { 'content-type': 'text/plain', 'content-length': '2' }, 'acme');
 * // throws WebhookVerificationError: unsupported_media_type (415)
 * ```
 */
export function checkRequestHead(
  mediaType: MediaType,
  headers: WebhookHeaders,
  provider: string,
): void {
  const contentType = headers['content-type'];
  if (typeof contentType !== 'string' && contentType !== undefined) {
    throw new WebhookVerificationError(
      'malformed_request',
      'the content-type header appears more than once.',
      { provider },
    );
  }
  assertMediaType(mediaType, contentType, declaresBody(headers), provider);
}
