import { DEFAULT_BODY_LIMIT_BYTES } from '../limits.js';
import { resolveReplayPolicy } from '../replay/replay-policy.js';
import type { WebhookRequest } from '../request/incoming-webhook.js';
import type { WebhookScheme } from '../scheme.js';
import {
  type HandshakeMode,
  type VerifiedWebhook,
  type VerifyOptions,
  verifyOrAnswer,
  verifyRequestBody,
  type WebhookOutcome,
} from '../verify.js';

/** What every adapter takes for a webhook route, besides the scheme. */
export interface WebhookRouteOptions
  extends Pick<
    VerifyOptions,
    'replayStore' | 'replayStoreTimeout' | 'replayLease' | 'failOpen' | 'warn' | 'now'
  > {
  /** Largest body accepted, in bytes; larger is `413 body_too_large`. Default 1 MiB. */
  readonly limit?: number | undefined;
  /** How a rejection is handed back: each adapter names its styles, the first the default. */
  readonly errors?: string | undefined;
  /**
   * The vendor's handshakes (Slack's `url_verification`, Discord's PING, Meta's GET
   * challenge…): `answer` (default) answers each itself and never calls the handler for one;
   * `pass` hands signed ones to the handler, verified, with `webhook.handshake` holding the
   * answer to send (unsigned ones are always answered: nothing in them can be verified).
   */
  readonly handshakes?: HandshakeMode | undefined;
}

/** A route's settings, checked once; `verify` runs the core with them. */
export interface WebhookRoute<TPayload = unknown, TErrors extends string = string> {
  readonly scheme: WebhookScheme<TPayload, unknown, unknown>;
  /** The scheme's name, for messages. */
  readonly provider: string;
  /** The body limit in bytes. */
  readonly limit: number;
  /** The error style, one of the adapter's. */
  readonly errors: TErrors;
  /**
   * Verifies a request the adapter read, with the route's options. The adapter has already
   * refused a wrong Content-Type from the headers and read the body within `limit` (with
   * `readRequestHead` or `readWebHead`, and a bounded read): they are not checked again.
   */
  verify(request: WebhookRequest): Promise<VerifiedWebhook<TPayload>>;
  /**
   * {@link WebhookRoute.verify}, answering the scheme's handshakes by the route's
   * `handshakes` option: the adapter writes a `handshake` outcome's reply as is (status,
   * headers, text body) and calls no handler.
   */
  handle(request: WebhookRequest): Promise<WebhookOutcome<TPayload>>;
}

function isScheme(value: unknown): value is WebhookScheme {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as WebhookScheme).mediaType === 'string'
  );
}

/**
 * Settles a route's options once, when the adapter is set up: the scheme, the body limit,
 * the error style (one of `errorStyles`, the first by default) and the replay options. A bad
 * one is a `TypeError` naming `where` (`webhook()`, `route /hooks`), so a misconfiguration
 * fails at start-up, never on the first delivery.
 *
 * @example
 * ```ts
 * const route = webhookRoute(scheme, options, ['respond', 'next'], 'webhook()');
 * const verified = await route.verify({ method, url, headers, body });
 * ```
 */
export function webhookRoute<TPayload, const TErrors extends readonly [string, ...string[]]>(
  scheme: WebhookScheme<TPayload, unknown, unknown>,
  options: WebhookRouteOptions,
  errorStyles: TErrors,
  where: string,
): WebhookRoute<TPayload, TErrors[number]> {
  if (!isScheme(scheme)) {
    throw new TypeError(
      `[hookguard] ${where}: needs a webhook scheme, such as cashfree.webhook({ secret }).`,
    );
  }
  const limit = options.limit ?? DEFAULT_BODY_LIMIT_BYTES;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new TypeError(`[hookguard] ${where}: limit must be a whole number of bytes ≥ 1.`);
  }
  const errors = options.errors ?? errorStyles[0];
  if (!errorStyles.includes(errors)) {
    throw new TypeError(
      `[hookguard] ${where}: errors must be ${errorStyles.map((style) => `'${style}'`).join(' or ')}.`,
    );
  }
  const handshakes = options.handshakes ?? 'answer';
  if (handshakes !== 'answer' && handshakes !== 'pass') {
    throw new TypeError(`[hookguard] ${where}: handshakes must be 'answer' or 'pass'.`);
  }
  try {
    resolveReplayPolicy(options);
  } catch (error) {
    throw new TypeError(
      `[hookguard] ${where}: ${(error as Error).message.replace('[hookguard] ', '')}`,
    );
  }
  const { replayStore, replayStoreTimeout, replayLease, failOpen, warn, now } = options;
  // One options object for every request: verify caches its replay policy by it.
  const verifyOptions: VerifyOptions = {
    bodyLimit: limit,
    replayStore,
    replayStoreTimeout,
    replayLease,
    failOpen,
    warn,
    now,
  };
  return {
    scheme,
    provider: scheme.name,
    limit,
    errors,
    verify: (request) => verifyRequestBody(scheme, request, verifyOptions, true),
    handle: (request) => verifyOrAnswer(scheme, request, verifyOptions, true, handshakes),
  };
}
