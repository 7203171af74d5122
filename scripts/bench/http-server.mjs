// @ts-check
/**
 * One benchmark server: `node http-server.mjs <express|fastify|koa|web|nestjs-express|nestjs-fastify> <case> <secret>`, on a free
 * loopback port, printing `listening on <url>`. Every case answers `{"ok":true}` on POST /hook.
 * No replay store: the load generator repeats one request, and the point is the cost of
 * verifying, like for like with the hand-written check.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { Readable } from 'node:stream';
import { cashfree, github, twilio as twilioScheme } from '@hookguard/core';
import { webhook } from '@hookguard/express';
import { hookguardPlugin } from '@hookguard/fastify';
import { webhook as koaWebhook } from '@hookguard/koa';
import { withWebhook } from '@hookguard/web';
import { createNodeMiddleware, Webhooks } from '@octokit/webhooks';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import twilio from 'twilio';

const [framework, name, secret = 'bench-secret'] = process.argv.slice(2);
const ok = { ok: true };
const TWILIO = { authToken: secret, publicUrl: 'https://merchant.example' };

/**
 * The request is signed once, when the run starts, and repeated for minutes: a tolerance
 * of an hour keeps the timestamp check (same work as the default 300 s) from refusing it
 * late in a long run.
 */
function benchScheme() {
  return cashfree.webhook({ secret, tolerance: 3600 });
}

/** The check a careful merchant writes by hand: HMAC of timestamp + raw body, constant-time, then parse. */
function handWritten(/** @type {Buffer} */ body, /** @type {Record<string, unknown>} */ headers) {
  const expected = createHmac('sha256', secret)
    .update(String(headers['x-webhook-timestamp']))
    .update(body)
    .digest();
  const received = Buffer.from(String(headers['x-webhook-signature']), 'base64');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return undefined;
  return JSON.parse(body.toString('utf8'));
}

async function expressServer() {
  const app = express();
  const scheme = benchScheme();
  switch (name) {
    case 'raw':
      app.post(
        '/hook',
        express.raw({ type: '*/*', limit: '1mb' }),
        (_req, res) => void res.json(ok),
      );
      break;
    case 'handwritten':
      app.post('/hook', express.raw({ type: '*/*', limit: '1mb' }), (req, res) => {
        if (handWritten(req.body, req.headers) === undefined) return void res.status(401).end();
        res.json(ok);
      });
      break;
    case 'hookguard':
      app.post('/hook', webhook(scheme), (_req, res) => void res.json(ok));
      break;
    case 'hookguard-github':
      app.post('/hook', webhook(github({ secret })), (_req, res) => void res.json(ok));
      break;
    case 'hookguard-twilio':
      app.post('/hook', webhook(twilioScheme(TWILIO)), (_req, res) => void res.json(ok));
      break;
    case 'octokit': {
      const webhooks = new Webhooks({ secret });
      webhooks.on('ping', () => {});
      app.use(createNodeMiddleware(webhooks, { path: '/hook' }));
      break;
    }
    case 'twilio':
      app.post(
        '/hook',
        express.urlencoded({ extended: false }),
        twilio.webhook(secret, { url: 'https://merchant.example/hook' }),
        (_req, res) => void res.json(ok),
      );
      break;
    default:
      throw new Error(`unknown case ${name}`);
  }
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server.address()));
  });
}

