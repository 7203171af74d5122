// Runs inside a scratch app that installed the packed tarballs (test/packed-install.test.ts):
// every package required by name as CommonJS. Prints one JSON line for the test to check.
const core = require('@hookguard/core');
const express = require('@hookguard/express');
const fastify = require('@hookguard/fastify');
const koa = require('@hookguard/koa');
const lambda = require('@hookguard/lambda');
const nestjs = require('@hookguard/nestjs');
const opentelemetry = require('@hookguard/opentelemetry');
const postgres = require('@hookguard/postgres');
const redis = require('@hookguard/redis');
const web = require('@hookguard/web');

async function main() {
  const scheme = core.stripe({ secret: 'whsec_packed_install' });
  const signed = core.sign(scheme, { body: { id: 'evt_packed', type: 'ping' } });
  const verified = await core.verify(scheme, { method: 'POST', url: '/', ...signed });
  const forged = await core
    .verify(scheme, { method: 'POST', url: '/', ...signed, body: '{"id":"evt_forged"}' })
    .catch((error) => error.code);
  console.log(
    JSON.stringify({
      core: { payload: verified.payload, forged },
      express: typeof express.webhook,
      fastify: typeof fastify.hookguardPlugin,
      koa: typeof koa.webhook,
      lambda: typeof lambda.webhookHandler,
      nestjs: typeof nestjs.HookguardModule,
      opentelemetry: typeof opentelemetry.instrumentHookguard,
      web: typeof web.withWebhook,
      redis: typeof redis.RedisReplayStore,
      postgres: typeof postgres.PostgresReplayStore,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
