import type { IncomingMessage } from 'node:http';
import { fromBodyReadError, WebhookVerificationError } from '@hookguard/core/adapter';
import getRawBody from 'raw-body';

const FIX_ORDER =
  'A body parser (such as @koa/bodyparser or koa-body) read the request before the webhook middleware, so the raw bytes it must verify are gone (the parsers keep at most a decoded string, which is not the bytes that were signed). Mount webhook(scheme) on the webhook route before any body parser, or skip the parser for that route.';

/**
 * The raw body, read from the Node request with `raw-body` (refusing a `Content-Length`
 * over the limit before reading a byte and aborting a stream at the limit). A stream a body
 * parser already consumed answers `body_already_parsed` at once: waiting on it would hang.
 */
export async function readBody(
  req: IncomingMessage,
  limit: number,
  provider: string,
): Promise<Buffer> {
  if (req.readableEnded || req.readableDidRead) {
    throw new WebhookVerificationError('body_already_parsed', FIX_ORDER, { provider });
  }
  try {
    return await getRawBody(req, { length: req.headers['content-length'] ?? null, limit });
  } catch (error) {
    throw fromBodyReadError(error, provider) ?? error;
  }
}
