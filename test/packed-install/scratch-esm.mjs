// Runs inside a scratch app that installed the packed tarballs (test/packed-install.test.ts):
// every package imported by name as ESM, each adapter serving one signed delivery. Prints
// one JSON line for the test to check.
import { MemoryReplayStore, sign, stripe, verify } from '@hookguard/core';
import { webhook } from '@hookguard/express';
import { hookguardPlugin } from '@hookguard/fastify';
import { webhook as koaWebhook } from '@hookguard/koa';
import { webhookHandler } from '@hookguard/lambda';
import { HookguardModule, VerifyWebhook, Webhook } from '@hookguard/nestjs';
import { instrumentHookguard } from '@hookguard/opentelemetry';
import { PostgresReplayStore } from '@hookguard/postgres';
import { RedisReplayStore } from '@hookguard/redis';
import { withWebhook } from '@hookguard/web';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';

const scheme = stripe({ secret: 'whsec_packed_install' });
const delivery = () => sign(scheme, { body: { id: 'evt_packed', type: 'ping' } });

async function coreRoundTrip() {
  const replayStore = new MemoryReplayStore();
  const signed = delivery();
  const request = { method: 'POST', url: '/', ...signed };
  const verified = await verify(scheme, request, { replayStore });
  await verified.replayClaim?.commit();
  const replay = await verify(scheme, request, { replayStore }).catch((error) => error.code);
  return { payload: verified.payload, replay };
}

async function viaExpress() {
  const app = express();
  app.post('/hook', webhook(scheme), (req, res) => res.json(req.webhook?.payload));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const signed = delivery();
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    const url = `http://127.0.0.1:${port}/hook`;
    const response = await fetch(url, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    return response.status;
  } finally {
    server.close();
  }
}

async function viaFastify() {
  const app = Fastify();
  await app.register(hookguardPlugin);
  app.post('/hook', { config: { webhook: scheme } }, async (request) => request.webhook?.payload);
  const signed = delivery();
  const response = await app.inject({
    method: 'POST',
    url: '/hook',
    headers: signed.headers,
    payload: signed.body,
  });
  await app.close();
  return response.statusCode;
}

async function viaKoa() {
  const app = new Koa();
  app.use(koaWebhook(scheme));
  app.use((ctx) => {
    ctx.body = ctx.state.webhook?.payload;
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const signed = delivery();
    const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
    const response = await fetch(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    return response.status;
  } finally {
    server.close();
  }
}

async function viaLambda() {
  const handler = webhookHandler(scheme, () => undefined);
  const signed = delivery();
  const event = {
    version: '2.0',
    rawPath: '/hook',
    rawQueryString: '',
    headers: signed.headers,
    requestContext: { http: { method: 'POST' } },
    body: Buffer.from(signed.body).toString('base64'),
    isBase64Encoded: true,
  };
  return (await handler(event, {})).statusCode;
}

async function viaNest() {
  // The decorators of a TypeScript controller, applied by hand: this script is plain ESM.
  class HookController {
    /** @param {import('@hookguard/core').VerifiedWebhook} webhook */
    hook(webhook) {
      return webhook.payload;
    }
  }
  const prototype = HookController.prototype;
  const descriptor = /** @type {PropertyDescriptor} */ (
    Object.getOwnPropertyDescriptor(prototype, 'hook')
  );
  for (const decorate of [Post('hook'), HttpCode(200), VerifyWebhook(scheme)])
    decorate(prototype, 'hook', descriptor);
  Webhook()(prototype, 'hook', 0);
  Controller()(HookController);
  class AppModule {}
  Module({ imports: [HookguardModule.forRoot()], controllers: [HookController] })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  try {
    const signed = delivery();
    const response = await fetch(`${await app.getUrl()}/hook`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    return response.status;
  } finally {
    await app.close();
  }
}

/**
 * The packed OpenTelemetry package sees the packed core's verifications: its spans (from a
 * tracer provider written here: only @opentelemetry/api is installed) end with an outcome.
 */
async function viaOpenTelemetry() {
  /** @type {string[]} */
  const outcomes = [];
  const tracer = {
    startSpan() {
      /** @type {Record<string, unknown>} */
      const attributes = {};
      const span = {
        setAttribute(/** @type {string} */ key, /** @type {unknown} */ value) {
          attributes[key] = value;
          return span;
        },
        setAttributes(/** @type {Record<string, unknown>} */ more) {
          Object.assign(attributes, more);
          return span;
        },
        setStatus: () => span,
        end: () => outcomes.push(String(attributes['hookguard.outcome'])),
      };
      return span;
    },
  };
  const tracerProvider = /** @type {import('@opentelemetry/api').TracerProvider} */ (
    /** @type {unknown} */ ({ getTracer: () => tracer })
  );
  const uninstrument = instrumentHookguard({ tracerProvider });
  try {
    const signed = delivery();
    await verify(scheme, { method: 'POST', url: '/', ...signed });
    await verify(scheme, { method: 'POST', url: '/', ...signed, body: '{}' }).catch(() => {});
  } finally {
    uninstrument();
  }
  return outcomes.join(' ');
}

async function viaWeb() {
  const handle = withWebhook(scheme, async (_request, { payload }) => Response.json(payload));
  const signed = delivery();
  const request = new Request('http://localhost/hook', {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  return (await handle(request)).status;
}

console.log(
  JSON.stringify({
    core: await coreRoundTrip(),
    express: await viaExpress(),
    fastify: await viaFastify(),
    koa: await viaKoa(),
    lambda: await viaLambda(),
    nestjs: await viaNest(),
    opentelemetry: await viaOpenTelemetry(),
    web: await viaWeb(),
    redis: typeof RedisReplayStore,
    postgres: typeof PostgresReplayStore,
  }),
);
