import type { IncomingMessage } from 'node:http';
import { bodyTooLarge, fromBodyReadError, WebhookVerificationError } from '@hookguard/core/adapter';
import getRawBody from 'raw-body';

const READ_ELSEWHERE =
  "something read this request's body before HookguardModule could, and kept no raw bytes (a body parser mounted on the Express instance before it was given to Nest, say). HookguardModule reads a webhook route's body before Nest's own parsers: mount other parsers through Nest (app.useBodyParser) or after it, or keep the bytes as req.rawBody (NestFactory.create(AppModule, { rawBody: true }) does).";

/**
 * The raw body of a webhook route, read from the Node request with `raw-body` (a
 * `Content-Length` over the limit is refused before reading a byte, a stream is aborted at
 * the limit). A stream something else already consumed gives its `rawBody` if it kept the
 * bytes (Nest's `rawBody: true`), and `body_already_parsed` otherwise: waiting on it would
 * hang.
 */
export async function readBody(
  req: IncomingMessage & { rawBody?: unknown },
  limit: number,
  provider: string,
): Promise<Buffer> {
  if (req.readableEnded || req.readableDidRead) {
    const { rawBody } = req;
    if (rawBody instanceof Uint8Array) {
      if (rawBody.byteLength > limit) {
        throw bodyTooLarge(rawBody.byteLength, limit, provider);
      }
      return Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    }
    throw new WebhookVerificationError('body_already_parsed', READ_ELSEWHERE, { provider });
  }
  try {
    return await getRawBody(req, { length: req.headers['content-length'] ?? null, limit });
  } catch (error) {
    throw fromBodyReadError(error, provider) ?? error;
  }
}
