import { refusalReported } from '../diagnostics/verify-channels.js';
import type { WebhookVerificationError } from '../errors.js';
import { DEFAULT_BODY_LIMIT_BYTES } from '../limits.js';
import { resolveReplayPolicy } from '../replay/replay-policy.js';
import { isPending, type MaybePromise } from '../replay/store-call.js';
import type { WebhookRequest } from '../request/incoming-webhook.js';
import type { WebhookScheme } from '../scheme.js';
import {
  type HandshakeMode,
  type RouteOutcome,
  type VerifiedWebhook,
  type VerifyOptions,
  verifyOrAnswer,
  verifyOrAnswerNow,
  verifyRequestBody,
  type WebhookOutcome,
} from '../verify.js';
import {
  logOutcome,
  logRefusal,
  REQUEST_ID_HEADER,
  requestIdOf,
  type WebhookLogger,
} from './webhook-logger.js';

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
  /**
   * A pino-compatible logger (`(fields, message)` methods): refusals at `warn` with
   * `{ provider, code, status, requestId }` (the `x-request-id` header), answered handshakes
   * at `info`, accepted deliveries at `debug` with `{ provider, matchedKey, replay }`. Given
   * without `warn`, the replay store's warnings go to its `warn` too. Default: nothing is
   * logged but those warnings (to `console.warn`).
   */
  readonly logger?: WebhookLogger | undefined;
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
  /**
   * {@link WebhookRoute.handle} as every adapter calls it: the outcome itself when nothing
   * had to wait (node:crypto, keys in hand, no replay store or one in this process), else a
   * promise of it. A refusal is an outcome too, `{ kind: 'refused', error }`, never thrown
   * nor rejected (only a bug is). A valid request then costs no promise and no microtask,
   * and a forged one no throw (decisions 168, 172).
   */
  handleNow(request: WebhookRequest): MaybePromise<RouteOutcome<TPayload>>;
  /**
   * Tells the route that the adapter refused a request (whatever step refused it: the head
   * check, the body read, or `verify`/`handle`/`handleNow`), before answering it or handing
   * it on: the route's logger logs it at warn with `requestId` (the `x-request-id` header's
   * value, as the adapter reads it), and a refusal made before verification is published on
   * the diagnostics channels (`verify` publishes its own).
   */
  refused(
    error: WebhookVerificationError,
    requestId: string | readonly string[] | null | undefined,
  ): void;
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
  const logger = loggerOf(options.logger, where);
  const provider = scheme.name;
  const { replayStore, replayStoreTimeout, replayLease, failOpen, now } = options;
  // The store's warnings go to `warn` when given, else to the logger, else console.warn.
  const warn =
    options.warn ??
    (logger === undefined ? undefined : (message: string) => logger.warn({ provider }, message));
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
  const claiming = replayStore !== undefined;
  const verify = (request: WebhookRequest) =>
    verifyRequestBody(scheme, request, verifyOptions, true);
  const handle = (request: WebhookRequest) =>
    verifyOrAnswer(scheme, request, verifyOptions, true, handshakes);
  const handleNow = (request: WebhookRequest) =>
    verifyOrAnswerNow(scheme, request, verifyOptions, true, handshakes);
  return {
    scheme,
    provider,
    limit,
    errors,
    // Without a logger, the core's functions as they are: nothing added per request.
    verify:
      logger === undefined
        ? verify
        : async function verifyAndLog(request) {
            const webhook = await verify(request);
            const outcome = { kind: 'webhook', webhook } as const;
            logOutcome(logger, provider, outcome, claiming, requestIdIn(request));
            return webhook;
          },
    handle:
      logger === undefined
        ? handle
        : async function handleAndLog(request) {
            const outcome = await handle(request);
            logOutcome(logger, provider, outcome, claiming, requestIdIn(request));
            return outcome;
          },
    handleNow:
      logger === undefined
        ? handleNow
        : function handleNowAndLog(request) {
            // A refusal is logged when the adapter reports it (`refused`), like every other.
            const log = (outcome: RouteOutcome<TPayload>) => {
              if (outcome.kind !== 'refused')
                logOutcome(logger, provider, outcome, claiming, requestIdIn(request));
              return outcome;
            };
            const outcome = handleNow(request);
            return isPending(outcome) ? outcome.then(log) : log(outcome);
          },
    refused(error, requestId) {
      refusalReported(provider, error);
      if (logger !== undefined) logRefusal(logger, provider, error, requestIdOf(requestId));
    },
  };
}

function requestIdIn(request: WebhookRequest): string | undefined {
  return requestIdOf(request.headers[REQUEST_ID_HEADER]);
}

/** The `logger` option, checked: anything without a `warn` method is a `TypeError`. */
function loggerOf(logger: unknown, where: string): WebhookLogger | undefined {
  if (logger === undefined) return undefined;
  if (
    logger === null ||
    typeof logger !== 'object' ||
    typeof (logger as WebhookLogger).warn !== 'function'
  ) {
    throw new TypeError(
      `[hookguard] ${where}: logger must have pino's warn(fields, message) method (pino, Fastify's app.log, console).`,
    );
  }
  return logger as WebhookLogger;
}
