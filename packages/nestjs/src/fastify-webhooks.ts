import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, settleOnClose, toErrorResponse } from '@hookguard/core/adapter';
import { FASTIFY_CONFIG_KEY } from './tokens.js';
import { rememberVerified } from './verified-webhook.js';
import { type ResolvedRoute, verifyNodeRequest } from './verify-node-request.js';

/** The parts of a Fastify request used here. */
interface FastifyRequest {
  readonly raw: IncomingMessage;
  readonly url: string;
  body: unknown;
  /** Fastify's own: headers laid over `raw.headers` (what the `headers` setter sets). */
  additionalHeaders?: unknown;
  set headers(headers: unknown);
}

/** The parts of a Fastify reply used here. */
interface FastifyReply {
  readonly raw: ServerResponse;
  code(status: number): FastifyReply;
  headers(headers: Readonly<Record<string, string>>): FastifyReply;
  send(body?: unknown): FastifyReply;
}

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The parts of a route's options an `onRoute` hook changes. */
interface RouteOptions {
  readonly config?: Readonly<Record<string, unknown>>;
  onRequest?: Hook | readonly Hook[];
  preValidation?: Hook | readonly Hook[];
}

/** The parts of a Fastify instance used here. */
export interface FastifyApplication {
  addHook(name: 'onRoute', hook: (routeOptions: RouteOptions) => void): unknown;
}

/**
 * Laid over a verified request's headers from its `onRequest` hook until `preValidation`:
 * with no Content-Type, Content-Length or Transfer-Encoding, Fastify treats the request as
 * bodiless and runs no content-type parser on a body that was already read here.
 */
const BODYLESS = Object.freeze({
  'content-type': undefined,
  'content-length': undefined,
  'transfer-encoding': undefined,
});

/** The overlay each hidden request had before, to put back. */
const hidden = new WeakMap<FastifyRequest, { overlay: unknown; payload: unknown }>();

function asList<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...value] : [value as T];
}

/** The hooks of one webhook route: verify on request, hand over the payload before validation. */
function hooksFor(route: ResolvedRoute): { onRequest: Hook; preValidation: Hook } {
  async function hookguardVerify(request: FastifyRequest, reply: FastifyReply) {
    const outcome = await verifyNodeRequest(route, request.raw, request.url);
    if (outcome.kind === 'refused') {
      const { error } = outcome;
      route.refused(error, request.raw.headers[REQUEST_ID_HEADER]);
      if (route.errors === 'throw') throw error;
      const { status, headers, body } = toErrorResponse(error);
      return reply.code(status).headers(headers).send(body);
    }
    if (outcome.kind === 'handshake') {
      const { status, headers, body } = outcome.handshake.reply;
      return reply.code(status).headers(headers).send(body);
    }
    const verified = outcome.webhook;
    rememberVerified(request.raw, verified);
    // Settled when the response closes: committed below 500, released on a 5xx (a handler
    // that threw included) or when the client went away.
    settleOnClose(verified, reply.raw);
    hidden.set(request, { overlay: request.additionalHeaders, payload: verified.payload });
    request.headers = BODYLESS;
    return undefined;
  }

  async function hookguardHandOver(request: FastifyRequest) {
    const state = hidden.get(request);
    if (state === undefined) return;
    hidden.delete(request);
    request.headers = state.overlay;
    // Pipes, validation and handlers see the verified payload as the body.
    request.body = state.payload;
  }

  return { onRequest: hookguardVerify, preValidation: hookguardHandOver };
}

/**
 * Wires webhook routes of a Nest Fastify application as Nest registers them: a route whose
 * `config` carries a settled webhook route (written at start-up from `@VerifyWebhook`) gets
 * an `onRequest` hook that reads the exact bytes from the Node request, verifies, answers
 * handshakes and refusals itself, and hides the body it read from Fastify's content-type
 * parsers (Nest's own, or the app's); its `preValidation` hook hands over the verified
 * payload as `request.body`. Other routes are not touched: they parse as before.
 */
export function verifyOnFastify(fastify: FastifyApplication): void {
  fastify.addHook('onRoute', function hookguardOnRoute(routeOptions) {
    const route = routeOptions.config?.[FASTIFY_CONFIG_KEY] as ResolvedRoute | undefined;
    if (route === undefined) return;
    const { onRequest, preValidation } = hooksFor(route);
    routeOptions.onRequest = [onRequest, ...asList(routeOptions.onRequest)];
    routeOptions.preValidation = [preValidation, ...asList(routeOptions.preValidation)];
  });
}