async function fastifyServer() {
  const app = Fastify();
  const scheme = benchScheme();
  switch (name) {
    case 'raw':
    case 'handwritten':
      await app.register(async (scope) => {
        scope.addContentTypeParser(
          'application/json',
          { parseAs: 'buffer' },
          (_request, body, done) => done(null, body),
        );
        scope.post('/hook', async (request, reply) => {
          if (
            name === 'handwritten' &&
            handWritten(/** @type {Buffer} */ (request.body), request.headers) === undefined
          )
            return reply.code(401).send();
          return ok;
        });
      });
      break;
    case 'hookguard':
    case 'hookguard-github':
      await app.register(hookguardPlugin);
      app.post(
        '/hook',
        { config: { webhook: name === 'hookguard' ? scheme : github({ secret }) } },
        async () => ok,
      );
      break;
    case 'octokit': {
      const webhooks = new Webhooks({ secret });
      webhooks.on('ping', () => {});
      const middleware = createNodeMiddleware(webhooks, { path: '/hook' });
      // Octokit reads the raw request itself: hand it over before Fastify parses anything.
      app.addHook('onRequest', (request, reply, done) => {
        reply.hijack();
        middleware(request.raw, reply.raw);
        done();
      });
      break;
    }
    default:
      throw new Error(`unknown case ${name} for fastify`);
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app.server.address();
}

/** Koa: the hookguard case only (the forged-flood part compares it with itself). */
async function koaServer() {
  if (name !== 'hookguard') throw new Error(`unknown case ${name} for koa`);
  const app = new Koa();
  const verify = koaWebhook(benchScheme());
  app.use((ctx, next) => (ctx.path === '/hook' ? verify(ctx, next) : next()));
  app.use((ctx) => {
    ctx.body = ok;
  });
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server.address()));
  });
}

/**
 * A fetch handler behind Node's server, as @hono/node-server serves one: the hookguard case
 * only. The body is streamed into the Request, as a real adapter would be given it.
 */
async function webServer() {
  if (name !== 'hookguard') throw new Error(`unknown case ${name} for web`);
  const handle = withWebhook(benchScheme(), async () => Response.json(ok));
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2)
      headers.append(
        /** @type {string} */ (req.rawHeaders[i]),
        /** @type {string} */ (req.rawHeaders[i + 1]),
      );
    const request = new Request(
      `http://127.0.0.1${req.url}`,
      /** @type {RequestInit} */ ({
        method: req.method ?? 'POST',
        headers,
        body: /** @type {ReadableStream} */ (Readable.toWeb(req)),
        // Node's fetch needs duplex for a streamed body.
        duplex: 'half',
      }),
    );
    const response = await handle(request);
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, {
      ...Object.fromEntries(response.headers),
      'content-length': String(body.length),
    });
    res.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(server.address()));
  });
}

/**
 * NestJS on one platform: the hookguard case only, one controller route decorated by hand
 * (this file is plain JavaScript), as the adapter suite's harness does.
 */
async function nestServer(/** @type {'express' | 'fastify'} */ platform) {
  if (name !== 'hookguard') throw new Error(`unknown case ${name} for nestjs`);
  await import('reflect-metadata');
  const { Controller, Module, Post, Res } = await import('@nestjs/common');
  const { NestFactory } = await import('@nestjs/core');
  const { HookguardModule, VerifyWebhook, Webhook } = await import('@hookguard/nestjs');
  class Hooks {}
  const prototype = /** @type {Record<string, unknown>} */ (Hooks.prototype);
  prototype.hook = (/** @type {unknown} */ _webhook, /** @type {any} */ response) =>
    platform === 'express' ? response.json(ok) : response.send(ok);
  const descriptor = /** @type {PropertyDescriptor} */ (
    Object.getOwnPropertyDescriptor(prototype, 'hook')
  );
  Post('/hook')(prototype, 'hook', descriptor);
  VerifyWebhook(benchScheme())(prototype, 'hook', descriptor);
  Webhook()(prototype, 'hook', 0);
  Res()(prototype, 'hook', 1);
  Controller()(Hooks);
  class App {}
  Module({ imports: [HookguardModule.forRoot()], controllers: [Hooks] })(App);
  const adapter =
    platform === 'express'
      ? new (await import('@nestjs/platform-express')).ExpressAdapter()
      : new (await import('@nestjs/platform-fastify')).FastifyAdapter();
  const app = await NestFactory.create(App, adapter, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer().address();
}

const SERVERS = {
  express: expressServer,
  fastify: fastifyServer,
  koa: koaServer,
  web: webServer,
  'nestjs-express': () => nestServer('express'),
  'nestjs-fastify': () => nestServer('fastify'),
};
const start = SERVERS[/** @type {keyof typeof SERVERS} */ (framework)];
if (start === undefined) throw new Error(`unknown framework ${framework}`);
const address = /** @type {import('node:net').AddressInfo} */ (await start());
console.log(`listening on http://127.0.0.1:${address.port}`);
