import { platform } from '#platform';
import { toErrorResponse, WebhookVerificationError } from '../errors.js';

/** The part of a socket the handler needs; Node's `net.Socket` has it. */
export interface ClientErrorSocket {
  readonly writable: boolean;
  /** The response in flight on this connection, if any (Node sets it). */
  readonly _httpMessage?: { readonly headersSent?: boolean } | null | undefined;
  write(data: string): unknown;
  destroy(error?: Error): unknown;
}

/**
 * The error to answer a request Node's HTTP parser refused before any framework saw it:
 * headers too large (431), a request that took longer than `server.requestTimeout` (408),
 * or malformed HTTP (400). Undefined for a connection reset: there is nobody to answer.
 */
export function fromClientError(
  error: Error & { code?: string },
): WebhookVerificationError | undefined {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return new WebhookVerificationError(
        'headers_too_large',
        'the request headers are larger than the server accepts.',
        { cause: error },
      );
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new WebhookVerificationError(
        'request_timeout',
        'the request was not received completely in time.',
        { cause: error },
      );
    default:
      return new WebhookVerificationError(
        'malformed_request',
        'the request is not valid HTTP (for example a control character in a header, or conflicting lengths).',
        {
          cause: error,
        },
      );
  }
}

/**
 * A `clientError` listener that answers in the same JSON shape as the adapters, then
 * closes the connection. Like Node's own handler, it writes only when no response has
 * started on the socket.
 *
 * @example
 * ```ts
 * server.on('clientError', handleClientError);              // node:http / Express
 * Fastify({ clientErrorHandler: handleClientError });       // Fastify
 * ```
 */
export function handleClientError(
  error: Error & { code?: string },
  socket: ClientErrorSocket,
): void {
  const rejection = fromClientError(error);
  const inFlight = socket._httpMessage;
  if (
    rejection !== undefined &&
    socket.writable &&
    (inFlight === undefined || inFlight === null || inFlight.headersSent !== true)
  ) {
    const { status, body } = toErrorResponse(rejection);
    const json = JSON.stringify(body);
    const reason =
      { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[
        status
      ] ?? 'Bad Request';
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${platform.utf8Length(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}
