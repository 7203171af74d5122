import { toErrorResponse, WebhookVerificationError } from '../errors.js';

/**
 * The part of a Fastify reply {@link handleFrameworkError} uses. `send` takes `never`
 * because Fastify types a reply's payload per route (generics a structural type cannot
 * name); every reply's `send` fits a parameter of type `never`.
 */
export interface FrameworkErrorReply {
  code(statusCode: number): { send(payload: never): unknown };
  send(payload: never): unknown;
}

/**
 * A Fastify `frameworkErrors` handler that answers a request target the router refused
 * (`FST_ERR_BAD_URL`: an absolute-form target the URL Standard rejects, or a path with a
 * broken `%` escape) with `400 malformed_request` in hookguard's JSON shape. Fastify
 * answers those before any route or hook runs, in its own shape. Any other framework error
 * goes to Fastify's error handler unchanged. Knows Fastify's code by name only.
 *
 * @example
 * ```ts
 * Fastify({ frameworkErrors: handleFrameworkError });
 * ```
 */
export function handleFrameworkError(
  error: Error & { code?: string },
  _request: unknown,
  reply: FrameworkErrorReply,
): void {
  if (error.code !== 'FST_ERR_BAD_URL') {
    reply.send(error as never);
    return;
  }
  const { status, body } = toErrorResponse(
    new WebhookVerificationError(
      'malformed_request',
      'the request target is not a valid URL (check its host, port and % escapes).',
      { cause: error },
    ),
  );
  reply.code(status).send(body as never);
}
