import { platform } from '#platform';
import { toErrorResponse, type WebhookVerificationError } from '../errors.js';

/** The part of a response the server-level helpers write to; Node's `ServerResponse` has it. */
export interface ErrorResponseWriter {
  writeHead(statusCode: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

/**
 * Writes the JSON error answer on a raw response, for the requests that are answered
 * before any framework runs. `Connection: close`, as Node's own answers there do: the
 * request's body (if any) was never read, so the connection cannot carry another request.
 */
export function writeErrorResponse(
  response: ErrorResponseWriter,
  error: WebhookVerificationError,
): void {
  const { status, body } = toErrorResponse(error);
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(platform.utf8Length(json)),
    connection: 'close',
  });
  response.end(json);
}
