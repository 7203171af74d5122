import { randomUUID } from 'node:crypto';
import { cashfree, type SignedHttpRequest, sign, type VerifiedWebhook } from '@hookguard/core';
import { RedisReplayStore } from '@hookguard/redis';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ADAPTERS, type RouteSpec, type RunningApp } from '../support/adapters.js';
import { eventually } from '../support/eventually.js';
import { startRedisServer } from '../support/redis-server.js';

const scheme = cashfree.webhook({ secret: 'secret', tolerance: false });
const redisUrl = inject('redisUrl');
const raw = new Redis(redisUrl);
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup) await step();
  raw.disconnect();
});

for (const adapter of ADAPTERS) {
  describe(`${adapter.name} with a Redis replay store`, () => {
    async function appWith(handle: RouteSpec['handle'], url = redisUrl) {
      const prefix = `test:${randomUUID()}:`;
      const replayStore = await RedisReplayStore.connect(url, { prefix, warn: () => {} });
      const app: RunningApp = await adapter.start([
        { path: '/hook', scheme, replayStore, ...(handle ? { handle } : {}) },
      ]);
      cleanup.push(
        () => app.close(),
        () => replayStore.close(),
      );
      return { app, prefix };
    }
    const deliver = (app: RunningApp, message: SignedHttpRequest) =>
      request(app.server)
        .post('/hook')
        .set(message.headers)
        .send(message.body as string);

    for (const [failure, fail] of [
      ['answers 500', () => ({ status: 500, body: { error: 'database down' } })],
      [
        'throws',
        () => {
          throw new Error('database down');
        },
      ],
    ] as const) {
      it(`accepts the identical retry of a delivery whose handler ${failure}`, async () => {
        let attempts = 0;
        let replayKey = '';
        const { app, prefix } = await appWith((webhook: VerifiedWebhook) => {
          attempts++;
          replayKey = webhook.replayKey as string;
          return attempts === 1 ? fail() : { status: 200, body: { ok: true } };
        });
        const message = sign(scheme, { body: { id: randomUUID() } });
        expect((await deliver(app, message)).status).toBe(500);
        await eventually(
          async () => (await raw.exists(prefix + replayKey)) === 0,
          'claim released',
        );
        const retry = await deliver(app, message);
        expect(retry.status).toBe(200);
        expect(attempts).toBe(2);
        // Once it succeeded, a third copy is a replay again.
        expect((await deliver(app, message)).body.error.code).toBe('replayed');
      });
    }

    it('keeps the claim when the handler answers 4xx: the retry is a replay', async () => {
      let attempts = 0;
      const { app } = await appWith(() => {
        attempts++;
        return { status: 422, body: { error: 'unknown order' } };
      });
      const message = sign(scheme, { body: { id: randomUUID() } });
      expect((await deliver(app, message)).status).toBe(422);
      const retry = await deliver(app, message);
      expect([retry.status, retry.body.error.code]).toEqual([401, 'replayed']);
      expect(attempts).toBe(1);
    });

    it('answers 503 replay_store_unavailable while Redis is down, without calling the handler, and recovers by itself', async () => {
      const server = await startRedisServer();
      cleanup.push(() => server.stop());
      let calls = 0;
      const { app } = await appWith(() => {
        calls++;
        return { status: 200, body: { ok: true } };
      }, server.url);
      expect((await deliver(app, sign(scheme, { body: { n: 1 } }))).status).toBe(200);
      await server.stop();
      const refused = await deliver(app, sign(scheme, { body: { n: 2 } }));
      expect([refused.status, refused.body.error.code]).toEqual([503, 'replay_store_unavailable']);
      expect(calls).toBe(1);
      await server.start();
      let n = 3;
      await eventually(
        async () => (await deliver(app, sign(scheme, { body: { n: n++ } }))).status === 200,
        'recovered',
      );
      expect(calls).toBe(2);
    });
  });
}
