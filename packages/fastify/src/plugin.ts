import type { MaybePromise, VerifiedWebhook, WebhookHeaders, WebhookScheme } from '@hookguard/core';
import {
  checkRequestHead,
  DEFAULT_BODY_LIMIT_BYTES,
  fromBodyReadError,
  headersOfNodeRequest,
  isPending,
  isWebhookVerificationError,
  JSON_MEDIA_TYPE,
  REQUEST_ID_HEADER,
  type RouteOutcome,
  settleOnClose,
  toErrorResponse,
  verifiedFrom,
  WebhookVerificationError,
} from '@hookguard/core/adapter';
import {
  errorCodes,
  type FastifyError,
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
  type HookHandlerDoneFunction,
  type RouteOptions,
} from 'fastify';
import fp from 'fastify-plugin';
import { type HookguardPluginOptions, type ResolvedRoute, resolveRoute } from './options.js';
import { RawBody } from './raw-body.js';

const FORM = 'application/x-www-form-urlencoded';
const EMPTY = Buffer.alloc(0);
const PARSED_ELSEWHERE =
  "another content-type parser turned this route's body into data before @hookguard/fastify could keep the raw bytes (for example @fastify/formbody, or a custom JSON parser). Register the webhook route in an encapsulated context without that parser.";

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The headers read in a webhook route's `onRequest` hook (Node's own `req.headers`, which
 * Fastify reads on every request, unless a header repeats: `headersOfNodeRequest`), kept on
 * the request under a symbol the plugin decorates every request with (null), so requests
 * keep one shape. Being set is also what marks the request as a webhook route's for the
 * shared body parsers: a route-level hook runs only on its own route.
 * `request.routeOptions` builds a new object on every read, and a `WeakMap` by request cost
 * each request an entry the collector must trace (decisions 48, 164, 168).
 */
const HEAD = Symbol('hookguard.requestHead');

interface HeadCarrier {
  [HEAD]?: WebhookHeaders | null;
}

function headOf(request: FastifyRequest): WebhookHeaders | null | undefined {
  return (request as unknown as HeadCarrier)[HEAD];
}

function isWebhookRoute(request: FastifyRequest): boolean {
  return headOf(request) != null;
}

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}

/** Answers a rejected request in the one shared format. */
function answer(error: WebhookVerificationError, reply: FastifyReply): FastifyReply {
  const { status, headers, body } = toErrorResponse(error);
  return reply.code(status).headers(headers).send(body);
}

/**
 * Parsers that keep the raw bytes for webhook routes only. Every other route gets exactly
 * what it had: Fastify's own JSON parser (with the instance's poisoning options), and a 415
 * for form and `+json` bodies where no parser was registered for them.
 */
function addRawBodyParsers(fastify: FastifyInstance): void {
  const { onProtoPoisoning = 'error', onConstructorPoisoning = 'error' } =
    fastify.initialConfig as {
      onProtoPoisoning?: 'error' | 'remove' | 'ignore';
      onConstructorPoisoning?: 'error' | 'remove' | 'ignore';
    };
  const defaultJson = fastify.getDefaultJsonParser(onProtoPoisoning, onConstructorPoisoning);
  const unsupported = () => new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE();

  try {
    fastify.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer' },
      function hookguardJson(request, body, done: Done) {
        if (isWebhookRoute(request)) return done(null, new RawBody(body as Buffer));
        defaultJson(request, (body as Buffer).toString('utf8'), done);
      },
    );
  } catch (cause) {
    throw new Error(
      '[hookguard] @hookguard/fastify must parse application/json to keep raw bodies for webhook routes, but a custom JSON parser is already registered here. Register the plugin in a context without it.',
      { cause },
    );
  }
  // AWS SNS posts its JSON as text/plain (the core's `json-text`): webhook routes keep those
  // bytes too. Every other route gets what Fastify's own text parser gives (the body decoded
  // as UTF-8). A text/plain parser of the user's own is left in place: a webhook route
  // taking text/plain then answers body_already_parsed, saying why.
  try {
    fastify.addContentTypeParser(
      'text/plain',
      { parseAs: 'buffer' },
      function hookguardText(request, body, done: Done) {
        if (isWebhookRoute(request)) return done(null, new RawBody(body as Buffer));
        done(null, (body as Buffer).toString('utf8'));
      },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'FST_ERR_CTP_ALREADY_PRESENT') throw error;
  }
  // The core's JSON rule (it also matches application/json, whose parser is registered
  // above and wins as an exact match), so Fastify and the core accept the same types.
  for (const type of [FORM, JSON_MEDIA_TYPE]) {
    if (fastify.hasContentTypeParser(type)) continue;
    fastify.addContentTypeParser(
      type,
      { parseAs: 'buffer' },
      function hookguardRaw(request, body, done: Done) {
        if (isWebhookRoute(request)) return done(null, new RawBody(body as Buffer));
        done(unsupported());
      },
    );
  }
}

