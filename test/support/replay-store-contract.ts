import { randomUUID } from 'node:crypto';
import type { ClaimResult, ReplayStore } from '@hookguard/core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from './eventually.js';

/** A store under test: instances that share one key space, and how to clean up. */
export interface ReplayStoreHarness {
  readonly name: string;
  /**
   * Opens `count` store instances on one fresh key space (a new prefix, table or memory
   * store), each on its own connection where the store has connections, so that a test
   * sees what several instances of a service would.
   */
  open(count: number): Promise<readonly ReplayStore[]>;
  /** Closes everything the harness opened. */
  close(): Promise<void>;
}

const LONG_MS = 60_000;
// Short enough to wait out in a test, long enough for a loaded machine's round trips.
const SHORT_MS = 400;

const token = () => randomUUID();

/**
 * The `ReplayStore` contract: one suite that every store passes (memory, Redis, Redis
 * Cluster, PostgreSQL). Expiry is observed in real time, polling, because a server's clock
 * cannot be injected; the leases involved are a few hundred milliseconds.
 */
export function describeReplayStoreContract(harness: ReplayStoreHarness): void {
  describe(`ReplayStore contract: ${harness.name}`, () => {
    afterAll(() => harness.close());

    async function one(): Promise<ReplayStore> {
      const [store] = await harness.open(1);
      return store as ReplayStore;
    }

    it('claims a free key once; a second claim finds it in progress', async () => {
      const store = await one();
      expect(await store.claim('k', token(), LONG_MS)).toBe('claimed');
      expect(await store.claim('k', token(), LONG_MS)).toBe('in-progress');
      expect(await store.claim('other', token(), LONG_MS)).toBe('claimed');
    });

    it('a committed key is replayed, for every later claim', async () => {
      const store = await one();
      const owner = token();
      await store.claim('k', owner, LONG_MS);
      expect(await store.commit('k', owner, LONG_MS)).toBe(true);
      expect(await store.claim('k', token(), LONG_MS)).toBe('replayed');
      expect(await store.claim('k', owner, LONG_MS)).toBe('replayed');
    });

    it('release by the owner frees the key for the next claim', async () => {
      const store = await one();
      const owner = token();
      await store.claim('k', owner, LONG_MS);
      expect(await store.release('k', owner)).toBe(true);
      expect(await store.claim('k', token(), LONG_MS)).toBe('claimed');
    });

    it("release by another token leaves the owner's lease in place", async () => {
      const store = await one();
      const owner = token();
      await store.claim('k', owner, LONG_MS);
      expect(await store.release('k', token())).toBe(false);
      expect(await store.claim('k', token(), LONG_MS)).toBe('in-progress');
      expect(await store.release('k', owner)).toBe(true);
    });

    it('never releases a committed key, even for its owner', async () => {
      const store = await one();
      const owner = token();
      await store.claim('k', owner, LONG_MS);
      await store.commit('k', owner, LONG_MS);
      expect(await store.release('k', owner)).toBe(false);
      expect(await store.claim('k', token(), LONG_MS)).toBe('replayed');
    });

    it('release and commit of a key nobody claimed', async () => {
      const store = await one();
      expect(await store.release('never', token())).toBe(false);
      expect(await store.claim('never', token(), LONG_MS)).toBe('claimed');
      // A commit without a lease still records the delivery: it took effect.
      expect(await store.commit('late', token(), LONG_MS)).toBe(false);
      expect(await store.claim('late', token(), LONG_MS)).toBe('replayed');
    });

    it("a commit over another copy's lease records the delivery, and that copy can no longer release it", async () => {
      const store = await one();
      const first = token();
      const second = token();
      await store.claim('k', first, SHORT_MS);
      await eventually(
        async () => (await store.claim('k', second, LONG_MS)) === 'claimed',
        'lease expiry',
      );
      // The first copy's handler finished after its lease ran out: it still took effect.
      expect(await store.commit('k', first, LONG_MS)).toBe(false);
      expect(await store.release('k', second)).toBe(false);
      expect(await store.commit('k', second, LONG_MS)).toBe(false);
      expect(await store.claim('k', token(), LONG_MS)).toBe('replayed');
    });

    it('a lease expires: after leaseMs the key can be claimed again', async () => {
      const store = await one();
      const owner = token();
      await store.claim('k', owner, SHORT_MS);
      await eventually(
        async () => (await store.claim('k', token(), LONG_MS)) === 'claimed',
        'lease expiry',
      );
      // The new lease belongs to the new claimer: the old owner can neither release it...
      expect(await store.release('k', owner)).toBe(false);
      expect(await store.claim('k', token(), LONG_MS)).toBe('in-progress');
    });

    it('a committed record expires after ttlMs, not after the lease', async () => {
      const store = await one();
      const owner = token();
      const clock = token();
      await store.claim('k', owner, SHORT_MS);
      await store.commit('k', owner, LONG_MS);
      // A sentinel lease of the same length shows when the original lease would have ended.
      await store.claim('clock', clock, SHORT_MS);
      await eventually(
        async () => (await store.claim('clock', token(), LONG_MS)) === 'claimed',
        'sentinel expiry',
      );
      expect(await store.claim('k', token(), LONG_MS)).toBe('replayed');

      const brief = token();
      await store.claim('brief', brief, LONG_MS);
      await store.commit('brief', brief, SHORT_MS);
      await eventually(
        async () => (await store.claim('brief', token(), LONG_MS)) === 'claimed',
        'record expiry',
      );
    });

    it('is shared by every instance: a lease or record on one is seen by the others', async () => {
      const [a, b] = (await harness.open(2)) as [ReplayStore, ReplayStore];
      const owner = token();
      expect(await a.claim('k', owner, LONG_MS)).toBe('claimed');
      expect(await b.claim('k', token(), LONG_MS)).toBe('in-progress');
      expect(await b.commit('k', owner, LONG_MS)).toBe(true);
      expect(await a.claim('k', token(), LONG_MS)).toBe('replayed');
    });

    it('64 parallel claims of one key from several instances: exactly one wins', async () => {
      const stores = await harness.open(4);
      const results: ClaimResult[] = await Promise.all(
        Array.from({ length: 64 }, (_, i) =>
          (stores[i % stores.length] as ReplayStore).claim('contended', token(), LONG_MS),
        ),
      );
      expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
      expect(results.filter((result) => result === 'in-progress')).toHaveLength(63);
    });

    it('64 parallel commit-or-release races leave one consistent outcome', async () => {
      const stores = await harness.open(4);
      const keys = Array.from({ length: 64 }, (_, i) => `race-${i}`);
      const owners = keys.map(() => token());
      await Promise.all(
        keys.map((key, i) =>
          (stores[i % 4] as ReplayStore).claim(key, owners[i] as string, LONG_MS),
        ),
      );
      // Even keys are committed by their owner while a stranger tries to release them;
      // odd keys are released by their owner while a stranger tries to release them too.
      await Promise.all(
        keys.flatMap((key, i) => {
          const store = stores[(i + 1) % 4] as ReplayStore;
          const owner = owners[i] as string;
          return [
            i % 2 === 0 ? store.commit(key, owner, LONG_MS) : store.release(key, owner),
            (stores[i % 4] as ReplayStore).release(key, token()),
          ];
        }),
      );
      const after = await Promise.all(
        keys.map((key) => (stores[0] as ReplayStore).claim(key, token(), LONG_MS)),
      );
      expect(after).toEqual(keys.map((_, i) => (i % 2 === 0 ? 'replayed' : 'claimed')));
    });

    it('takes the keys hookguard makes: scheme, kind and a base64url digest', async () => {
      const store = await one();
      const key = `cashfree.webhook:sig:${'A-_z'.repeat(16)}`;
      const long = `hmac-with-a-long-name.v2:msg:${'x'.repeat(200)}`;
      expect(await store.claim(key, token(), LONG_MS)).toBe('claimed');
      expect(await store.claim(long, token(), LONG_MS)).toBe('claimed');
      expect(await store.claim(key, token(), LONG_MS)).toBe('in-progress');
    });
  });
}
