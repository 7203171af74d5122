import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schemesFromEnv } from '../examples/express/src/schemes.js';
import { providerDeliveries } from '../scripts/demo/deliveries.mjs';
import { DEMO_ENV } from '../scripts/demo/demo-env.mjs';
import { send, startExample } from '../scripts/demo/example-process.mjs';
import { eventually } from './support/eventually.js';
import { startRedisServer } from './support/redis-server.js';

const schemes = schemesFromEnv(DEMO_ENV, () => {});
type Example = Awaited<ReturnType<typeof startExample>>;

describe('two example app instances sharing one Redis', () => {
  let express: Example;
  let fastify: Example;
  beforeAll(async () => {
    const env = { ...DEMO_ENV, REDIS_URL: inject('redisUrl') };
    [express, fastify] = await Promise.all([
      startExample('express', env),
      startExample('fastify', env),
    ]);
  });
  afterAll(async () => {
    await Promise.all([express?.stop(), fastify?.stop()]);
  });

  it('says it uses Redis', () => {
    expect(express.output()).toContain('replay store: Redis (shared by every instance)');
    expect(fastify.output()).toContain('replay store: Redis (shared by every instance)');
  });

  it('refuses, on one instance, every delivery the other accepted', async () => {
    const valid = providerDeliveries(schemes, Date.now()).filter(
      (delivery) => delivery.label.startsWith('valid') && delivery.request.method === 'POST',
    );
    // Every webhook route of the example apps, seeds and catalog.
    expect(valid.map((delivery) => delivery.provider)).toEqual([
      'cashfree.webhook',
      'cashfree.subscription',
      'smile-id',
      'fiserv',
      'ethoca',
      'stripe',
      'github',
      'shopify',
      'standard-webhooks',
      'svix',
      'razorpay',
      'paystack',
      'slack',
      'twilio',
      'flutterwave',
    ]);
    for (const [index, delivery] of valid.entries()) {
      const [first, second] = index % 2 === 0 ? [express, fastify] : [fastify, express];
      expect(
        (await send(first.url, delivery.request)).status,
        `${delivery.provider} on ${first.name}`,
      ).toBe(200);
      const replay = await send(second.url, delivery.request);
      expect(
        [replay.status, replay.body.error?.code],
        `${delivery.provider} replayed on ${second.name}`,
      ).toEqual([401, 'replayed']);
    }
  });
});

describe('an example app whose Redis stops mid-test', () => {
  it.each(['express', 'fastify'] as const)(
    '%s answers 503 replay_store_unavailable while Redis is down and recovers by itself',
    async (name) => {
      const redis = await startRedisServer();
      const app = await startExample(name, { ...DEMO_ENV, REDIS_URL: redis.url });
      try {
        const fresh = () =>
          providerDeliveries(schemes, Date.now()).find(
            (delivery) => delivery.provider === 'fiserv' && delivery.label === 'valid',
          );
        expect((await send(app.url, fresh()?.request as never)).status).toBe(200);
        await redis.stop();
        const refused = await send(app.url, fresh()?.request as never);
        expect([refused.status, refused.body.error?.code]).toEqual([
          503,
          'replay_store_unavailable',
        ]);
        await redis.start();
        await eventually(
          async () => (await send(app.url, fresh()?.request as never)).status === 200,
          'recovered',
        );
        expect(app.output()).toMatch(/Redis is unreachable[\s\S]*connection is back/);
      } finally {
        await app.stop();
        await redis.stop();
      }
    },
  );
});
