import { afterAll, describe, expect, inject, it } from 'vitest';
import { DEMO_ENV } from '../../scripts/demo/demo-env.mjs';
import { type AppProcess, startFaultApp } from '../support/app-process.js';
import { eventually } from '../support/eventually.js';
import { freshDatabase } from '../support/fresh-database.js';
import { freshCashfreeDelivery, tampered } from '../support/signed-delivery.js';
import { type Answer, accepted, deliverLikeAVendor, post, summary } from '../support/vendor.js';

// The fault app (test/support/fault-app.mjs, on the built packages) with a short lease, so
// that waiting one out takes two seconds.
const LEASE_SECONDS = 2;
// A lease is timed by the store's clock from the moment the claim landed, a little before
// the app says it is hanging; this much earlier is still "when the lease ended".
const CLOCK_SLACK_MS = 300;

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function faultApp(name: string, store: Record<string, string>): Promise<AppProcess> {
  const app = await startFaultApp({
    FAULT_APP_NAME: name,
    REPLAY_LEASE_SECONDS: String(LEASE_SECONDS),
    REPLAY_STORE_TIMEOUT_MS: '1000',
    CASHFREE_CLIENT_SECRET: DEMO_ENV.CASHFREE_CLIENT_SECRET,
    ...store,
  });
  cleanup.push(() => app.stop());
  return app;
}

const STORES: readonly { name: string; env(): Promise<Record<string, string>> }[] = [
  { name: 'Redis', env: async () => ({ REDIS_URL: inject('redisUrl') }) },
  {
    name: 'PostgreSQL',
    env: async () => ({ DATABASE_URL: await freshDatabase(inject('postgresUrl')) }),
  },
];

describe('an instance killed (SIGKILL) between claiming a delivery and committing it', () => {
  it.each(STORES.map((store) => [store.name, store] as const))(
    'on %s: another instance answers the retry 409 until the lease ends, then accepts it exactly once, then refuses it as replayed',
    async (_name, store) => {
      const env = await store.env();
      const [first, second] = await Promise.all([faultApp('first', env), faultApp('second', env)]);
      // The first instance takes the claim and never answers; the second answers normally.
      const delivery = freshCashfreeDelivery({ hang: 'first' });
      const unanswered = post(first.url, delivery).then(
        () => 'answered',
        () => 'connection lost',
      );
      await eventually(
        async () => first.output().includes('hanging cashfree.webhook'),
        'the first instance holding the claim',
      );
      const claimedBy = Date.now();
      await first.kill();
      expect(await unanswered).toBe('connection lost');

      const log: Answer[] = [];
      const retry = await post(second.url, delivery);
      log.push(retry);
      // Nobody will settle the claim: it blocks the retry, but only for its lease.
      expect([retry.status, retry.code, retry.retryAfter]).toEqual([
        409,
        'delivery_in_progress',
        String(LEASE_SECONDS),
      ]);
      const forged = await post(second.url, tampered(delivery));
      expect([forged.status, forged.code]).toEqual([401, 'invalid_signature']);

      const accepting = await deliverLikeAVendor(second.url, delivery, log);
      expect(accepting.status, summary(log)).toBe(200);
      expect(Date.now() - claimedBy).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000 - CLOCK_SLACK_MS);
      const copy = await deliverLikeAVendor(second.url, delivery, log);
      expect([copy.status, copy.code], summary(log)).toEqual([401, 'replayed']);
      expect(accepted(log), summary(log)).toBe(1);
    },
  );
});
