import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER, type RouteOutcome, settleOnClose } from '@hookguard/core/adapter';
import { writeAnswer, writeRefusal } from './answer.js';
import { WEBHOOK_ROUTE_METADATA } from './tokens.js';
import { rememberVerified } from './verified-webhook.js';
import { type ResolvedRoute, verifyNodeRequest } from './verify-node-request.js';

/** The parts of an Express router layer read here (Express 5's `router`; 4's own Layer). */
interface ExpressLayer {
  readonly route?: {
    readonly stack: readonly { readonly handle: unknown }[];
    _handlesMethod(method: string): boolean;
  };
  match(path: string): unknown;
}

/** The parts of an Express application used here. */
export interface ExpressApplication {
  use(handler: (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void): unknown;
  readonly router?: { readonly stack: readonly ExpressLayer[] };
  readonly _router?: { readonly stack: readonly ExpressLayer[] };
}

type NextFunction = (error?: unknown) => void;
type ExpressRequest = IncomingMessage & { path?: string; originalUrl?: string; body?: unknown };

/** The webhook route a handler registered with Express belongs to, from its metadata. */
function webhookRouteOf(layer: ExpressLayer): ResolvedRoute | undefined {
  for (const { handle } of layer.route?.stack ?? []) {
    if (typeof handle !== 'function') continue;
    const route = Reflect.getMetadata(WEBHOOK_ROUTE_METADATA, handle) as ResolvedRoute | undefined;
    if (route !== undefined) return route;
  }
  return undefined;
}

/**
 * Finds, before Express routes a request, the webhook route it will reach: the one settled
 * route behind every route layer whose path matches and that handles the method. When
 * another route matches as well, the request is left alone, whichever Express would pick:
 * a route may pass a request on (Nest's version and host filters do), so only a path no
 * other route shares is certain, and reading a body that then went to another route would
 * break that route (the webhook route's guard refuses what reaches it unverified).
 * Requests no webhook route could match, the usual case, cost a check of those alone.
 */
function routeFinder(app: ExpressApplication) {
  let stack: readonly ExpressLayer[] = [];
  let seenLength = -1;
  let webhookLayers = new Map<ExpressLayer, ResolvedRoute>();
  const refresh = () => {
    stack = (app.router ?? app._router)?.stack ?? [];
    if (stack.length === seenLength) return;
    seenLength = stack.length;
    webhookLayers = new Map();
    for (const layer of stack) {
      const route = webhookRouteOf(layer);
      if (route !== undefined) webhookLayers.set(layer, route);
    }
  };
  const reaches = (layer: ExpressLayer, method: string, path: string) => {
    if (layer.route?._handlesMethod(method) !== true) return false;
    try {
      return Boolean(layer.match(path));
    } catch {
      // A parameter that does not decode: Express answers it itself when it routes.
      return false;
    }
  };

  return function findWebhookRoute(req: ExpressRequest): ResolvedRoute | undefined {
    refresh();
    if (webhookLayers.size === 0) return undefined;
    const method = req.method ?? 'GET';
    const path = req.path ?? (req.url ?? '/').split('?')[0] ?? '/';
    let candidate = false;
    for (const layer of webhookLayers.keys()) {
      if (reaches(layer, method, path)) {
        candidate = true;
        break;
      }
    }
    if (!candidate) return undefined;
    let found: ResolvedRoute | undefined;
    for (const layer of stack) {
      if (!reaches(layer, method, path)) continue;
      const route = webhookLayers.get(layer);
      if (route === undefined || (found !== undefined && route !== found)) return undefined;
      found = route;
    }
    return found;
  };
}

/**
 * Adds the middleware that verifies webhook routes to a Nest Express application. It is
 * added when Nest hands over its HTTP adapter, before `app.init()` registers Nest's body
 * parsers, so it sees a webhook route's request first: it reads the exact bytes, verifies,
 * answers handshakes and refusals itself, and otherwise leaves the verified webhook (and
 * the payload as `req.body`) for the route; Nest's parsers skip a body that was read.
 */
export function verifyOnExpress(app: ExpressApplication): void {
  const findWebhookRoute = routeFinder(app);
  app.use(async function hookguardWebhooks(req: ExpressRequest, res, next) {
    const route = findWebhookRoute(req);
    if (route === undefined) return next();
    let outcome: RouteOutcome<unknown>;
    try {
      outcome = await verifyNodeRequest(route, req, req.originalUrl ?? req.url ?? '/');
    } catch (error) {
      return next(error);
    }
    if (outcome.kind === 'refused') {
      const { error } = outcome;
      route.refused(error, req.headers[REQUEST_ID_HEADER]);
      if (route.errors === 'throw') return next(error);
      writeRefusal(res, error);
      return;
    }
    if (outcome.kind === 'handshake') {
      const { status, headers, body } = outcome.handshake.reply;
      writeAnswer(res, status, headers, body);
      return;
    }
    const verified = outcome.webhook;
    rememberVerified(req, verified);
    req.body = verified.payload;
    // Settled when the response closes: committed below 500, released on a 5xx (a handler
    // that threw included) or when the client went away.
    settleOnClose(verified, res);
    next();
  });
}
