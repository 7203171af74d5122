import { WebhookVerificationError } from '../errors.js';
import { type ErrorResponseWriter, writeErrorResponse } from './write-error-response.js';

/** The part of a request {@link requireHost} reads; Node's `IncomingMessage` has it. */
export interface HostRequest {
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  readonly headers: { readonly host?: string | undefined };
}

/**
 * Wraps a server's request handler so that an HTTP/1.1 request without a `Host` header is
 * answered `400 malformed_request` in hookguard's JSON shape, as RFC 9112 §3.2 requires.
 * Node does the same check itself (`requireHostHeader`) but answers with an empty 400;
 * create the server with `requireHostHeader: false` and this wrapper to keep the JSON
 * contract. Both, always: without the option Node answers first, and without the wrapper
 * a request without `Host` reaches every route.
 *
 * @example
 * ```ts
 * createServer({ requireHostHeader: false }, requireHost(app));                  // Express
 * Fastify({
 *   serverFactory: (handler) => createServer({ requireHostHeader: false }, requireHost(handler)),
 * });
 * ```
 */
export function requireHost<THandler extends (request: never, response: never) => unknown>(
  handler: THandler,
): THandler {
  // Typed as the handler it wraps, so an Express app (several call signatures) or Fastify's
  // handler stays a valid `createServer` listener; the server passes Node's own request and
  // response, which have what this reads and writes.
  const next = handler as unknown as (
    this: unknown,
    request: HostRequest,
    response: ErrorResponseWriter,
  ) => unknown;
  function hookguardRequireHost(
    this: unknown,
    request: HostRequest,
    response: ErrorResponseWriter,
  ): void {
    // Node's own rule: HTTP/1.1 only, and an empty Host is a Host (RFC 9112 allows it).
    if (
      request.httpVersionMajor === 1 &&
      request.httpVersionMinor === 1 &&
      request.headers.host === undefined
    ) {
      writeErrorResponse(
        response,
        new WebhookVerificationError(
          'malformed_request',
          'an HTTP/1.1 request must carry a Host header (RFC 9112 §3.2).',
        ),
      );
      return;
    }
    next.call(this, request, response);
  }
  return hookguardRequireHost as unknown as THandler;
}
