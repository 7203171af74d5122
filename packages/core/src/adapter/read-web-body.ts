import { WebhookVerificationError } from '../errors.js';
import { bodyTooLarge } from '../request/body-read-error.js';

const EMPTY = new Uint8Array(0);

/**
 * A Web `Request`'s body as bytes, read with a hard limit: a `Content-Length` over it is
 * refused before reading, and a stream that goes past it is cancelled there. A body the
 * application has already read (`request.json()`, `request.text()`…) is
 * `body_already_parsed`.
 */
export async function readWebBody(
  request: Request,
  limit: number,
  provider: string,
): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw new WebhookVerificationError(
      'body_already_parsed',
      'the request body was already read (request.json() or request.text() ran before verifying). Verify first, and use the verified payload; or verify request.clone().',
      { provider },
    );
  }
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) {
    throw bodyTooLarge(declared, limit, provider);
  }
  if (request.body === null) return EMPTY;
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > limit) {
        await reader.cancel();
        throw new WebhookVerificationError(
          'body_too_large',
          `the body is larger than the limit of ${limit} bytes.`,
          { provider },
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw error;
    throw new WebhookVerificationError(
      'malformed_request',
      'the client stopped sending before the body was complete.',
      { provider, cause: error },
    );
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
