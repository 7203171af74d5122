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

function declaresBody(headers: Readonly<Record<string, string | string[]>>): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * What a Node adapter checks before reading a byte of the body: the headers from
 * `rawHeaders` (repeats kept, see {@link headersFromRaw}), and one Content-Type that the
 * scheme takes (`malformed_request` for a repeat, `unsupported_media_type` otherwise), so a
 * wrong request is refused without buffering anything. Returns the headers, for `verify`.
 */
export function readRequestHead(
  mediaType: MediaType,
  rawHeaders: readonly string[],
  provider: string,
): Record<string, string | string[]> {
  const headers = headersFromRaw(rawHeaders);
  const contentType = headers['content-type'];
  if (Array.isArray(contentType)) {
    throw new WebhookVerificationError(
      'malformed_request',
      'the content-type header appears more than once.',
      { provider },
    );
  }
  assertMediaType(mediaType, contentType, declaresBody(headers), provider);
  return headers;
}
