import { createServer, type RequestListener, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { ReplayStore, VerifiedWebhook, WebhookLogger, WebhookScheme } from '@hookguard/core';
import {
  handleCheckExpectation,
  handleClientError,
  requireHost,
  webhook,
} from '@hookguard/express';
import { handleFrameworkError, hookguardPlugin } from '@hookguard/fastify';
import { webhook as koaWebhook } from '@hookguard/koa';
import { type LambdaHttpEvent, type LambdaHttpResult, webhookHandler } from '@hookguard/lambda';
import { HookguardModule, VerifyWebhook, Webhook } from '@hookguard/nestjs';
import { withWebhook } from '@hookguard/web';
import { Controller, Get, Module, Post, Put, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import express5 from 'express';
import express4 from 'express4';
import Fastify, { type FastifyReply } from 'fastify';
import Koa from 'koa';
import Koa2 from 'koa2';
import {
  albEvent,
  functionUrlEvent,
  httpApiEvent,
  type ReceivedHttp,
  receivedHttp,
  restApiEvent,
} from './lambda-events.js';

type Method = 'POST' | 'GET' | 'PUT';

function methodsOf(route: RouteSpec): readonly Method[] {
  const method = route.method ?? 'POST';
  return typeof method === 'string' ? [method] : method;
}

/** The adapter options a route spec sets. */
function routeOptions(route: RouteSpec) {
  return {
    ...(route.now ? { now: route.now } : {}),
    ...(route.replayStore ? { replayStore: route.replayStore } : {}),
    ...(route.replayLease ? { replayLease: route.replayLease } : {}),
    ...(route.handshakes ? { handshakes: route.handshakes } : {}),
    ...(route.logger ? { logger: route.logger } : {}),
  };
}

/** One webhook route to mount. */
export interface RouteSpec {
  /** The route's method, or several (a vendor whose handshake is a GET: Meta, Dropbox). */
  readonly method?: Method | readonly Method[];
  readonly path: string;
  readonly scheme: WebhookScheme;
  readonly now?: () => number;
  readonly replayStore?: ReplayStore;
  /** Seconds a replay claim's lease lasts. */
  readonly replayLease?: number;
  /** Body limit in bytes. */
  readonly limit?: number;
  /** How the route treats the vendor's handshakes; default the adapter's (`answer`). */
  readonly handshakes?: 'answer' | 'pass';
  /** The route's `logger` option. */
  readonly logger?: WebhookLogger;
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
  /**
   * The Fetch API merges a repeated header into one value joined by ", ", so an adapter on
   * a Web `Request` cannot see the repeat that the Node adapters refuse as
   * `malformed_request`; the merged value is still refused, with the code its checks give.
   */
  readonly mergesRepeatedHeaders?: boolean;
  /**
   * The platform reads the whole request before the adapter runs (API Gateway and an ALB
   * invoke a Lambda with the body inside the event): a body the client never finishes
   * never reaches the adapter, so a refusal "before reading the body" cannot happen there;
   * the adapter's limit applies to the body it is handed.
   */
  readonly receivesWholeBody?: boolean;
  /**
   * The replay claim follows the handler's result, not the connection (Lambda): the
   * function never sees the client leave, so a delivery its handler completed is committed
   * even when the vendor stopped waiting. A thrown handler fails the invocation, which the
   * platform answers with {@link thrownHandlerStatus}.
   */
  readonly settlesOnHandlerResult?: boolean;
  /** What the platform answers when the route's handler throws; default 500. */
  readonly thrownHandlerStatus?: number;
  start(routes: readonly RouteSpec[], extras?: ServerExtras): Promise<RunningApp>;
}

// Node checks request timeouts on this interval (30 s by default): short, so a stalled
// client is answered within a second or two of its timeout.
const CONNECTIONS_CHECKING_INTERVAL_MS = 200;

function serverOptions(extras: ServerExtras) {
  return {
    connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
    requireHostHeader: false,
    ...(extras.requestTimeout === undefined ? {} : { requestTimeout: extras.requestTimeout }),
  };
}

/**
 * A server that answers in hookguard's JSON shape where Node would answer by itself: a
 * request without Host (`requireHostHeader: false` and `requireHost` around the listener)
 * and an unknown Expect (`checkExpectation`). Its `clientError` listener is added by the
 * caller (Fastify adds its own `clientErrorHandler`).
 */
function createJsonServer(extras: ServerExtras, listener: RequestListener): Server {
  return createServer(serverOptions(extras), requireHost(listener)).on(
    'checkExpectation',
    handleCheckExpectation,
  );
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
          ...routeOptions(route),
          ...(route.limit ? { limit: route.limit } : {}),
        });
        for (const method of methodsOf(route)) {
          const register = method.toLowerCase() as 'post' | 'get' | 'put';
          app[register](route.path, middleware, async (req, res, next) => {
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
      }
      const server = createJsonServer(extras, app);
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
      frameworkErrors: handleFrameworkError,
      ...(extras.requestTimeout === undefined ? {} : { requestTimeout: extras.requestTimeout }),
      serverFactory: (handler) => createJsonServer(extras, handler),
    });
    await app.register(hookguardPlugin);
    for (const route of routes) {
      app.route({
        method: [...methodsOf(route)],
        url: route.path,
        ...(route.limit ? { bodyLimit: route.limit } : {}),
        config: { webhook: { scheme: route.scheme, ...routeOptions(route) } },
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

/**
 * A Node server in front of a fetch handler, as @hono/node-server and Next.js do: each
 * request becomes a Web `Request` (body streamed), each `Response` is written back.
 */
function serveFetch(
  handler: (request: Request) => Promise<Response>,
  extras: ServerExtras,
): Server {
  const server = createJsonServer(extras, async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    // As @hono/node-server does: the request's signal aborts when the client goes away.
    const aborted = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: req.method as string,
      headers,
      signal: aborted.signal,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    try {
      const response = await handler(request);
      const body = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, {
        ...Object.fromEntries(response.headers),
        'content-length': String(body.length),
      });
      res.end(body);
    } catch {
      res.writeHead(500).end();
    }
  });
  server.on('clientError', handleClientError);
  return server;
}

const webHarness: AdapterHarness = {
  name: 'web (fetch Request)',
  mergesRepeatedHeaders: true,
  async start(routes, extras = {}) {
    const handlers = new Map<string, (request: Request) => Promise<Response>>(
      routes.flatMap((route) => {
        const handler = withWebhook(
          route.scheme,
          async (_request, webhook) => {
            const { status, body } = await (route.handle ?? defaultHandle)(
              webhook as VerifiedWebhook,
            );
            return Response.json(body, { status });
          },
          { ...routeOptions(route), ...(route.limit ? { limit: route.limit } : {}) },
        );
        return methodsOf(route).map((method) => [`${method} ${route.path}`, handler] as const);
      }),
    );
    return listen(
      serveFetch(async (request) => {
        const handler = handlers.get(`${request.method} ${new URL(request.url).pathname}`);
        return handler === undefined
          ? new Response('not found', { status: 404 })
          : handler(request);
      }, extras),
    );
  },
};

/**
 * Koa, routed by method and path in one middleware (as @koa/router would): the webhook
 * middleware, then the route's handler.
 */
function koaHarness(name: string, KoaApp: typeof Koa): AdapterHarness {
  return {
    name,
    async start(routes, extras = {}) {
      const app = new KoaApp();
      const handlers = new Map<string, Koa.Middleware>(
        routes.flatMap((route) => {
          const verify = koaWebhook(route.scheme, {
            ...routeOptions(route),
            ...(route.limit ? { limit: route.limit } : {}),
          });
          const handler: Koa.Middleware = (ctx, next) =>
            verify(ctx, async () => {
              const { status, body } = await (route.handle ?? defaultHandle)(
                ctx.state.webhook as VerifiedWebhook,
              );
              ctx.status = status;
              ctx.body = body;
              await next();
            });
          return methodsOf(route).map((method) => [`${method} ${route.path}`, handler] as const);
        }),
      );
      app.use((ctx, next) => {
        const handler = handlers.get(`${ctx.method} ${ctx.path}`);
        if (handler === undefined) return next();
        return handler(ctx, next);
      });
      const server = createJsonServer(extras, app.callback());
      server.on('clientError', handleClientError);
      return listen(server);
    },
  };
}

/** Writes a Lambda result as API Gateway or ALB would. */
function writeLambdaResult(res: import('node:http').ServerResponse, result: LambdaHttpResult) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String);
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(result.statusCode, { ...headers, 'content-length': String(body.length) });
  res.end(body);
}

