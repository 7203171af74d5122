import { createServer, type Server } from 'node:http';
import type { ReplayStore, VerifiedWebhook, WebhookScheme } from '@hookguard/core';
import { handleClientError, webhook } from '@hookguard/express';
import { hookguardPlugin } from '@hookguard/fastify';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';

/** One webhook route to mount. */
export interface RouteSpec {
  readonly method?: 'POST' | 'GET' | 'PUT';
  readonly path: string;
  readonly scheme: WebhookScheme;
  readonly now?: () => number;
  readonly replayStore?: ReplayStore;
  /** Body limit in bytes. */
  readonly limit?: number;
  /** What the route's handler does once verified; default answers 200 {provider, payload}. */
  readonly handle?: (
    webhook: VerifiedWebhook,
  ) => { status: number; body: unknown } | Promise<{ status: number; body: unknown }>;
}

/** A running app: the HTTP server to send to, and how to stop it. */
export interface RunningApp {
  readonly server: Server;
  close(): Promise<void>;
}

/** Server settings a test may need. */
export interface ServerExtras {
  readonly jsonParserFirst?: boolean;
  /** `server.requestTimeout`, ms: how long a client may take to send a whole request. */
  readonly requestTimeout?: number;
}

/** How a test builds an app with webhook routes on one framework. */
export interface AdapterHarness {
  readonly name: string;
  start(routes: readonly RouteSpec[], extras?: ServerExtras): Promise<RunningApp>;
}

// Node checks request timeouts on this interval (30 s by default): short, so a stalled
// client is answered within a second or two of its timeout.
const CONNECTIONS_CHECKING_INTERVAL_MS = 200;

function serverOptions(extras: ServerExtras) {
  return {
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    ...(extras.requestTimeout === undefined ? {} : { requestTimeout: extras.requestTimeout }),
  };
}

function defaultHandle(verified: VerifiedWebhook) {
  return { status: 200, body: { provider: verified.provider, payload: verified.payload ?? null } };
}

function listen(server: Server): Promise<RunningApp> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}

function expressHarness(name: string, createApp: typeof express5): AdapterHarness {
  return {
    name,
    async start(routes, extras = {}) {
      const app = createApp();
      if (extras.jsonParserFirst) app.use(createApp.json());
      for (const route of routes) {
        const middleware = webhook(route.scheme, {
          ...(route.now ? { now: route.now } : {}),
          ...(route.replayStore ? { replayStore: route.replayStore } : {}),
          ...(route.limit ? { limit: route.limit } : {}),
        });
        const method = (route.method ?? 'POST').toLowerCase() as 'post' | 'get' | 'put';
        app[method](route.path, middleware, async (req, res, next) => {
          try {
            const { status, body } = await (route.handle ?? defaultHandle)(
              req.webhook as VerifiedWebhook,
            );
            res.status(status).json(body);
          } catch (error) {
            next(error);
          }
        });
      }
      const server = createServer(serverOptions(extras), app);
      server.on('clientError', handleClientError);
      return listen(server);
    },
  };
}

const fastifyHarness: AdapterHarness = {
  name: 'fastify 5',
  async start(routes, extras = {}) {
    const app = Fastify({
      clientErrorHandler: handleClientError,
      ...(extras.requestTimeout === undefined ? {} : { requestTimeout: extras.requestTimeout }),
      serverFactory: (handler) => createServer(serverOptions(extras), handler),
    });
    await app.register(hookguardPlugin);
    for (const route of routes) {
      app.route({
        method: route.method ?? 'POST',
        url: route.path,
        ...(route.limit ? { bodyLimit: route.limit } : {}),
        config: {
          webhook: {
            scheme: route.scheme,
            ...(route.now ? { now: route.now } : {}),
            ...(route.replayStore ? { replayStore: route.replayStore } : {}),
          },
        },
        handler: async (request, reply) => {
          const { status, body } = await (route.handle ?? defaultHandle)(
            request.webhook as VerifiedWebhook,
          );
          return reply.code(status).send(body);
        },
      });
    }
    await app.ready();
    return listen(app.server);
  },
};

/** Every adapter the shared suites run through. */
export const ADAPTERS: readonly AdapterHarness[] = [
  expressHarness('express 5', express5),
  expressHarness('express 4', express4 as unknown as typeof express5),
  fastifyHarness,
];
