import { WebhookVerificationError } from '../errors.js';
import { type ErrorResponseWriter, writeErrorResponse } from './write-error-response.js';

/** How much of an unknown `Expect` value a message repeats. */
const MAX_ECHOED_EXPECTATION = 64;

/** The part of a request {@link handleCheckExpectation} reads; Node's `IncomingMessage` has it. */
export interface ExpectationRequest {
  readonly headers: { readonly expect?: string | undefined };
}

/**
 * The error for a request whose `Expect` header asks for something other than
 * `100-continue`: `expectation_failed` (417), the status RFC 9110 §10.1.1 gives it.
 */
export function fromExpectation(expect: string | undefined): WebhookVerificationError {
  const shown =
    expect === undefined ? '' : ` (${JSON.stringify(expect.slice(0, MAX_ECHOED_EXPECTATION))})`;
  return new WebhookVerificationError(
    'expectation_failed',
    `the Expect header${shown} asks for something this server does not do; only 100-continue is supported. Send the request without it.`,
  );
}

/**
 * A `checkExpectation` listener that answers `417 expectation_failed` in the same JSON shape
 * as the adapters. Without a listener Node answers an unknown `Expect` itself, with an empty
 * 417 and no JSON. `100-continue` never reaches it: Node handles that one.
 *
 * @example
 * ```ts
 * server.on('checkExpectation', handleCheckExpectation);      // node:http / Express
 * app.server.on('checkExpectation', handleCheckExpectation);  // Fastify
 * ```
 */
export function handleCheckExpectation(
  request: ExpectationRequest,
  response: ErrorResponseWriter,
): void {
  writeErrorResponse(response, fromExpectation(request.headers.expect));
}