/**
 * A Node server in front of `webhookHandler`, as API Gateway or an ALB is: each request
 * becomes the event `toEvent` builds (test/support/lambda-events.ts), each result is
 * written back; an invocation that throws answers 502, as API Gateway does.
 */
function lambdaHarness(
  name: string,
  toEvent: (http: ReceivedHttp) => LambdaHttpEvent,
  mergesRepeatedHeaders: boolean,
): AdapterHarness {
  return {
    name,
    mergesRepeatedHeaders,
    receivesWholeBody: true,
    settlesOnHandlerResult: true,
    // API Gateway answers a failed invocation 502 (an ALB, 502 too).
    thrownHandlerStatus: 502,
    async start(routes, extras = {}) {
      const handlers = new Map<string, ReturnType<typeof webhookHandler>>(
        routes.flatMap((route) => {
          const handler = webhookHandler(
            route.scheme,
            async (webhook) => {
              const { status, body } = await (route.handle ?? defaultHandle)(
                webhook as VerifiedWebhook,
              );
              return {
                statusCode: status,
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify(body),
              };
            },
            { ...routeOptions(route), ...(route.limit ? { limit: route.limit } : {}) },
          );
          return methodsOf(route).map((method) => [`${method} ${route.path}`, handler] as const);
        }),
      );
      const server = createJsonServer(extras, async (req, res) => {
        const handler = handlers.get(`${req.method} ${(req.url ?? '/').split('?')[0]}`);
        if (handler === undefined) {
          res.writeHead(404).end();
          return;
        }
        try {
          writeLambdaResult(res, await handler(toEvent(await receivedHttp(req)), {}));
        } catch {
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end('{"message":"Internal server error"}');
        }
      });
      server.on('clientError', handleClientError);
      return listen(server);
    },
  };
}

