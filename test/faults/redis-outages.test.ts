import type { AddressInfo } from 'node:net';
import { cashfree } from '@hookguard/core';
import { RedisReplayStore } from '@hookguard/redis';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_ENV } from '../../scripts/demo/demo-env.mjs';
import { startExample } from '../../scripts/demo/example-process.mjs';
import { ADAPTERS, type RunningApp } from '../support/adapters.js';
import { eventually } from '../support/eventually.js';
import { type RedisServer, startRedisServer } from '../support/redis-server.js';
import { freshCashfreeDelivery, tampered } from '../support/signed-delivery.js';
import {
  type Answer,
  accepted,
  deliverLikeAVendor,
  expectAcceptedOnceAfterwards,
  post,
  summary,
} from '../support/vendor.js';

// Real redis-servers, one per group, stopped, frozen and killed under running apps. The
// example apps keep hookguard's defaults: a store call may take 1 s, a lease lasts 30 s.
type Example = Awaited<ReturnType<typeof startExample>>;
const EXAMPLES = ['express', 'fastify'] as const;
const LEASE_MS = 30_000;
/**
 * How long a vendor's retries may take to be accepted once Redis is back: well inside the
 * lease, so an acceptance this soon can only come from the claim having been released by
 * its token, never from its lease running out.
 */
const WITHIN_THE_LEASE = { deadlineMs: LEASE_MS / 3 };

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function redisServer(): Promise<RedisServer> {
  const redis = await startRedisServer();
  cleanup.push(() => redis.stop());
  return redis;
}

/** Both example apps on `REDIS_URL`, stopped after the file. */
async function examplesOn(redis: RedisServer): Promise<Record<(typeof EXAMPLES)[number], Example>> {
  const env = { ...DEMO_ENV, REDIS_URL: redis.url };
  const [express, fastify] = await Promise.all(EXAMPLES.map((name) => startExample(name, env)));
  cleanup.push(async () => {
    await Promise.all([express?.stop(), fastify?.stop()]);
  });
  return { express: express as Example, fastify: fastify as Example };
}

describe('example apps whose Redis freezes (SIGSTOP) past the store timeout while a delivery is claimed', () => {
  let redis: RedisServer;
  let apps: Record<(typeof EXAMPLES)[number], Example>;
  beforeAll(async () => {
    redis = await redisServer();
    apps = await examplesOn(redis);
  });

  it.each(EXAMPLES)(
    '%s answers 503 replay_store_unavailable and warns; after the thaw the retry is accepted exactly once',
    async (name) => {
      const app = apps[name];
      const delivery = freshCashfreeDelivery();
      const log: Answer[] = [];
      await redis.freeze();
      try {
        // The claim reaches Redis's socket and waits there: it lands when Redis thaws.
        const during = await post(app.url, delivery);
        log.push(during);
        expect([during.status, during.code]).toEqual([503, 'replay_store_unavailable']);
        const forged = await post(app.url, tampered(delivery));
        expect([forged.status, forged.code]).toEqual([401, 'invalid_signature']);
      } finally {
        await redis.thaw();
      }
      // The claim that landed late is released by its token: the retry is not refused as
      // in progress until the lease ends, nor as replayed for the whole replay window.
      await expectAcceptedOnceAfterwards(app.url, delivery, log, WITHIN_THE_LEASE);
      expect(app.output()).toContain(
        '[hookguard] cashfree.webhook: the replay store did not answer within 1000 ms; answering 503 replay_store_unavailable',
      );
      // Printed before the release that let the retry through; stderr may trail the answer.
      await eventually(
        async () =>
          app
            .output()
            .includes(
              "[hookguard] cashfree.webhook: a claim that timed out reached the replay store late; releasing it so the vendor's retry is accepted.",
            ),
        'the late-claim warning',
      );
    },
  );
});

describe('example apps whose Redis stops and starts again', () => {
  let redis: RedisServer;
  let apps: Record<(typeof EXAMPLES)[number], Example>;
  beforeAll(async () => {
    redis = await redisServer();
    apps = await examplesOn(redis);
  });

  it.each(EXAMPLES)(
    '%s answers 503 at once while Redis is down and accepts the retry exactly once when it is back',
    async (name) => {
      const app = apps[name];
      const delivery = freshCashfreeDelivery();
      const log: Answer[] = [];
      const outputBefore = app.output().length;
      await redis.stop();
      try {
        const during = await post(app.url, delivery);
        log.push(during);
        expect([during.status, during.code]).toEqual([503, 'replay_store_unavailable']);
        const forged = await post(app.url, tampered(delivery));
        expect([forged.status, forged.code]).toEqual([401, 'invalid_signature']);
      } finally {
        await redis.start();
      }
      await expectAcceptedOnceAfterwards(app.url, delivery, log, WITHIN_THE_LEASE);
      // This outage's lines only: both apps share the Redis, so each saw the other's outage.
      const output = () => app.output().slice(outputBefore);
      expect(output()).toMatch(
        /\[hookguard\] cashfree\.webhook: the replay store failed \(.+\); answering 503 replay_store_unavailable/,
      );
      await eventually(
        async () => /Redis is unreachable[\s\S]*connection is back/.test(output()),
        'the lost and back warnings',
      );
    },
  );
});