/** Hooks for one webhook route: media type before reading, verification before validation. */
function wireRoute(
  fastify: FastifyInstance,
  routeOptions: RouteOptions,
  route: ResolvedRoute,
): void {
  const { scheme, provider } = route;

  // Callback-style hooks: an async hook costs Fastify a promise and its settling per request,
  // measurable against a hand-written route. A hook that answers does not call `done`.
  function hookguardCheckMediaType(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    const headers = headersOfNodeRequest(request.raw);
    try {
      checkRequestHead(scheme.mediaType, headers, provider);
      (request as unknown as HeadCarrier)[HEAD] = headers;
    } catch (error) {
      fail(error, request, reply, done);
      return;
    }
    done();
  }

  function hookguardVerify(
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    const { body } = request;
    if (body !== undefined && body !== null && !(body instanceof RawBody)) {
      const error = new WebhookVerificationError('body_already_parsed', PARSED_ELSEWHERE, {
        provider,
      });
      fail(error, request, reply, done);
      return;
    }
    const raw = body instanceof RawBody ? body.bytes : EMPTY;
    // Set by this route's onRequest hook, which always runs first; reading again is a safety net.
    const headers = headOf(request) ?? headersOfNodeRequest(request.raw);
    let outcome: MaybePromise<RouteOutcome<unknown>>;
    try {
      // Answered at once when nothing waits (no replay store, or one in this process): a
      // valid request goes on without a promise or a microtask, and a refusal comes back as
      // a value, without a throw (decisions 168, 172). Only a bug throws.
      outcome = route.handleNow({ method: request.method, url: request.url, headers, body: raw });
    } catch (error) {
      fail(error, request, reply, done);
      return;
    }
    if (!isPending(outcome)) {
      proceed(outcome, request, reply, done);
      return;
    }
    outcome.then(
      (settled) => proceed(settled, request, reply, done),
      (error: unknown) => fail(error, request, reply, done),
    );
  }

  /**
   * A refusal is answered; a handshake is answered; a verified webhook goes on to
   * validation and the handler.
   */
  function proceed(
    outcome: RouteOutcome<unknown>,
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    if (outcome.kind === 'refused') {
      fail(outcome.error, request, reply, done);
      return;
    }
    if (outcome.kind === 'handshake') {
      const { status, headers, body } = outcome.handshake.reply;
      reply.code(status).headers(headers).send(body);
      return;
    }
    const verified = outcome.webhook;
    request.webhook = verified;
    // Schemas and handlers see the verified payload, never the raw bytes.
    request.body = verified.payload;
    settleOnClose(verified, reply.raw);
    done();
  }

  /** A refusal is answered (or thrown, as configured); any other error goes to Fastify. */
  function fail(
    error: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookHandlerDoneFunction,
  ) {
    if (!isWebhookVerificationError(error)) {
      done(error as Error);
      return;
    }
    route.refused(error, request.headers[REQUEST_ID_HEADER]);
    if (route.errors === 'throw') done(error);
    else answer(error, reply);
  }

  // Body-read failures (too large, truncated) are raised by Fastify's parser stage; map
  // them to the shared format, and leave every other error to the handler that had it.
  const previous = routeOptions.errorHandler ?? fastify.errorHandler;
  function hookguardErrorHandler(
    this: FastifyInstance,
    error: FastifyError,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const mapped = isWebhookVerificationError(error)
      ? undefined
      : fromBodyReadError(error, provider);
    if (mapped !== undefined) route.refused(mapped, request.headers[REQUEST_ID_HEADER]);
    if (mapped === undefined || route.errors === 'throw')
      return previous.call(this, mapped ?? error, request, reply);
    return answer(mapped, reply);
  }

  routeOptions.onRequest = [hookguardCheckMediaType, ...asList(routeOptions.onRequest)];
  routeOptions.preValidation = [hookguardVerify, ...asList(routeOptions.preValidation)];
  routeOptions.errorHandler = hookguardErrorHandler;
}

// Async, so an error while registering (a conflicting parser) rejects at once.
const hookguard: FastifyPluginAsync<HookguardPluginOptions> = async (fastify, options) => {
  fastify.decorateRequest('webhook', null);
  fastify.decorateRequest(HEAD, null);
  addRawBodyParsers(fastify);
  fastify.addHook('onRoute', function hookguardOnRoute(routeOptions) {
    const setting = routeOptions.config?.webhook;
    if (setting === undefined) return;
    // The route's body limit as Fastify resolves it: its own, else the instance's.
    const limit =
      routeOptions.bodyLimit ?? this.initialConfig.bodyLimit ?? DEFAULT_BODY_LIMIT_BYTES;
    wireRoute(this, routeOptions, resolveRoute(setting, options, routeOptions.url, limit));
  });
};

/**
 * The hookguard Fastify plugin (Fastify 5). Register it once; a route opts in with
 * `config: { webhook: scheme }` (or `{ scheme, replayStore, now, errors }`). Webhook routes
 * keep their raw body, honour their `bodyLimit`, refuse a Content-Type the scheme does not
 * take before reading a byte, and verify before validation, so `request.body` and
 * `request.webhook.payload` are the verified payload. The vendor's handshakes (Slack's
 * `url_verification`, Discord's PING…) are answered by the plugin (`handshakes`); give a
 * route whose vendor handshakes with a GET (Meta, Dropbox) `method: ['GET', 'POST']`.
 * Other routes parse as before.
 *
 * @example
 * ```ts
 * await app.register(hookguardPlugin, { replayStore: new MemoryReplayStore() });
 * app.post('/webhooks/cashfree', { config: { webhook: cashfree.webhook({ secret }) } }, async (request) => {
 *   return { received: request.webhook?.payload };
 * });
 * ```
 */
export const hookguardPlugin = fp(hookguard, { fastify: '5.x', name: '@hookguard/fastify' });

/** `request.webhook`, typed by the scheme that verified it; throws when the route is not a webhook route. */
export function verifiedWebhook<TPayload>(
  request: FastifyRequest,
  _scheme?: WebhookScheme<TPayload, unknown, unknown>,
): VerifiedWebhook<TPayload> {
  return verifiedFrom(request.webhook, 'give the route config: { webhook: scheme }');
}
