import { replayStatusOf } from '../diagnostics/verify-channels.js';
import type { WebhookVerificationError } from '../errors.js';
import type { WebhookOutcome } from '../verify.js';

/**
 * Where an adapter logs what it did with each request: a pino logger (or a child of one,
 * Fastify's `app.log`, anything with pino's `(fields, message)` methods; `console` works
 * too). Refusals go to `warn`, answered handshakes to `info`, accepted deliveries to
 * `debug`. Fields never hold a body, a signature or a secret.
 */
export interface WebhookLogger {
  /** Refusals: `{ provider, code, status, requestId }` and the refusal's message. */
  warn(fields: object, message: string): void;
  /** Handshakes answered: `{ provider, handshake, requestId }`. */
  info?(fields: object, message: string): void;
  /** Accepted deliveries: `{ provider, matchedKey, replay, requestId }`. */
  debug?(fields: object, message: string): void;
}

/**
 * The header a log line takes the request's id from: the de facto one that proxies and
 * platforms set (nginx's `$request_id`, Heroku, Render) and that Fastify's
 * `requestIdHeader` is usually pointed at.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

/** The sender controls the header: a log line keeps at most this much of it. */
const REQUEST_ID_MAX_LENGTH = 128;

/** A request id header's value, as a log field: its first value, cut to a sane length. */
export function requestIdOf(
  value: string | readonly string[] | null | undefined,
): string | undefined {
  const first = typeof value === 'string' ? value : value?.[0];
  if (first === undefined || first === '') return undefined;
  return first.length > REQUEST_ID_MAX_LENGTH ? first.slice(0, REQUEST_ID_MAX_LENGTH) : first;
}

/** Log fields with the request id, when the request had one. */
function withRequestId<T extends object>(fields: T, requestId: string | undefined): T {
  return requestId === undefined ? fields : { ...fields, requestId };
}

/** A refusal, at warn: its code, status and message (which never holds a secret). */
export function logRefusal(
  logger: WebhookLogger,
  provider: string,
  error: WebhookVerificationError,
  requestId: string | undefined,
): void {
  logger.warn(
    withRequestId({ provider, code: error.code, status: error.status }, requestId),
    error.message,
  );
}

/** An accepted delivery at debug, or an answered handshake at info. */
export function logOutcome(
  logger: WebhookLogger,
  provider: string,
  outcome: WebhookOutcome<unknown>,
  claiming: boolean,
  requestId: string | undefined,
): void {
  if (outcome.kind === 'handshake') {
    logger.info?.(
      withRequestId({ provider, handshake: outcome.handshake.name }, requestId),
      `[hookguard] ${provider}: answered the ${outcome.handshake.name} handshake.`,
    );
    return;
  }
  const { webhook } = outcome;
  // A signed handshake handed to the handler (`handshakes: 'pass'`) is never claimed.
  const replay = replayStatusOf(claiming && webhook.handshake === undefined, webhook.replayClaim);
  logger.debug?.(
    withRequestId(
      {
        provider,
        matchedKey: webhook.matchedKey,
        replay,
        ...(webhook.handshake === undefined ? {} : { handshake: webhook.handshake.name }),
      },
      requestId,
    ),
    `[hookguard] ${provider}: verified.`,
  );
}