describe("apps reusing their own ioredis client (offline queue on, ioredis's defaults) through a Redis outage", () => {
  it('every adapter answers 503 while Redis is down, then accepts the retry exactly once: the queued claim lands late and is released by its token', async () => {
    // The harness's routes warn on the console, hookguard's default.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    cleanup.push(async () => warn.mockRestore());
    const redis = await redisServer();
    const scheme = cashfree.webhook({ secret: DEMO_ENV.CASHFREE_CLIENT_SECRET });
    const running = await Promise.all(
      ADAPTERS.map(async (adapter) => {
        const client = new Redis(redis.url);
        // As an app would: ioredis reports every failed reconnection as an `error` event.
        client.on('error', () => {});
        cleanup.push(async () => {
          client.disconnect();
        });
        const replayStore = new RedisReplayStore({ client, warn: () => {} });
        const app: RunningApp = await adapter.start([
          { path: '/webhooks/cashfree', scheme, replayStore, replayLease: LEASE_MS / 1000 },
        ]);
        cleanup.push(() => app.close());
        const { port } = app.server.address() as AddressInfo;
        return {
          name: adapter.name,
          url: `http://127.0.0.1:${port}`,
          delivery: freshCashfreeDelivery(),
          log: [] as Answer[],
        };
      }),
    );
    await redis.stop();
    try {
      await Promise.all(
        running.map(async (app) => {
          // ioredis queues the claim until it reconnects; the store timeout answers meanwhile.
          const during = await post(app.url, app.delivery);
          app.log.push(during);
          expect([during.status, during.code], app.name).toEqual([503, 'replay_store_unavailable']);
          const forged = await post(app.url, tampered(app.delivery));
          expect([forged.status, forged.code], app.name).toEqual([401, 'invalid_signature']);
        }),
      );
    } finally {
      await redis.start();
    }
    for (const app of running)
      await expectAcceptedOnceAfterwards(app.url, app.delivery, app.log, WITHIN_THE_LEASE);
    const warnings = warn.mock.calls.map(([message]) => String(message));
    expect(
      warnings.filter((message) =>
        message.includes('a claim that timed out reached the replay store late; releasing it'),
      ),
      warnings.join('\n'),
    ).toHaveLength(ADAPTERS.length);
  });
});

/** The pid Redis reports for itself, to kill it as the OOM killer would. */
async function redisPid(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    const info = await client.info('server');
    return Number(/^process_id:(\d+)/m.exec(info)?.[1]);
  } finally {
    client.disconnect();
  }
}

describe('an example app whose Redis, without persistence, is killed (SIGKILL) and restarted', () => {
  it('accepts a replay of a delivery it had already accepted: the restart forgot every record, as docs/replay.md says', async () => {
    const redis = await redisServer();
    const { express: app } = await examplesOn(redis);
    const delivery = freshCashfreeDelivery();
    const log: Answer[] = [];
    await deliverLikeAVendor(app.url, delivery, log);
    expect(summary(log)).toBe('200');
    expect((await deliverLikeAVendor(app.url, delivery, log)).code).toBe('replayed');

    process.kill(await redisPid(redis.url), 'SIGKILL');
    // Reaps the killed server (SIGTERM to a process already gone) before starting a new one.
    await redis.stop();
    try {
      const during = await post(app.url, delivery);
      log.push(during);
      expect([during.status, during.code]).toEqual([503, 'replay_store_unavailable']);
      const forged = await post(app.url, tampered(delivery));
      expect([forged.status, forged.code]).toEqual([401, 'invalid_signature']);
    } finally {
      await redis.start();
    }
    // The documented window: Redis without persistence (`save ""`, no AOF, as this server
    // runs) comes back empty, so the committed record is gone and the same signed delivery
    // is accepted a second time, until its replay TTL would have ended. Only persistence
    // (AOF) or a store that keeps its records (PostgreSQL) closes it.
    const afterRestart = await deliverLikeAVendor(app.url, delivery, log, WITHIN_THE_LEASE);
    expect(afterRestart.status, summary(log)).toBe(200);
    expect(accepted(log), summary(log)).toBe(2);
    // From then on it is remembered again.
    const copy = await deliverLikeAVendor(app.url, delivery, log);
    expect([copy.status, copy.code]).toEqual([401, 'replayed']);
    expect(accepted(log), summary(log)).toBe(2);
  });
});
