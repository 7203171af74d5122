import { bodyTooLarge, fromBodyReadError, WebhookVerificationError } from '@hookguard/core/adapter';
import type { Request } from 'express';
import getRawBody from 'raw-body';

const FIX_ORDER =
  'A body parser (such as express.json() or express.urlencoded()) read the request before the webhook middleware, so the raw bytes it must verify are gone. Mount webhook(scheme) on the route before any body parser (app.post(path, webhook(scheme), handler) above app.use(express.json())), or keep the bytes with express.json({ verify: (req, _res, buf) => { req.rawBody = buf } }).';

type MaybeParsed = Request & { rawBody?: unknown; _body?: unknown };

/** True when something already read from the request stream (a body parser, usually). */
function alreadyRead(req: MaybeParsed): boolean {
  return req._body === true || req.readableEnded || req.readableDidRead;
}

/**
 * The raw body: read from the stream with `raw-body` (refusing a `Content-Length` over the
 * limit before reading a byte and aborting a stream at the limit), or, when a body parser
 * already consumed the stream, `req.rawBody` if it kept the bytes (Google Cloud Functions
 * and Firebase do), within the same limit. Otherwise it answers
 * `body_already_parsed` at once: waiting on a consumed stream would hang.
 */
export async function readBody(req: MaybeParsed, limit: number, provider: string): Promise<Buffer> {
  if (alreadyRead(req)) {
    if (!(req.rawBody instanceof Uint8Array))
      throw new WebhookVerificationError('body_already_parsed', FIX_ORDER, { provider });
    // Kept by a parser with its own limit (Google Cloud Functions reads up to 32 MB): the
    // route's limit still holds.
    if (req.rawBody.byteLength > limit) {
      throw bodyTooLarge(req.rawBody.byteLength, limit, provider);
    }
    return Buffer.from(req.rawBody.buffer, req.rawBody.byteOffset, req.rawBody.byteLength);
  }
  try {
    return await getRawBody(req, { length: req.headers['content-length'] ?? null, limit });
  } catch (error) {
    throw fromBodyReadError(error, provider) ?? error;
  }
}
