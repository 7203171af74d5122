import type { VerifiedWebhook } from '../verify.js';

/** The part of a Node `ServerResponse` that tells when, and how, a request was answered. */
export interface ClosingResponse {
  readonly writableFinished: boolean;
  readonly statusCode: number;
  once(event: 'close', listener: () => void): unknown;
}

/**
 * Settles a verified delivery's replay claim when its response closes: committed once the
 * answer went out below 500; released on a 5xx (a handler that threw included) or when the
 * response never completed (the client went away), which the vendor retries. `close` sees
 * what framework hooks miss: a client that leaves after sending its whole body.
 *
 * @example
 * ```ts
 * settleOnClose(verified, res); // Express `res`, Fastify `reply.raw`
 * ```
 */
export function settleOnClose(verified: VerifiedWebhook, response: ClosingResponse): void {
  const claim = verified.replayClaim;
  if (claim === undefined) return;
  response.once('close', () => {
    void claim.settle(response.writableFinished ? response.statusCode : undefined);
  });
}
