import type { IncomingMessage } from 'node:http';
import { WebhookVerificationError } from '@hookguard/core/adapter';

/**
 * The request's body, byte for byte: a `Content-Length` over `limit` is refused before a
 * byte is read, and a stream is abandoned at the limit (`body_too_large`, as the adapters
 * answer); a client that stops sending is `malformed_request`.
 */
export function readBody(
  request: IncomingMessage,
  limit: number,
  provider: string,
): Promise<Buffer> {
  const tooLarge = () =>
    new WebhookVerificationError(
      'body_too_large',
      'the body is larger than the limit for this route.',
      {
        provider,
      },
    );
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onAborted = () => {
      cleanup();
      reject(
        new WebhookVerificationError(
          'malformed_request',
          'the client stopped sending before the body was complete.',
          { provider },
        ),
      );
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onAborted);
      request.off('aborted', onAborted);
    };
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', onAborted);
    request.once('aborted', onAborted);
  });
}
