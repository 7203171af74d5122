import { MemoryReplayStore } from '@hookguard/core';
import { describe, expect, it } from 'vitest';
import { describeReplayStoreContract } from '../../../../test/support/replay-store-contract.js';

// One store is one key space: the contract's "instances" are the same object.
describeReplayStoreContract({
  name: 'MemoryReplayStore',
  open: async (count) => {
    const store = new MemoryReplayStore();
    return Array.from({ length: count }, () => store);
  },
  close: async () => {},
});

/** A store on a clock the test moves. */
function clocked(maxKeys?: number) {
  const clock = { now: 0 };
  const store = new MemoryReplayStore({
    now: () => clock.now,
    ...(maxKeys === undefined ? {} : { maxKeys }),
  });
  return { clock, store };
}

describe('MemoryReplayStore on an injected clock', () => {
  it('ends a lease exactly leaseMs after the claim', async () => {
    const { clock, store } = clocked();
    expect(await store.claim('a', 't1', 10_000)).toBe('claimed');
    clock.now = 9_999;
    expect(await store.claim('a', 't2', 10_000)).toBe('in-progress');
    clock.now = 10_000;
    expect(await store.claim('a', 't3', 10_000)).toBe('claimed');
  });

  it('keeps a committed record ttlMs from the commit, not from the claim', async () => {
    const { clock, store } = clocked();
    await store.claim('a', 't1', 1_000);
    clock.now = 500;
    expect(await store.commit('a', 't1', 60_000)).toBe(true);
    clock.now = 60_499;
    expect(await store.claim('a', 't2', 1_000)).toBe('replayed');
    clock.now = 60_500;
    expect(await store.claim('a', 't3', 1_000)).toBe('claimed');
  });

  it('cannot release an expired lease, even for its owner', async () => {
    const { clock, store } = clocked();
    await store.claim('a', 't1', 1_000);
    clock.now = 1_000;
    expect(await store.release('a', 't1')).toBe(false);
  });

  it('forgets a key with a zero lease at once', async () => {
    const { store } = clocked();
    expect(await store.claim('a', 't1', 0)).toBe('claimed');
    expect(await store.claim('a', 't2', 0)).toBe('claimed');
  });

  it('does not forget a re-claimed key when its older, released entry expires', async () => {
    const { clock, store } = clocked();
    await store.claim('k', 't1', 10_000);
    await store.release('k', 't1');
    clock.now = 1_000;
    await store.claim('k', 't2', 10_000);
    await store.commit('k', 't2', 10_000);
    clock.now = 10_500;
    await store.claim('other', 't3', 10_000);
    expect(await store.claim('k', 't4', 10_000)).toBe('replayed');
  });

  it('sweeps expired keys as it goes', async () => {
    const { clock, store } = clocked();
    for (let i = 0; i < 100; i++) await store.claim(`k${i}`, 't', 1_000);
    clock.now = 5_000;
    for (let i = 0; i < 20; i++) await store.claim(`n${i}`, 't', 1_000);
    expect(store.size).toBeLessThan(100);
  });
});

describe('MemoryReplayStore bounds', () => {
  it('evicts the oldest key beyond maxKeys', async () => {
    const { store } = clocked(2);
    for (const key of ['a', 'b', 'c']) await store.claim(key, 't', 60_000);
    expect(store.size).toBe(2);
    expect(await store.claim('a', 't', 60_000)).toBe('claimed');
    expect(await store.claim('c', 't', 60_000)).toBe('in-progress');
  });

  it('counts a commit without a lease against the bound too', async () => {
    const { store } = clocked(2);
    for (const key of ['a', 'b', 'c']) await store.commit(key, 't', 60_000);
    expect(store.size).toBe(2);
    expect(await store.claim('c', 't', 60_000)).toBe('replayed');
    expect(await store.claim('a', 't', 60_000)).toBe('claimed');
  });

  it('refuses a maxKeys that is not a whole number ≥ 1', () => {
    for (const maxKeys of [0, 1.5, -1, Number.NaN])
      expect(() => new MemoryReplayStore({ maxKeys }), String(maxKeys)).toThrow(
        '[hookguard] MemoryReplayStore: maxKeys must be a whole number ≥ 1.',
      );
  });

  it('never holds more than maxKeys under a million distinct keys', async () => {
    const store = new MemoryReplayStore({ maxKeys: 10_000 });
    let largest = 0;
    const claims = process.env.HOOKGUARD_MUTATION === '1' ? 100_000 : 1_000_000;
    for (let i = 0; i < claims; i++) {
      await store.claim(`delivery-${i}`, 't', 600_000);
      if (store.size > largest) largest = store.size;
    }
    expect(largest).toBe(10_000);
    // The newest keys are still held; the oldest were evicted.
    expect(await store.claim(`delivery-${claims - 1}`, 't', 600_000)).toBe('in-progress');
    expect(await store.claim('delivery-0', 't', 600_000)).toBe('claimed');
  });

  it('stays bounded when the same keys are claimed and released over and over', async () => {
    const store = new MemoryReplayStore({ maxKeys: 100 });
    for (let i = 0; i < 100_000; i++) {
      await store.claim(`k${i % 50}`, 't', 600_000);
      await store.release(`k${i % 50}`, 't');
    }
    expect(store.size).toBe(0);
    // The claim-order queue (stale entries included) never outgrows twice the bound.
    // biome-ignore lint/complexity/useLiteralKeys: queue and head are private; brackets are TypeScript's way in
    expect(store['queue'].length - store['head']).toBeLessThanOrEqual(200);
  });

  it('fills its queue to exactly twice maxKeys behind a long-lived key before evicting, and compacts it', async () => {
    const store = new MemoryReplayStore({ maxKeys: 10 });
    await store.claim('anchor', 't', 3_600_000);
    let largest = 0;
    for (let i = 0; i < 20_000; i++) {
      await store.claim(`k${i}`, 't', 600_000);
      await store.release(`k${i}`, 't');
      // biome-ignore lint/complexity/useLiteralKeys: queue and head are private; brackets are TypeScript's way in
      largest = Math.max(largest, store['queue'].length - store['head']);
    }
    expect(largest).toBe(20);
    // biome-ignore lint/complexity/useLiteralKeys: queue and head are private; brackets are TypeScript's way in
    expect(store['queue'].length).toBeLessThanOrEqual(20 + 2048);
  });
});