/**
 * NestJS on one platform: a controller made for the routes (what the decorators would do in
 * an app, applied by hand since paths and schemes come from the test), HookguardModule with
 * Nest's own body parsers on (its default), answers written through `@Res()`.
 */
function nestHarness(name: string, platform: 'express' | 'fastify'): AdapterHarness {
  return {
    name,
    async start(routes, extras = {}) {
      class WebhookRoutesController {}
      const prototype = WebhookRoutesController.prototype as Record<string, unknown>;
      const decorators = { POST: Post, GET: Get, PUT: Put };
      routes.forEach((route, index) => {
        for (const method of methodsOf(route)) {
          const key = `route${index}${method}`;
          prototype[key] = async (webhook: VerifiedWebhook, response: unknown) => {
            const { status, body } = await (route.handle ?? defaultHandle)(webhook);
            if (platform === 'express') (response as express5.Response).status(status).json(body);
            else (response as FastifyReply).code(status).send(body);
          };
          const descriptor = Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor;
          const options = {
            ...routeOptions(route),
            ...(route.limit ? { limit: route.limit } : {}),
          };
          decorators[method](route.path)(prototype, key, descriptor);
          VerifyWebhook(route.scheme, options)(prototype, key, descriptor);
          Webhook()(prototype, key, 0);
          Res()(prototype, key, 1);
        }
      });
      Controller()(WebhookRoutesController);
      class HarnessModule {}
      Module({ imports: [HookguardModule.forRoot()], controllers: [WebhookRoutesController] })(
        HarnessModule,
      );
      const settings = { logger: false, abortOnError: false } as const;
      if (platform === 'fastify') {
        const app = await NestFactory.create(
          HarnessModule,
          new FastifyAdapter({
            clientErrorHandler: handleClientError,
            frameworkErrors: handleFrameworkError,
            ...(extras.requestTimeout === undefined
              ? {}
              : { requestTimeout: extras.requestTimeout }),
            serverFactory: (handler: RequestListener) => createJsonServer(extras, handler),
          }),
          settings,
        );
        await app.listen(0, '127.0.0.1');
        return { server: app.getHttpServer(), close: () => app.close() };
      }
      const app = await NestFactory.create(HarnessModule, new ExpressAdapter(), settings);
      await app.init();
      const server = createJsonServer(extras, app.getHttpAdapter().getInstance());
      server.on('clientError', handleClientError);
      const running = await listen(server);
      return {
        server,
        close: async () => {
          await running.close();
          await app.close();
        },
      };
    },
  };
}

/** Every adapter the shared suites run through. */
export const ADAPTERS: readonly AdapterHarness[] = [
  expressHarness('express 5', express5),
  expressHarness('express 4', express4 as unknown as typeof express5),
  fastifyHarness,
  webHarness,
  koaHarness('koa 3', Koa),
  koaHarness('koa 2', Koa2 as unknown as typeof Koa),
  lambdaHarness('lambda (API Gateway REST)', restApiEvent, false),
  lambdaHarness('lambda (HTTP API)', httpApiEvent, true),
  lambdaHarness('lambda (function URL)', functionUrlEvent, true),
  lambdaHarness('lambda (ALB)', albEvent, false),
  nestHarness('nestjs (express)', 'express'),
  nestHarness('nestjs (fastify)', 'fastify'),
];
