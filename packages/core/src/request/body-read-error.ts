import { isWebhookVerificationError, WebhookVerificationError } from '../errors.js';

/**
 * The refusal of a body over the route's limit, with its size as known: counted, or as the
 * `Content-Length` declared it (refused before a byte is read). Every adapter and the core
 * refuse it in these words.
 */
export function bodyTooLarge(
  size: number | string,
  limit: number,
  provider?: string,
): WebhookVerificationError {
  return new WebhookVerificationError(
    'body_too_large',
    `the body is ${size} bytes; the limit is ${limit}.`,
    { provider },
  );
}

/**
 * Turns the error a body reader raised into a {@link WebhookVerificationError}, so every
 * adapter answers alike. Knows `raw-body`'s `type`s and Fastify's `FST_ERR_CTP_*` codes by
 * name only (no dependency). Returns undefined for an error it does not recognise, which
 * the adapter passes on unchanged.
 */
export function fromBodyReadError(
  error: unknown,
  provider?: string,
): WebhookVerificationError | undefined {
  if (isWebhookVerificationError(error)) return error;
  if (error === null || typeof error !== 'object') return undefined;
  const { type, code } = error as { type?: unknown; code?: unknown };
  const options = { provider, cause: error };
  if (type === 'entity.too.large' || code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new WebhookVerificationError(
      'body_too_large',
      'the body is larger than the limit for this route.',
      options,
    );
  }
  if (type === 'request.size.invalid' || code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
    return new WebhookVerificationError(
      'malformed_request',
      'the body length does not match Content-Length.',
      options,
    );
  }
  if (type === 'request.aborted' || code === 'ECONNRESET' || code === 'ECONNABORTED') {
    return new WebhookVerificationError(
      'malformed_request',
      'the client stopped sending before the body was complete.',
      options,
    );
  }
  if (type === 'stream.not.readable') {
    return new WebhookVerificationError(
      'body_already_parsed',
      'the request stream was already read by something else.',
      options,
    );
  }
  return undefined;
}
